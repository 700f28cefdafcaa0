"""Was the vehicle in orbit? Only its speed can say: the perigee of its osculating orbit.

"No impact found" is not "in orbit": a balloon at 1.5 km or an amateur rocket at apogee has no
orbit at all, and a file without velocity has nothing to fall from. A state is *in orbit* when
the perigee of its two-body orbit (Earth-relative ECEF velocity taken into the inertial frame,
v + ω×r) lies at least ``ORBIT_MIN_PERIGEE_M`` above the WGS84 ellipsoid, out of the
atmosphere's reach for a while; that needs at least the energy of a circular orbit at that
height. A state with the energy to leave (energy ≥ 0), rising or with its perigee that high,
is *escaping*.

>>> from replay.physics.geodesy import ecef_from_geodetic
>>> r = ecef_from_geodetic(0.0, 0.0, 1500.0)
>>> orbit_check(r, [0.0, 5.0, 0.0]).in_orbit
False
>>> leo = orbit_check(ecef_from_geodetic(0.0, 0.0, 400e3), [0.0, 0.0, 7670.0])
>>> leo.in_orbit, round(leo.perigee_height_m / 1e3)
(True, 400)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from replay.physics.constants import OMEGA_EARTH_RAD_S
from replay.physics.orbit import orbital_elements

#: The lowest perigee (geodetic height) that counts as an orbit: the Kármán line.
ORBIT_MIN_PERIGEE_M = 100e3


@dataclass(frozen=True, slots=True)
class OrbitCheck:
    """The osculating orbit of one state and the verdict drawn from it."""

    in_orbit: bool
    escaping: bool
    perigee_height_m: float
    apogee_height_m: float  # inf when escaping
    inertial_speed_m_s: float
    speed_m_s: float  # relative to the Earth, as the file gives it

    @property
    def text(self) -> str:
        """The verdict in words, for reports."""
        if self.escaping:
            return f"on an escape trajectory ({self.inertial_speed_m_s / 1e3:.2f} km/s)"
        if self.in_orbit:
            return (
                f"in orbit ({self.perigee_height_m / 1e3:.0f} × "
                f"{self.apogee_height_m / 1e3:.0f} km)"
            )
        return (
            f"not in orbit ({_speed(self.speed_m_s)} relative to the Earth, "
            f"perigee {_km(self.perigee_height_m)})"
        )


def orbit_check(r_ecef_m: npt.ArrayLike, v_ecef_m_s: npt.ArrayLike) -> OrbitCheck:
    """The orbit of one ECEF state: position (3,) m, Earth-relative velocity (3,) m/s.

    Raises ``ValueError`` naming the value when either is not three finite numbers or the
    position is the Earth's centre.
    """
    r = _vector("r_ecef_m", r_ecef_m)
    v = _vector("v_ecef_m_s", v_ecef_m_s)
    v_inertial = v + np.cross([0.0, 0.0, OMEGA_EARTH_RAD_S], r)
    el = orbital_elements(r, v_inertial)  # raises on r = 0
    high = bool(el.perigee_height_m >= ORBIT_MIN_PERIGEE_M)
    rising = float(np.dot(r, v_inertial)) > 0.0  # an unbound conic past its perigee
    escaping = bool(el.energy_j_kg >= 0.0) and (high or rising)
    return OrbitCheck(
        in_orbit=bool(el.energy_j_kg < 0.0) and high,
        escaping=escaping,
        perigee_height_m=float(el.perigee_height_m),
        apogee_height_m=float(el.apogee_height_m),
        inertial_speed_m_s=float(np.linalg.norm(v_inertial)),
        speed_m_s=float(np.linalg.norm(v)),
    )


def _vector(name: str, value: npt.ArrayLike) -> npt.NDArray[np.float64]:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {value!r:.80}") from exc
    if arr.shape != (3,) or not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be three finite numbers, got {arr.tolist()!r:.80}")
    return arr


def _speed(speed_m_s: float) -> str:
    return f"{speed_m_s:.0f} m/s" if speed_m_s < 1000.0 else f"{speed_m_s / 1e3:.2f} km/s"


def _km(height_m: float) -> str:
    if not math.isfinite(height_m):
        return "none"
    if height_m < -1000e3:  # the conic dips deep into the Earth: say so, not a depth
        return "deep inside the Earth"
    return f"{height_m / 1e3:.0f} km"
