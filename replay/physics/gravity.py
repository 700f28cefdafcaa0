"""Point-mass plus J2 gravitational acceleration in an Earth-centred frame (z = spin axis)."""

import math

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.physics._checks import finite_array, last_axis3
from replay.physics.constants import A_M, GM_M3_S2, J2


def gravity_j2(r_m: npt.ArrayLike) -> FloatArray:
    """Return the gravitational acceleration (..., 3) in m/s^2 at positions `r_m` (..., 3)."""
    r = finite_array("r_m", r_m)
    last_axis3("r_m", r)
    rn = np.linalg.norm(r, axis=-1)
    if np.any(rn < 0.5 * A_M):
        raise ValueError(f"r_m must lie outside the Earth (|r| >= {0.5 * A_M} m), got {rn.min()}")
    return _gravity_j2(r)


def _gravity_j2(r: FloatArray) -> FloatArray:
    x, y, z = r[..., 0], r[..., 1], r[..., 2]
    r2 = x * x + y * y + z * z
    rn = np.sqrt(r2)
    k = -GM_M3_S2 / (r2 * rn)
    j = 1.5 * J2 * A_M * A_M / r2
    s = 5.0 * z * z / r2
    return np.stack(
        (
            k * x * (1.0 + j * (1.0 - s)),
            k * y * (1.0 + j * (1.0 - s)),
            k * z * (1.0 + j * (3.0 - s)),
        ),
        axis=-1,
    )


def gravity_j2_xyz(x: float, y: float, z: float) -> tuple[float, float, float]:
    """Return the J2 gravity components at one point; fast scalar path for the ODE RHS."""
    r2 = x * x + y * y + z * z
    k = -GM_M3_S2 / (r2 * math.sqrt(r2))
    j = 1.5 * J2 * A_M * A_M / r2
    s = 5.0 * z * z / r2
    c = k * (1.0 + j * (1.0 - s))
    return c * x, c * y, k * z * (1.0 + j * (3.0 - s))


def potential_j2(r_m: npt.ArrayLike) -> FloatArray:
    """Return the gravitational potential (J/kg, negative) of the point-mass + J2 field."""
    r = finite_array("r_m", r_m)
    last_axis3("r_m", r)
    rn = np.linalg.norm(r, axis=-1)
    sin_phi = r[..., 2] / rn
    p2 = 0.5 * (3.0 * sin_phi**2 - 1.0)
    return np.asarray(-GM_M3_S2 / rn * (1.0 - J2 * (A_M / rn) ** 2 * p2), dtype=np.float64)
