"""Lift-free ballistic fall of tumbling bodies: where and when the pieces of a break-up land.

A tumbling body has no lift on average; its drag is set by its ballistic coefficient
beta = m / (C_D A) (kg/m^2): a = -1/2 rho |v_air| v_air / beta, with rho the US 1976 atmosphere
and the air turning with the Earth, plus an optional horizontal wind that depends on height
(``WindProfile``). Gravity is point mass + J2. Each body is integrated in the inertial frame
aligned with ECEF at the start time (``solve_ivp``, DOP853) until it reaches ``stop_alt_m``
(the ground, or the height of a later break-up) or, low down, has slowed to its terminal speed
v_t = sqrt(2 beta g / rho). From there it falls at the local terminal speed, drifting with the
wind; that last part is a quadrature, not an integration, because a light fragment takes half
an hour to come down from 25 km and the integrator would crawl through it.

>>> import numpy as np
>>> from replay.physics.geodesy import ecef_from_geodetic
>>> r = ecef_from_geodetic(0.0, 0.0, 10e3)[None]          # 10 km up, at rest with the Earth
>>> heavy = fall(0.0, r, np.zeros((1, 3)), np.array([1e9]))  # hardly any drag: sqrt(2 h / g)
>>> bool(abs(heavy.t_s[0] - np.sqrt(2 * 10e3 / 9.78)) < 0.2)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.physics._checks import finite_array, last_axis3
from replay.physics.atmosphere import H_MAX_M, atmosphere, atmosphere_scalar
from replay.physics.constants import A_M, B_M, G0_M_S2, OMEGA_EARTH_RAD_S
from replay.physics.geodesy import geodetic_from_ecef_unchecked
from replay.physics.gravity import gravity_j2_xyz

#: Below this height a body whose air speed is within TERMINAL_BAND of its terminal speed, on a
#: path steeper than TERMINAL_STEEP (sine of the flight-path angle), is taken to fall at
#: terminal speed: what is left of its horizontal air speed dies out within v_t / g.
TERMINAL_ALT_M = 25_000.0
TERMINAL_BAND = 0.25
TERMINAL_STEEP = 0.95
MAX_FALL_S = 4.0 * 3600.0
_RTOL = 1e-8
_ATOL = (1e-1, 1e-1, 1e-1, 1e-4, 1e-4, 1e-4)
_INV_A2 = 1.0 / (A_M * A_M)
_INV_B2 = 1.0 / (B_M * B_M)
_W = OMEGA_EARTH_RAD_S
_QUADRATURE_POINTS = 200


@dataclass(frozen=True, slots=True)
class WindProfile:
    """Horizontal wind against height (piecewise linear, constant beyond the ends), m/s."""

    alt_m: tuple[float, ...]
    east_m_s: tuple[float, ...]
    north_m_s: tuple[float, ...]

    def at(self, h_m: float) -> tuple[float, float]:
        """(east, north) wind at height ``h_m``."""
        return (
            float(np.interp(h_m, self.alt_m, self.east_m_s)),
            float(np.interp(h_m, self.alt_m, self.north_m_s)),
        )


@dataclass(frozen=True, slots=True)
class Fall:
    """Where each body ends: at the ground, or crossing ``stop_alt_m`` (then with its state).

    Arrays have one row per body. ``track_*`` hold each body's path (thinned to about one
    point per ``track_step_s``), ending at the stop.
    """

    t_s: FloatArray
    lat_deg: FloatArray
    lon_deg: FloatArray
    alt_m: FloatArray
    r_ecef_m: FloatArray  # (N, 3)
    v_ecef_m_s: FloatArray  # (N, 3), Earth-relative; zero horizontal air speed after terminal
    terminal: npt.NDArray[np.bool_]  # the body reached terminal speed before the stop
    track_t_s: tuple[FloatArray, ...]
    track_lat_deg: tuple[FloatArray, ...]
    track_lon_deg: tuple[FloatArray, ...]
    track_alt_m: tuple[FloatArray, ...]


def fall(
    t0_s: float,
    r_ecef_m: npt.ArrayLike,
    v_ecef_m_s: npt.ArrayLike,
    beta_kg_m2: npt.ArrayLike,
    *,
    stop_alt_m: float = 0.0,
    wind: WindProfile | None = None,
    track_step_s: float = 10.0,
) -> Fall:
    """Propagate N bodies from ECEF states (m, Earth-relative m/s) at ``t0_s`` down to
    ``stop_alt_m`` (default the WGS84 ellipsoid). Raises ValueError on bad input, and when a
    body is still up after MAX_FALL_S (it is in orbit)."""
    r = finite_array("r_ecef_m", r_ecef_m)
    v = finite_array("v_ecef_m_s", v_ecef_m_s)
    beta = finite_array("beta_kg_m2", beta_kg_m2)
    last_axis3("r_ecef_m", r)
    if r.ndim != 2 or v.shape != r.shape or beta.shape != (r.shape[0],):
        raise ValueError(
            f"need r_ecef_m and v_ecef_m_s of shape (N, 3) and beta_kg_m2 of shape (N,), got "
            f"{r.shape}, {v.shape} and {beta.shape}"
        )
    if np.any(beta <= 0.0):
        raise ValueError(f"beta_kg_m2 must be > 0, got {beta[beta <= 0.0][:5].tolist()}")
    if not (math.isfinite(t0_s) and 0.0 <= stop_alt_m < H_MAX_M and track_step_s > 0.0):
        raise ValueError(
            f"need a finite t0_s, 0 <= stop_alt_m < {H_MAX_M} and track_step_s > 0, got "
            f"{t0_s}, {stop_alt_m} and {track_step_s}"
        )
    bodies = [
        _fall_one(
            t0_s, r[i], v[i], float(beta[i]), stop_alt_m=stop_alt_m, wind=wind, step_s=track_step_s
        )
        for i in range(r.shape[0])
    ]
    return _stack(bodies)


@dataclass(frozen=True, slots=True)
class _Body:
    t_s: float
    r_ecef: FloatArray
    v_ecef: FloatArray
    terminal: bool
    track: FloatArray  # (K, 4): t, x, y, z in ECEF


def _fall_one(
    t0: float,
    r: FloatArray,
    v: FloatArray,
    beta: float,
    *,
    stop_alt_m: float,
    wind: WindProfile | None,
    step_s: float,
) -> _Body:
    x, y, z = (float(c) for c in r)
    y0 = np.array([x, y, z, float(v[0]) - _W * y, float(v[1]) + _W * x, float(v[2])])
    stop = _level(stop_alt_m)
    slow = _slowed(beta, wind)
    if stop_alt_m < TERMINAL_ALT_M and slow(0.0, y0) <= 0.0:  # low and slow already
        track = np.array([[t0, *r.tolist()]])
        return _settle(
            t0,
            np.asarray(r, dtype=np.float64),
            v,
            beta,
            stop_alt_m=stop_alt_m,
            wind=wind,
            track=track,
        )
    from scipy.integrate import solve_ivp  # lazily: the window lists scenarios without it

    sol = solve_ivp(
        _rhs(beta, wind),
        (0.0, MAX_FALL_S),
        y0,
        method="DOP853",
        rtol=_RTOL,
        atol=_ATOL,
        events=[stop, slow] if stop_alt_m < TERMINAL_ALT_M else [stop],
        dense_output=True,
    )
    if sol.status != 1:
        raise ValueError(
            f"a body of beta={beta} kg/m^2 from r_ecef_m={r.tolist()} is still up after "
            f"{MAX_FALL_S:.0f} s: it is in orbit ({sol.message})"
        )
    t_end = float(sol.t[-1])
    n = max(2, int(t_end / step_s) + 1)
    times = np.unique(np.append(np.linspace(0.0, t_end, n), t_end))
    states = np.asarray(sol.sol(times)).T
    track = np.column_stack([t0 + times, _to_ecef(states[:, :3], times)])
    end = states[-1]
    terminal = bool(sol.t_events[0].size == 0)  # stopped by the slow event, not the level
    r_end = track[-1, 1:4]
    v_end = _to_ecef(end[3:6][None], np.array([t_end]))[0] - _w_cross(r_end)
    if not terminal:
        return _Body(t0 + t_end, r_end, v_end, False, track)
    return _settle(t0 + t_end, r_end, v_end, beta, stop_alt_m=stop_alt_m, wind=wind, track=track)


def _settle(
    t1: float,
    r1: FloatArray,
    v1: FloatArray,
    beta: float,
    *,
    stop_alt_m: float,
    wind: WindProfile | None,
    track: FloatArray,
) -> _Body:
    """From terminal speed at r1: the fall time and wind drift down to ``stop_alt_m``."""
    lat, lon, h1 = (float(q[0]) for q in geodetic_from_ecef_unchecked(*(np.array([c]) for c in r1)))
    h = np.linspace(stop_alt_m, h1, _QUADRATURE_POINTS)
    rho = atmosphere(h).density_kg_m3
    v_t = np.sqrt(2.0 * beta * G0_M_S2 / rho)
    dt_dh = 1.0 / v_t
    fall_s = float(np.trapezoid(dt_dh, h))
    east, north = _basis(lat, lon)
    v_h = v1 - np.dot(v1, _up(lat, lon)) * _up(lat, lon)
    tau = float(v_t[-1] / G0_M_S2)  # the leftover horizontal air speed dies out in ~v_t / g
    drift = v_h * tau
    if wind is not None:
        we = np.interp(h, wind.alt_m, wind.east_m_s)
        wn = np.interp(h, wind.alt_m, wind.north_m_s)
        drift = drift + float(np.trapezoid(we * dt_dh, h)) * east
        drift = drift + float(np.trapezoid(wn * dt_dh, h)) * north
    up = _up(lat, lon)
    r_end = r1 + drift - (h1 - stop_alt_m) * up
    # Back onto the stop height along the normal (the drift is along the tangent plane).
    lat2, lon2, h2 = (
        float(q[0]) for q in geodetic_from_ecef_unchecked(*(np.array([c]) for c in r_end))
    )
    r_end = r_end + (stop_alt_m - h2) * _up(lat2, lon2)
    cum = np.concatenate([[0.0], np.cumsum(0.5 * (dt_dh[1:] + dt_dh[:-1]) * np.diff(h))])
    t_rows = t1 + fall_s - cum[::-1][:: max(1, _QUADRATURE_POINTS // 20)]
    frac = (t_rows - t1) / max(fall_s, 1e-9)
    descent = r1[None] + frac[:, None] * (r_end - r1)[None]
    track = np.vstack([track, np.column_stack([t_rows, descent])[1:]])
    v_end = -float(v_t[0]) * _up(lat2, lon2)
    return _Body(t1 + fall_s, r_end, v_end, True, track)


def _stack(bodies: list[_Body]) -> Fall:
    r_end = np.array([b.r_ecef for b in bodies]).reshape(-1, 3)
    lat, lon, alt = geodetic_from_ecef_unchecked(r_end[:, 0], r_end[:, 1], r_end[:, 2])
    tracks = [
        geodetic_from_ecef_unchecked(b.track[:, 1], b.track[:, 2], b.track[:, 3]) for b in bodies
    ]
    return Fall(
        t_s=np.array([b.t_s for b in bodies]),
        lat_deg=lat,
        lon_deg=lon,
        alt_m=alt,
        r_ecef_m=r_end,
        v_ecef_m_s=np.array([b.v_ecef for b in bodies]).reshape(-1, 3),
        terminal=np.array([b.terminal for b in bodies], dtype=bool),
        track_t_s=tuple(b.track[:, 0] for b in bodies),
        track_lat_deg=tuple(t[0] for t in tracks),
        track_lon_deg=tuple(t[1] for t in tracks),
        track_alt_m=tuple(t[2] for t in tracks),
    )


def _height_m(x: float, y: float, z: float) -> float:
    """Height above the ellipsoid along the radius (within ~1 m of geodetic below 1000 km)."""
    r2 = x * x + y * y + z * z
    s2 = z * z / r2
    return math.sqrt(r2) - 1.0 / math.sqrt(_INV_A2 + s2 * (_INV_B2 - _INV_A2))


def _air_velocity(
    state: tuple[float, float, float, float, float, float], h: float, wind: WindProfile | None
) -> tuple[float, float, float]:
    x, y, z, vx, vy, vz = state
    ux, uy, uz = vx + _W * y, vy - _W * x, vz  # v - w x r: the air turns with the Earth
    if wind is not None:
        we, wn = wind.at(h)
        rho_xy = math.hypot(x, y)
        ex, ey = -y / rho_xy, x / rho_xy  # east, in the frame of the moment
        rn = math.sqrt(x * x + y * y + z * z)
        nx, ny, nz = -z / rn * ey, z / rn * ex, (x * ey - y * ex) / rn  # north = up x east
        ux, uy, uz = ux - we * ex - wn * nx, uy - we * ey - wn * ny, uz - wn * nz
    return ux, uy, uz


def _rhs(beta: float, wind: WindProfile | None) -> Callable[[float, FloatArray], list[float]]:
    k_drag = 0.5 / beta

    def rhs(_t: float, s: FloatArray) -> list[float]:
        x, y, z, vx, vy, vz = s.tolist()
        ax, ay, az = gravity_j2_xyz(x, y, z)
        h = _height_m(x, y, z)
        if h < H_MAX_M:
            rho = atmosphere_scalar(max(h, -4999.0))[2]
            ux, uy, uz = _air_velocity((x, y, z, vx, vy, vz), h, wind)
            d = -k_drag * rho * math.sqrt(ux * ux + uy * uy + uz * uz)
            ax, ay, az = ax + d * ux, ay + d * uy, az + d * uz
        return [vx, vy, vz, ax, ay, az]

    return rhs


def _level(alt_m: float) -> Callable[[float, FloatArray], float]:
    def event(_t: float, s: FloatArray) -> float:
        return _height_m(float(s[0]), float(s[1]), float(s[2])) - alt_m

    event.terminal = True  # type: ignore[attr-defined]
    event.direction = -1.0  # type: ignore[attr-defined]
    return event


def _slowed(beta: float, wind: WindProfile | None) -> Callable[[float, FloatArray], float]:
    """Negative once the body is low, falling steeply and near its terminal speed."""

    def event(_t: float, s: FloatArray) -> float:
        x, y, z, vx, vy, vz = (float(c) for c in s)
        h = _height_m(x, y, z)
        if h > TERMINAL_ALT_M:
            return h - TERMINAL_ALT_M
        rho = atmosphere_scalar(max(h, -4999.0))[2]
        ux, uy, uz = _air_velocity((x, y, z, vx, vy, vz), h, wind)
        speed = math.sqrt(ux * ux + uy * uy + uz * uz)
        v_t = math.sqrt(2 * beta * G0_M_S2 / rho)
        rn = math.sqrt(x * x + y * y + z * z)
        sink = -(ux * x + uy * y + uz * z) / (rn * max(speed, 1e-9))  # sine of the path angle
        return max(
            h - TERMINAL_ALT_M, abs(speed - v_t) - TERMINAL_BAND * v_t, TERMINAL_STEEP - sink
        )

    event.terminal = True  # type: ignore[attr-defined]
    event.direction = -1.0  # type: ignore[attr-defined]
    return event


def _to_ecef(r_inertial: FloatArray, t: FloatArray) -> FloatArray:
    """Rotate positions from the inertial frame aligned with ECEF at t = 0 into ECEF at t."""
    c, s = np.cos(_W * t), np.sin(_W * t)
    x, y = r_inertial[:, 0], r_inertial[:, 1]
    return np.column_stack([c * x + s * y, -s * x + c * y, r_inertial[:, 2]])


def _w_cross(r: FloatArray) -> FloatArray:
    return np.array([-_W * r[1], _W * r[0], 0.0])


def _up(lat_deg: float, lon_deg: float) -> FloatArray:
    la, lo = math.radians(lat_deg), math.radians(lon_deg)
    return np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])


def _basis(lat_deg: float, lon_deg: float) -> tuple[FloatArray, FloatArray]:
    la, lo = math.radians(lat_deg), math.radians(lon_deg)
    east = np.array([-math.sin(lo), math.cos(lo), 0.0])
    north = np.array([-math.sin(la) * math.cos(lo), -math.sin(la) * math.sin(lo), math.cos(la)])
    return east, north
