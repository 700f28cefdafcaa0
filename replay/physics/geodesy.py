"""Geodetic <-> Earth-fixed (WGS84 ECEF) conversions on arrays.

>>> x, y, z = ecef_from_geodetic(45.92, 63.342, 100.0)
>>> [round(float(v), 6) for v in geodetic_from_ecef(x, y, z)]
[45.92, 63.342, 100.0]
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from replay.physics.constants import A_M, B_M, E2, EP2

FloatArray = npt.NDArray[np.float64]
ArrayLike = npt.ArrayLike


def ecef_from_geodetic(
    lat_deg: ArrayLike, lon_deg: ArrayLike, h_m: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """ECEF position (m) of geodetic latitude, longitude (deg) and ellipsoidal height (m)."""
    lat = np.radians(np.asarray(lat_deg, dtype=np.float64))
    lon = np.radians(np.asarray(lon_deg, dtype=np.float64))
    h = np.asarray(h_m, dtype=np.float64)
    sin_lat = np.sin(lat)
    n = A_M / np.sqrt(1.0 - E2 * sin_lat**2)
    r_xy = (n + h) * np.cos(lat)
    return r_xy * np.cos(lon), r_xy * np.sin(lon), (n * (1.0 - E2) + h) * sin_lat


def geodetic_from_ecef(
    x_m: ArrayLike, y_m: ArrayLike, z_m: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Geodetic latitude, longitude (deg) and ellipsoidal height (m) of ECEF positions.

    Heikkinen's closed form (no iteration): sub-millimetre for anything from the Earth's crust
    to far beyond low orbit. Longitude is in [-180, 180].
    """
    x = np.asarray(x_m, dtype=np.float64)
    y = np.asarray(y_m, dtype=np.float64)
    z = np.asarray(z_m, dtype=np.float64)
    p2 = x * x + y * y
    p = np.sqrt(p2)
    z2 = z * z
    big_f = 54.0 * B_M**2 * z2
    g = p2 + (1.0 - E2) * z2 - E2 * (A_M**2 - B_M**2)
    c = E2**2 * big_f * p2 / g**3
    s = np.cbrt(1.0 + c + np.sqrt(c * c + 2.0 * c))
    k = s + 1.0 + 1.0 / s
    big_p = big_f / (3.0 * k * k * g * g)
    q = np.sqrt(1.0 + 2.0 * E2**2 * big_p)
    r0 = -(big_p * E2 * p) / (1.0 + q) + np.sqrt(
        np.maximum(
            0.5 * A_M**2 * (1.0 + 1.0 / q)
            - big_p * (1.0 - E2) * z2 / (q * (1.0 + q))
            - 0.5 * big_p * p2,
            0.0,
        )
    )
    u = np.sqrt((p - E2 * r0) ** 2 + z2)
    v = np.sqrt((p - E2 * r0) ** 2 + (1.0 - E2) * z2)
    z0 = B_M**2 * z / (A_M * v)
    h = u * (1.0 - B_M**2 / (A_M * v))
    lat = np.degrees(np.arctan2(z + EP2 * z0, p))
    lon = np.degrees(np.arctan2(y, x))
    return lat, lon, h


def angle_diff_deg(a_deg: ArrayLike, b_deg: ArrayLike) -> FloatArray:
    """Smallest signed difference ``a - b`` between angles, in (-180, 180]."""
    d = np.asarray(a_deg, dtype=np.float64) - np.asarray(b_deg, dtype=np.float64)
    return np.asarray(180.0 - np.mod(180.0 - d, 360.0), dtype=np.float64)
