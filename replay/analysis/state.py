"""The vehicle's state where a file holds only part of it: ECEF position and velocity derived
from geodetic latitude, longitude and altitude (GNSS loggers, balloon trackers, webcast data
once mapped), so the ground track, the impact point, station coverage and the impact zone work
for them too.

Position is the WGS84 conversion of :mod:`replay.physics.geodesy`. Velocity is the derivative
of latitude, longitude and height along time, each from a least-squares parabola through the
fixes within about half a second on either side (noisy 25 Hz positions give the speed to a few
m/s), then taken into ECEF through the exact Jacobian of that conversion
(north ``(M + h) dφ/dt``, east ``(N + h) cos φ dλ/dt``, up ``dh/dt``). Two habits of real logs
are met on the way:

* **stale values**: a 1 Hz GNSS fix logged in every row of a 100 Hz file, a webcast altitude in
  steps of 0.1 km. Only the first sample of a run of equal values is a fix (when the value
  arrived), so the line follows the steps rather than their flat treads; a value held far longer
  than values usually last (a rocket on its pad) ends with a fix too, so it reads as still.
  Between fixes the rate is interpolated.
* **gaps**: no line is drawn across a gap between fixes (judged against the local rhythm of the
  fixes, as dropouts are: :mod:`replay.analysis.signal`), nor where a fix is missing (NaN, a
  latitude beyond ±90°, or exactly 0°, 0°, which GNSS receivers write before their first fix).
  There the velocity is NaN.

>>> import numpy as np
>>> from replay.core.flight import Flight
>>> t = np.arange(0.0, 10.0, 0.5)
>>> f = Flight(t, {"lat_deg": 0 * t + 45.0, "lon_deg": 0 * t + 7.0, "alt_m": 100.0 + 3.0 * t},
...            {"lat_deg": "deg", "lon_deg": "deg", "alt_m": "m"})
>>> g = derive_state(f)
>>> g.meta.extra["derived_channels"]
'x_ecef_m,y_ecef_m,z_ecef_m,vx_ecef_m_s,vy_ecef_m_s,vz_ecef_m_s'
>>> v = np.stack([g.channels[n] for n in ("vx_ecef_m_s", "vy_ecef_m_s", "vz_ecef_m_s")], 1)
>>> np.round(np.linalg.norm(v, axis=1)[:3], 6).tolist()
[3.0, 3.0, 3.0]
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import numpy.typing as npt

from replay.analysis.rates import gap_candidates, local_periods_unchecked
from replay.analysis.signal import JITTER_PERIODS
from replay.core import channels as ch
from replay.core.flight import Flight
from replay.core.types import FloatArray
from replay.physics.constants import A_M, E2
from replay.physics.geodesy import ecef_from_geodetic_unchecked, geodetic_from_ecef_unchecked

#: ``FlightMeta.extra`` key listing, comma-separated, the channels :func:`derive_state` added.
DERIVED_KEY = "derived_channels"
#: The derivative at a fix is fitted over about this long on either side of it...
SLOPE_WINDOW_S = 0.5
#: ...taking at least 2 and at most this many fixes on a side.
SLOPE_MAX_FIXES = 16
#: A value held this many times longer than values usually last is the vehicle keeping still.
HELD_UPDATES = 3.0


def derive_state(flight: Flight) -> Flight:
    """``flight`` with the ECEF position and velocity it lacks, derived from what it has.

    Geodetic ``lat_deg``/``lon_deg``/``alt_m`` without ECEF position give both position and
    velocity; an ECEF position without velocity gives the velocity. The names of the added
    channels go, comma-separated, into ``meta.extra["derived_channels"]``. A flight with the
    whole state, or with no position (altitude alone), is returned as it is, the same object.
    Raises ``ValueError`` when ``flight`` is not a :class:`~replay.core.flight.Flight`.
    """
    if not isinstance(flight, Flight):
        raise ValueError(f"flight must be a Flight, got {type(flight).__name__}")
    cols = flight.channels
    has_r = all(n in cols for n in ch.POSITION_ECEF)
    has_v = all(n in cols for n in ch.VELOCITY_ECEF)
    has_geo = all(n in cols for n in ch.GEODETIC)
    if (has_r and has_v) or not (has_r or has_geo):
        return flight
    added: dict[str, FloatArray] = {}
    if has_r:
        x, y, z = (np.asarray(cols[n], dtype=np.float64) for n in ch.POSITION_ECEF)
        lat, lon, alt = geodetic_from_ecef_unchecked(x, y, z)
    else:
        lat, lon, alt = _clean_fixes(*(np.asarray(cols[n], dtype=np.float64) for n in ch.GEODETIC))
        r = ecef_from_geodetic_unchecked(lat, lon, alt)
        added.update(zip(ch.POSITION_ECEF, (r[:, 0], r[:, 1], r[:, 2]), strict=True))
    v = velocity_from_geodetic(flight.t_s, lat, lon, alt)
    added.update(zip(ch.VELOCITY_ECEF, (v[:, 0], v[:, 1], v[:, 2]), strict=True))
    units = {**flight.units, **dict.fromkeys(ch.POSITION_ECEF, "m")}
    units.update(dict.fromkeys(ch.VELOCITY_ECEF, "m/s"))
    extra = {**flight.meta.extra, DERIVED_KEY: ",".join(added)}
    meta = dataclasses.replace(flight.meta, extra=extra)
    return Flight(flight.t_s, {**cols, **added}, units, meta, flight.path)


def derived_channels(flight: Flight) -> tuple[str, ...]:
    """The channels :func:`derive_state` added to ``flight`` (none for a flight as read)."""
    names = flight.meta.extra.get(DERIVED_KEY, "")
    return tuple(n for n in names.split(",") if n)


def velocity_from_geodetic(
    t_s: npt.ArrayLike, lat_deg: npt.ArrayLike, lon_deg: npt.ArrayLike, alt_m: npt.ArrayLike
) -> FloatArray:
    """Earth-relative ECEF velocity (N, 3) in m/s of a geodetic path sampled at ``t_s``.

    NaN where a value is missing or a gap leaves a fix with no neighbour to draw a line to.
    Raises ``ValueError`` when the arrays differ in shape or ``t_s`` does not increase.
    """
    t = np.asarray(t_s, dtype=np.float64)
    cols = [np.asarray(a, dtype=np.float64) for a in (lat_deg, lon_deg, alt_m)]
    if t.ndim != 1 or any(c.shape != t.shape for c in cols):
        raise ValueError(
            f"t_s, lat_deg, lon_deg and alt_m must be 1-D of one length, got shapes "
            f"{[t.shape, *(c.shape for c in cols)]}"
        )
    if t.size > 1 and not (np.all(np.isfinite(t)) and np.all(np.diff(t) > 0)):
        raise ValueError("t_s must be finite and strictly increasing")
    return _velocity(t, *cols)


def _clean_fixes(
    lat: FloatArray, lon: FloatArray, alt: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """NaN where a sample holds no fix: not finite, a latitude off the globe, or 0°, 0°."""
    with np.errstate(invalid="ignore"):
        bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90.0))
        bad |= (lat == 0.0) & (lon == 0.0)
    lat, lon = np.where(bad, np.nan, lat), np.where(bad, np.nan, lon)
    return lat, lon, np.where(bad, np.nan, alt)


def _velocity(t: FloatArray, lat_deg: FloatArray, lon_deg: FloatArray, h: FloatArray) -> FloatArray:
    phi = np.radians(lat_deg)
    lam = np.full_like(phi, np.nan)
    ok = np.isfinite(lon_deg)
    lam[ok] = np.unwrap(np.radians(lon_deg[ok]))  # no jump at the antimeridian
    d_phi, d_lam, d_h = (_rate(t, c) for c in (phi, lam, h))
    s, c = np.sin(phi), np.cos(phi)
    w = np.sqrt(1.0 - E2 * s * s)
    north = (A_M * (1.0 - E2) / w**3 + h) * d_phi  # meridian radius of curvature M + h
    east = (A_M / w + h) * c * d_lam  # prime vertical radius N + h
    sl, cl = np.sin(lam), np.cos(lam)
    vx = -sl * east - s * cl * north + c * cl * d_h
    vy = cl * east - s * sl * north + c * sl * d_h
    vz = c * north + s * d_h
    return np.stack([vx, vy, vz], axis=1)


def _rate(t: FloatArray, x: FloatArray) -> FloatArray:
    """d x / d t at every sample: NaN where x is NaN or its stretch holds a single fix."""
    out = np.full(t.size, np.nan)
    ok = np.flatnonzero(np.isfinite(x))
    if ok.size < 2:
        return out
    tv, xv = t[ok], x[ok]
    stretch = _stretches(tv)
    fix = _fixes(tv, xv, stretch)
    tk, xk, sk = _bins(tv[fix], xv[fix], stretch[fix])
    slope = _local_slope(tk, xk, sk)
    out[ok] = _within_stretches(tv, stretch, tk, sk, slope)
    return out


def _bins(
    t: FloatArray, x: FloatArray, stretch: npt.NDArray[np.int64]
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.int64]]:
    """Fixes closer together than a window needs (a 1 kHz log) averaged in groups, time and
    value, never across stretches: the fit then costs the same at any rate."""
    n = t.size
    typical = float(np.median(np.diff(t))) if n > 1 else 1.0
    m = math.ceil(SLOPE_WINDOW_S / SLOPE_MAX_FIXES / max(typical, 1e-12))
    if m <= 1:
        return t, x, stretch
    starts = np.concatenate([[True], stretch[1:] != stretch[:-1]])
    first = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    idx = np.flatnonzero(starts | ((np.arange(n) - first) % m == 0))
    count = np.diff(np.concatenate([idx, [n]]))
    return np.add.reduceat(t, idx) / count, np.add.reduceat(x, idx) / count, stretch[idx]


def _within_stretches(
    t: FloatArray,
    stretch: npt.NDArray[np.int64],
    t_knot: FloatArray,
    s_knot: npt.NDArray[np.int64],
    value: FloatArray,
) -> FloatArray:
    """``value`` at the knots, interpolated to times ``t`` inside each stretch and held flat
    out to the stretch's first and last sample: never drawn across a gap."""
    starts = np.flatnonzero(np.concatenate([[True], stretch[1:] != stretch[:-1]]))
    ends = np.concatenate([starts[1:] - 1, [t.size - 1]])
    k_first = np.searchsorted(s_knot, stretch[starts], side="left")
    k_last = np.searchsorted(s_knot, stretch[starts], side="right") - 1
    lead = t[starts] < t_knot[k_first]
    tail = t[ends] > t_knot[k_last]
    xp = np.concatenate([t_knot, t[starts][lead], t[ends][tail]])
    fp = np.concatenate([value, value[k_first][lead], value[k_last][tail]])
    order = np.argsort(xp, kind="stable")
    with np.errstate(invalid="ignore"):
        return np.asarray(np.interp(t, xp[order], fp[order]), dtype=np.float64)


def _fixes(t: FloatArray, x: FloatArray, stretch: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
    """The samples that carry news: the first of every run of equal values (when the value
    arrived), the last of a run held much longer than usual (the vehicle still: its slope is
    zero, not a ramp to the next change) and the two ends of every stretch."""
    n = t.size
    starts = np.concatenate([[True], stretch[1:] != stretch[:-1]])
    ends = np.concatenate([starts[1:], [True]])
    first = np.flatnonzero(np.concatenate([[True], x[1:] != x[:-1]]) | starts)
    last = np.concatenate([first[1:] - 1, [n - 1]])
    held = t[last] - t[first]
    update = float(np.median(np.diff(t[first]))) if first.size > 1 else 0.0
    keep = ends.copy()
    keep[first] = True
    keep[last[held > HELD_UPDATES * update]] = True
    return np.flatnonzero(keep)


def _stretches(t: FloatArray) -> npt.NDArray[np.int64]:
    """A stretch number for each sample: it goes up at each gap (no line is drawn across)."""
    if t.size < 2:
        return np.zeros(t.size, dtype=np.int64)
    dt = np.diff(t)
    gap = np.zeros(dt.size, dtype=bool)
    cand = gap_candidates(dt, JITTER_PERIODS)  # few: judge them alone
    gap[cand] = dt[cand] > JITTER_PERIODS * local_periods_unchecked(dt, cand)
    return np.concatenate([[0], np.cumsum(gap)])


def _local_slope(t: FloatArray, x: FloatArray, stretch: npt.NDArray[np.int64]) -> FloatArray:
    """The derivative at each fix of a least-squares parabola through the fixes within about
    ``SLOPE_WINDOW_S`` on either side (2 to ``SLOPE_MAX_FIXES`` of them), in its own stretch.

    A parabola, not a line: at the ends of a stretch, where the window is one-sided, a line
    would report the speed of half a window ago (15 m/s late for a stage accelerating at 3 g);
    in the middle the two agree. Two fixes alone give the line through them.
    """
    n = t.size
    typical = float(np.median(np.diff(t))) if n > 1 else 1.0
    k = int(np.clip(round(SLOPE_WINDOW_S / max(typical, 1e-9)), 2, SLOPE_MAX_FIXES))
    # Moments of tau = t_j - t_i and y = x_j - x_i over the window: small numbers, no digits
    # lost to large times or coordinates.
    s = np.zeros((5, n))
    s[0] = 1.0  # the fix itself: tau = 0, y = 0
    m = np.zeros((3, n))
    for o in range(1, min(k, n - 1) + 1):
        same = (stretch[o:] == stretch[:-o]).astype(np.float64)
        tau = (t[o:] - t[:-o]) * same  # from each fix to the one o later
        y = (x[o:] - x[:-o]) * same
        for here, sign in ((slice(None, -o), 1.0), (slice(o, None), -1.0)):
            power = same.copy()  # seen from the later fix, tau and y change sign
            for p in range(5):
                s[p, here] += power
                if p < 3:
                    m[p, here] += power * y * sign
                power = power * tau * sign
    with np.errstate(invalid="ignore", divide="ignore"):
        line = (s[0] * m[1] - s[1] * m[0]) / (s[0] * s[2] - s[1] ** 2)
        det = s[0] * (s[2] * s[4] - s[3] ** 2) - s[1] * (s[1] * s[4] - s[3] * s[2])
        det += s[2] * (s[1] * s[3] - s[2] ** 2)
        b = s[0] * (m[1] * s[4] - s[3] * m[2]) - m[0] * (s[1] * s[4] - s[3] * s[2])
        b += s[2] * (s[1] * m[2] - m[1] * s[2])
        parabola = b / det
    return np.where(s[0] >= 4, parabola, np.where(s[0] >= 2, line, np.nan))
