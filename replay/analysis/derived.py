"""Channels computed once from a flight: downrange distance, Mach number, specific mechanical
energy, flight-path angle and the time since the last frame (numpy, Qt-free).

Each is made only from what the flight holds, and only when the flight does not carry it
already (a native file records ``mach`` and ``fpa_deg``): a foreign file with latitude,
longitude and altitude alone gets the downrange and the time since the last frame, nothing made
up. :func:`with_derived` returns the flight with them as extra columns (the file's own columns
are shared, not copied); :func:`replay.core.display.display_of` gives their readable names.

>>> t = np.array([0.0, 1.0, 3.0])
>>> f = Flight(t, {"lat_deg": np.array([0.0, 1.0, 2.0]), "lon_deg": np.zeros(3)},
...            {"lat_deg": "deg", "lon_deg": "deg"})
>>> d = with_derived(f)
>>> sorted(set(d.channels) - set(f.channels))
['downrange_km', 'since_last_frame_s']
>>> d.channel("since_last_frame_s").tolist()
[nan, 1.0, 2.0]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from replay.analysis.impact import MEAN_EARTH_RADIUS_KM
from replay.core import channels as ch
from replay.core.flight import Flight, LaunchSite
from replay.core.types import FloatArray
from replay.physics.atmosphere import H_MAX_M, H_MIN_M, atmosphere
from replay.physics.constants import GM_M3_S2, OMEGA_EARTH_RAD_S
from replay.physics.geodesy import geodetic_from_ecef_unchecked

DOWNRANGE = "downrange_km"
MACH = "mach"
ENERGY = "specific_energy_j_kg"
FPA = "fpa_deg"
FRAME_AGE = "since_last_frame_s"

#: Three columns: x, y, z of a position or a velocity.
Columns = tuple[FloatArray, FloatArray, FloatArray]
UNITS = {DOWNRANGE: "km", MACH: "1", ENERGY: "J/kg", FPA: "deg", FRAME_AGE: "s"}

#: The downrange is summed over steps this long (or the samples, if sparser): at 25 Hz a few
#: metres of position noise per sample would otherwise add up to kilometres on the pad.
DOWNRANGE_STEP_S = 1.0
#: Below this speed (m/s) the flight-path angle is undefined (NaN): on the pad, noise only.
FPA_MIN_SPEED_M_S = 1.0
#: Mach, energy and flight-path angle are computed this many rows at a time.
CHUNK_ROWS = 1 << 20


def with_derived(flight: Flight) -> Flight:
    """``flight`` with every derived channel it can have and does not carry yet."""
    new = derived_channels(flight)
    if not new:
        return flight
    return replace(
        flight,
        channels={**flight.channels, **new},
        units={**flight.units, **{n: UNITS[n] for n in new}},
    )


def derived_channels(flight: Flight) -> dict[str, FloatArray]:
    """The derived channels ``flight`` lacks and has what it takes to compute."""
    cols, n = flight.channels, flight.n_samples
    out: dict[str, FloatArray] = {}
    lat_lon = _geodetic(flight)
    if lat_lon is not None and DOWNRANGE not in cols:
        out[DOWNRANGE] = downrange_m(flight.t_s, lat_lon[0], lat_lon[1], flight.meta.site) / 1e3
    state = _ecef_state(flight)
    v_rel, climb = _column(flight, "v_relative_m_s"), _column(flight, "v_vertical_m_s")
    alt = _column(flight, "alt_m") if lat_lon is None else lat_lon[2]

    def speed(rows: slice) -> FloatArray:  # relative to the Earth: the file's, or |v_ecef|
        if v_rel is not None:
            return v_rel[rows]
        assert state is not None
        vx, vy, vz = (c[rows] for c in state[1])
        return np.sqrt(vx * vx + vy * vy + vz * vz)

    has_speed = v_rel is not None or state is not None
    if MACH not in cols and has_speed and alt is not None:
        out[MACH] = _by_rows(n, lambda rows: mach(speed(rows), alt[rows]))
    if state is not None:
        r, v = state
        if ENERGY not in cols:
            out[ENERGY] = _by_rows(n, lambda rows: _energy(_cut(r, rows), _cut(v, rows)))
        if FPA not in cols:
            out[FPA] = _by_rows(n, lambda rows: _fpa_ecef(_cut(r, rows), _cut(v, rows)))
    elif FPA not in cols and climb is not None and v_rel is not None:
        out[FPA] = _by_rows(n, lambda rows: _fpa_climb(climb[rows], v_rel[rows]))
    if FRAME_AGE not in cols:
        out[FRAME_AGE] = since_last_frame_s(flight.t_s)
    return out


def downrange_m(
    t_s: npt.ArrayLike,
    lat_deg: npt.ArrayLike,
    lon_deg: npt.ArrayLike,
    site: LaunchSite | None = None,
    step_s: float = DOWNRANGE_STEP_S,
) -> FloatArray:
    """Distance (m) along the ground track from the launch site (or the first position):
    great-circle steps on the mean Earth sphere, summed every ``step_s`` seconds and linear in
    between. NaN where the position is missing.

    >>> km = downrange_m([0.0, 1.0, 2.0], [0.0, 0.5, 1.0], [0.0, 0.0, 0.0]) / 1e3
    >>> [round(float(d), 3) for d in km]
    [0.0, 55.598, 111.195]
    """
    t = np.asarray(t_s, dtype=np.float64)
    lat = np.asarray(lat_deg, dtype=np.float64)
    lon = np.asarray(lon_deg, dtype=np.float64)
    if not t.shape == lat.shape == lon.shape or t.ndim != 1:
        raise ValueError(
            f"downrange_m: t_s, lat_deg and lon_deg must be 1-D of one length, got "
            f"{t.shape}, {lat.shape}, {lon.shape}"
        )
    if not np.isfinite(step_s) or step_s <= 0.0:
        raise ValueError(f"downrange_m: step_s must be a positive number, got {step_s!r}")
    out = np.full(t.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if ok.size == 0:
        return out
    tk, la, lo = t[ok], lat[ok], lon[ok]
    # One knot per step: the first sample of each step_s bin, and the last sample.
    bins = np.floor((tk - tk[0]) / step_s)
    knots = np.flatnonzero(np.concatenate(([True], np.diff(bins) > 0)))
    if knots[-1] != tk.size - 1:
        knots = np.append(knots, tk.size - 1)
    lat0, lon0 = (site.lat_deg, site.lon_deg) if site is not None else (la[0], lo[0])
    start = _great_circle_m(lat0, lon0, la[knots[0]], lo[knots[0]])
    steps = _great_circle_m(la[knots[:-1]], lo[knots[:-1]], la[knots[1:]], lo[knots[1:]])
    along = np.concatenate(([0.0], np.cumsum(steps))) + start
    out[ok] = np.interp(tk, tk[knots], along)
    return out


def mach(speed_m_s: npt.ArrayLike, alt_m: npt.ArrayLike) -> FloatArray:
    """Speed relative to the air (still air turning with the Earth) over the US-1976 speed of
    sound at the geometric altitude; NaN where either is missing or the altitude is outside the
    model (-5 km to 1,000 km).

    >>> float(mach(295.07, 20_000.0).round(4))  # Table I: 295.07 m/s at 20 km
    1.0
    """
    v = np.asarray(speed_m_s, dtype=np.float64)
    h = np.asarray(alt_m, dtype=np.float64)
    v, h = np.broadcast_arrays(v, h)
    out = np.full(v.shape, np.nan)
    ok = np.isfinite(v) & np.isfinite(h) & (h >= H_MIN_M) & (h <= H_MAX_M)
    out[ok] = v[ok] / atmosphere(h[ok]).speed_of_sound_m_s
    return out


def specific_energy_j_kg(r_ecef_m: npt.ArrayLike, v_ecef_m_s: npt.ArrayLike) -> FloatArray:
    """Two-body specific mechanical energy v²/2 - μ/r (J/kg) from ECEF states (n, 3): the
    velocity is made inertial by adding the Earth's turn, ω × r. NaN in, NaN out.

    >>> r = 7_000_000.0
    >>> v = float(np.sqrt(GM_M3_S2 / r)) - OMEGA_EARTH_RAD_S * r  # circular, prograde, equator
    >>> e = specific_energy_j_kg([[r, 0.0, 0.0]], [[0.0, v, 0.0]])
    >>> bool(np.isclose(e[0], -GM_M3_S2 / (2 * r)))
    True
    """
    r, v = _states("specific_energy_j_kg", r_ecef_m, v_ecef_m_s)
    return _energy(r.T, v.T)


def flight_path_angle_deg(r_ecef_m: npt.ArrayLike, v_ecef_m_s: npt.ArrayLike) -> FloatArray:
    """Angle (deg) of the velocity relative to the Earth above the local horizontal (the plane
    normal to the geocentric radius), NaN below :data:`FPA_MIN_SPEED_M_S`.

    >>> flight_path_angle_deg([[7e6, 0.0, 0.0]], [[100.0, 100.0, 0.0]]).round(6).tolist()
    [45.0]
    """
    r, v = _states("flight_path_angle_deg", r_ecef_m, v_ecef_m_s)
    return _fpa_ecef(r.T, v.T)


def since_last_frame_s(t_s: npt.ArrayLike) -> FloatArray:
    """At each frame, how long the ground had waited since the frame before: the sample period
    while frames flow, the whole dropout at the first frame after one; NaN at the first frame.

    >>> since_last_frame_s([0.0, 0.04, 0.08, 2.5]).round(2).tolist()
    [nan, 0.04, 0.04, 2.42]
    """
    t = np.asarray(t_s, dtype=np.float64)
    if t.ndim != 1:
        raise ValueError(f"since_last_frame_s: t_s must be 1-D, got shape {t.shape}")
    return np.concatenate((np.full(min(t.size, 1), np.nan), np.diff(t)))


def _states(what: str, r_m: npt.ArrayLike, v_m_s: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    r = np.asarray(r_m, dtype=np.float64)
    v = np.asarray(v_m_s, dtype=np.float64)
    if r.shape != v.shape or r.ndim != 2 or r.shape[1] != 3:
        raise ValueError(
            f"{what}: positions and velocities must be (n, 3), got {r.shape} and {v.shape}"
        )
    return r, v


def _energy(r: Columns | FloatArray, v: Columns | FloatArray) -> FloatArray:
    # Column by column: a million-row flight's columns are used as they are, never stacked.
    (x, y, z), (vx, vy, vz) = r, v
    vix, viy = vx - OMEGA_EARTH_RAD_S * y, vy + OMEGA_EARTH_RAD_S * x
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(
            0.5 * (vix * vix + viy * viy + vz * vz) - GM_M3_S2 / np.sqrt(x * x + y * y + z * z)
        )


def _fpa_ecef(r: Columns | FloatArray, v: Columns | FloatArray) -> FloatArray:
    (x, y, z), (vx, vy, vz) = r, v
    speed = np.sqrt(vx * vx + vy * vy + vz * vz)
    with np.errstate(divide="ignore", invalid="ignore"):
        sin = (x * vx + y * vy + z * vz) / (np.sqrt(x * x + y * y + z * z) * speed)
        fpa = np.degrees(np.arcsin(np.clip(sin, -1.0, 1.0)))
    return np.where(speed >= FPA_MIN_SPEED_M_S, fpa, np.nan)


def _great_circle_m(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> FloatArray:
    # Haversine: accurate for the short steps of a track, where the law of cosines is not.
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2e3 * MEAN_EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def _column(flight: Flight, name: str) -> FloatArray | None:
    values = flight.channels.get(name)
    return None if values is None else np.asarray(values, dtype=np.float64)


def _geodetic(flight: Flight) -> tuple[FloatArray, FloatArray, FloatArray | None] | None:
    """Latitude, longitude and (if there is one) altitude, from the file or its ECEF state."""
    cols = flight.channels
    if "lat_deg" in cols and "lon_deg" in cols:
        lat, lon = (np.asarray(cols[n], dtype=np.float64) for n in ("lat_deg", "lon_deg"))
        return lat, lon, _column(flight, "alt_m")
    if all(n in cols for n in ch.POSITION_ECEF):
        return geodetic_from_ecef_unchecked(*(cols[n] for n in ch.POSITION_ECEF))
    return None


def _ecef_state(flight: Flight) -> tuple[Columns, Columns] | None:
    cols = flight.channels
    if not all(n in cols for n in (*ch.POSITION_ECEF, *ch.VELOCITY_ECEF)):
        return None
    x, y, z, vx, vy, vz = (
        np.asarray(cols[n], dtype=np.float64) for n in (*ch.POSITION_ECEF, *ch.VELOCITY_ECEF)
    )
    return (x, y, z), (vx, vy, vz)


def _fpa_climb(climb_m_s: FloatArray, speed_m_s: FloatArray) -> FloatArray:
    """From the file's vertical speed over its speed relative to the Earth (NaN where they
    disagree: a climb faster than the speed)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        sin = climb_m_s / speed_m_s
    ok = (speed_m_s >= FPA_MIN_SPEED_M_S) & (np.abs(sin) <= 1.0)
    return np.where(ok, np.degrees(np.arcsin(np.where(ok, sin, 0.0))), np.nan)


def _cut(cols: Columns, rows: slice) -> Columns:
    return cols[0][rows], cols[1][rows], cols[2][rows]


def _by_rows(n: int, compute: Callable[[slice], FloatArray]) -> FloatArray:
    """``compute`` over blocks of :data:`CHUNK_ROWS` rows: a long flight's temporaries stay
    those of one block (about 110 MB), whatever its length."""
    out = np.empty(n)
    for start in range(0, n, CHUNK_ROWS):
        rows = slice(start, min(start + CHUNK_ROWS, n))
        out[rows] = compute(rows)
    return out
