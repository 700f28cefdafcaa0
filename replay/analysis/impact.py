"""Drag-aware impact zone from the last good state: ballistic bodies of several β to the ground.

Each body starts from one Earth-relative ECEF state and is propagated with ``solve_ivp`` in the
inertial frame aligned with ECEF at the start, under point-mass + J2 gravity and drag
a = −½ ρ |v_air| v_air / β, where ρ is the simulator's US 1976 atmosphere and the air turns with
the Earth (v_air = v − ω×r, no winds). A terminal event stops it on the WGS84 ellipsoid (h = 0,
falling); the point is turned back into ECEF at that time.

What fell is unknown from the telemetry, so the zone spans the ballistic coefficients a break-up
produces (the simulator's break-up physics, docs/debris-field.md): light debris, the fragments
of an exploding stage in NASA's standard breakup model, has β ≈ 1-25 kg/m² and falls shortest;
empty stages and large pieces β ≈ 100; heavy pieces, a whole spacecraft or a stage with its
propellant, β ≈ 300-1,000, fall longest; nothing falls beyond the drag-free point. The nominal
point is a whole spacecraft, β = 300 kg/m².
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.physics.atmosphere import H_MAX_M, atmosphere_scalar
from replay.physics.constants import A_M, B_M, GM_M3_S2, OMEGA_EARTH_RAD_S
from replay.physics.geodesy import geodetic_from_ecef
from replay.physics.gravity import gravity_j2_xyz

DEFAULT_BETAS_KG_M2 = (5.0, 20.0, 100.0, 300.0, 1000.0)
NOMINAL_BETA_KG_M2 = 300.0  # a whole spacecraft (Progress: 7.3 t over 1.3 x 18.3 m^2)
#: How a β reads (upper bounds, kg/m²), from the break-up physics: what such a body is.
DEBRIS_KINDS = (
    (30.0, "light debris"),
    (200.0, "fragments, empty stages"),
    (math.inf, "heavy pieces"),
)
MIN_HEIGHT_M = -1000.0  # a start further below the ellipsoid is taken as a bad state
MAX_FALL_S = 3.0 * 3600.0  # ~2 orbits: a body still up by then is in orbit
MEAN_EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius, for great-circle distances
# Integrator tolerances: the impact point moves < 1 m between these and rtol = 1e-12.
_RTOL = 1e-8
_ATOL = (1e-2, 1e-2, 1e-2, 1e-5, 1e-5, 1e-5)
_INV_A2 = 1.0 / (A_M * A_M)
_INV_B2 = 1.0 / (B_M * B_M)


class NoImpactError(ValueError):
    """The state does not come down within ``MAX_FALL_S`` (it is in orbit or escaping)."""


@dataclass(frozen=True)
class ImpactPoint:
    """Where and when (absolute replay time, s) one body of ballistic coefficient β lands."""

    beta_kg_m2: float | None  # None: vacuum, no drag
    lat_deg: float
    lon_deg: float
    t_s: float

    @property
    def kind(self) -> str:
        """What falls with this β: "light debris", "fragments, empty stages", "heavy pieces"."""
        return debris_kind(self.beta_kg_m2)


def debris_kind(beta_kg_m2: float | None) -> str:
    """The kind of piece a ballistic coefficient stands for; None (no drag) is the far limit."""
    if beta_kg_m2 is None:
        return "far limit (no drag)"
    return next(kind for top, kind in DEBRIS_KINDS if beta_kg_m2 < top)


@dataclass(frozen=True)
class ImpactZone:
    """Impact points ordered from the shortest to the longest range, and the nominal β's point."""

    points: tuple[ImpactPoint, ...]
    nominal: ImpactPoint
    along_track_km: float  # great-circle distance between the first and the last point
    t0_s: float  # the time of the state the bodies fell from


def impact_zone(
    t0_s: float,
    r_ecef_m: npt.ArrayLike,
    v_ecef_m_s: npt.ArrayLike,
    betas_kg_m2: Iterable[float] = DEFAULT_BETAS_KG_M2,
    nominal_beta_kg_m2: float = NOMINAL_BETA_KG_M2,
    *,
    j2: bool = True,
) -> ImpactZone:
    """Return the impact zone of bodies falling from one ECEF state (m, Earth-relative m/s).

    One body per β (kg/m²) plus a drag-free one; the nominal β is added when not listed.
    ``j2=False`` leaves out the J2 term of gravity (point-mass Earth), so the drag-free body
    follows the same conic as the vacuum IIP (:func:`replay.analysis.iip.vacuum_iip`).
    Raises ValueError on bad input and NoImpactError (a ValueError) if a body stays up.
    """
    t0 = _number("t0_s", t0_s)
    r = _vector("r_ecef_m", r_ecef_m)
    v = _vector("v_ecef_m_s", v_ecef_m_s)
    if float(np.linalg.norm(r)) < 0.5 * A_M:
        raise ValueError(f"r_ecef_m must lie outside half the Earth's radius, got {r.tolist()}")
    h_m = float(geodetic_from_ecef(*r)[2])
    if h_m < MIN_HEIGHT_M:
        raise ValueError(f"r_ecef_m is {-h_m:.0f} m below the ellipsoid (limit {-MIN_HEIGHT_M} m)")
    try:
        listed = tuple(betas_kg_m2)
    except TypeError as exc:
        raise ValueError(f"betas_kg_m2 must be a sequence of numbers, got {betas_kg_m2!r}") from exc
    betas = tuple(_beta("betas_kg_m2", b) for b in listed)
    nominal = _beta("nominal_beta_kg_m2", nominal_beta_kg_m2)
    return _impact_zone(t0, r, v, betas, nominal, j2=bool(j2))


def _vector(name: str, value: npt.ArrayLike) -> FloatArray:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {value!r:.80}") from exc
    if arr.shape != (3,):
        raise ValueError(f"{name} must have shape (3,), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {arr.tolist()}")
    return arr


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def _beta(name: str, value: object) -> float:
    beta = _number(name, value)
    if beta <= 0.0:
        raise ValueError(f"{name} must be > 0 kg/m^2, got {beta!r}")
    return beta


def _impact_zone(
    t0_s: float,
    r: FloatArray,
    v: FloatArray,
    betas: tuple[float, ...],
    nominal_beta: float,
    *,
    j2: bool,
) -> ImpactZone:
    """Core on validated input: propagate the vacuum body and each distinct β, then order."""
    points = [_fall(t0_s, r, v, b, j2=j2) for b in (None, *sorted({*betas, nominal_beta}))]
    lat0, lon0, _ = geodetic_from_ecef(*r)
    ranges = [_great_circle_km(float(lat0), float(lon0), p.lat_deg, p.lon_deg) for p in points]
    ordered = tuple(p for _, p in sorted(zip(ranges, points, strict=True), key=lambda q: q[0]))
    nominal = next(p for p in ordered if p.beta_kg_m2 == nominal_beta)
    first, last = ordered[0], ordered[-1]
    along = _great_circle_km(first.lat_deg, first.lon_deg, last.lat_deg, last.lon_deg)
    return ImpactZone(ordered, nominal, along, t0_s)


def _fall(
    t0_s: float, r: FloatArray, v: FloatArray, beta: float | None, *, j2: bool
) -> ImpactPoint:
    """Propagate one body from the ECEF state (r, v) to h = 0 and return where it lands."""
    from scipy.integrate import solve_ivp  # 0.4 s to import: not before it is needed

    w = OMEGA_EARTH_RAD_S
    x, y, z = (float(c) for c in r)
    # Inertial frame aligned with ECEF at t0: the same position, velocity + w x r.
    y0 = [x, y, z, float(v[0]) - w * y, float(v[1]) + w * x, float(v[2])]
    h0 = _height_m(x, y, z)
    climbing = x * y0[3] + y * y0[4] + z * y0[5] > 0.0
    t_fall, (xi, yi, zi) = 0.0, (x, y, z)  # on or below the ground: lands where it is
    if h0 > 0.0 or climbing:
        # From below the ellipsoid, sinking 1 m under the start means it never got out.
        events = [_ground] if h0 > 0.0 else [_ground, _level_event(h0 - 1.0)]
        sol = solve_ivp(
            _rhs(beta, j2=j2),
            (0.0, MAX_FALL_S),
            y0,
            method="DOP853",
            rtol=_RTOL,
            atol=_ATOL,
            events=events,
        )
        if sol.t_events[0].size:
            t_fall = float(sol.t_events[0][0])
            xi, yi, zi = (float(c) for c in sol.y_events[0][0][:3])
        elif sol.status != 1:  # neither event: still up at MAX_FALL_S, or a solver failure
            raise NoImpactError(
                f"a body of beta={beta} kg/m^2 from r_ecef_m={r.tolist()}, v_ecef_m_s="
                f"{v.tolist()} does not come down within {MAX_FALL_S:.0f} s ({sol.message})"
            )
    c, s = math.cos(w * t_fall), math.sin(w * t_fall)  # ECEF at impact: rotate by -w t about z
    lat, lon, _ = geodetic_from_ecef(c * xi + s * yi, -s * xi + c * yi, zi)
    return ImpactPoint(beta, float(lat), float(lon), t0_s + t_fall)


def _height_m(x: float, y: float, z: float) -> float:
    """Height above the ellipsoid along the radius: exact at 0, ~1 m off geodetic at 1000 km."""
    r2 = x * x + y * y + z * z
    s2 = z * z / r2
    return math.sqrt(r2) - 1.0 / math.sqrt(_INV_A2 + s2 * (_INV_B2 - _INV_A2))


def _level_event(level_m: float) -> Callable[[float, FloatArray], float]:
    """A terminal solve_ivp event: the body sinks through height ``level_m``."""

    def event(_t: float, y: FloatArray) -> float:
        return _height_m(float(y[0]), float(y[1]), float(y[2])) - level_m

    event.terminal = True  # type: ignore[attr-defined]
    event.direction = -1.0  # type: ignore[attr-defined]
    return event


_ground = _level_event(0.0)


def _rhs(beta: float | None, *, j2: bool) -> Callable[[float, FloatArray], list[float]]:
    """Return the inertial-frame equations of motion with plain-float arithmetic (fast)."""
    w, mu = OMEGA_EARTH_RAD_S, GM_M3_S2
    k_drag = 0.0 if beta is None else 0.5 / beta

    def rhs(_t: float, state: FloatArray) -> list[float]:
        x, y, z, vx, vy, vz = state.tolist()
        if j2:
            ax, ay, az = gravity_j2_xyz(x, y, z)
        else:
            r2 = x * x + y * y + z * z
            k = -mu / (r2 * math.sqrt(r2))
            ax, ay, az = k * x, k * y, k * z
        if k_drag:
            h = _height_m(x, y, z)
            if h < H_MAX_M:
                rho = atmosphere_scalar(max(h, MIN_HEIGHT_M))[2]
                ux, uy = vx + w * y, vy - w * x  # air-relative velocity v - w x r
                d = -k_drag * rho * math.sqrt(ux * ux + uy * uy + vz * vz)
                ax, ay, az = ax + d * ux, ay + d * uy, az + d * vz
        return [vx, vy, vz, ax, ay, az]

    return rhs


def _great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on the mean-radius sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2.0) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2.0) ** 2
    return 2.0 * MEAN_EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
