"""WGS84 geodetic <-> ECEF conversion and topocentric (ENU) geometry for ground stations."""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.physics._checks import finite_array, in_range, last_axis3
from replay.physics.constants import A_M, B_M, E2, EP2


@dataclass(frozen=True)
class GroundStation:
    """A named point on the WGS84 ellipsoid."""

    name: str
    lat_deg: float
    lon_deg: float
    h_m: float = 0.0

    def ecef_m(self) -> FloatArray:
        """Return the station's ECEF position (3,) in metres."""
        return ecef_from_geodetic(self.lat_deg, self.lon_deg, self.h_m)


def ecef_from_geodetic(
    lat_deg: npt.ArrayLike, lon_deg: npt.ArrayLike, h_m: npt.ArrayLike
) -> FloatArray:
    """Return ECEF positions (..., 3) in metres for geodetic latitude, longitude and height."""
    lat = finite_array("lat_deg", lat_deg)
    in_range("lat_deg", lat, -90.0, 90.0)
    return _ecef_from_geodetic(lat, finite_array("lon_deg", lon_deg), finite_array("h_m", h_m))


def _ecef_from_geodetic(lat_deg: FloatArray, lon_deg: FloatArray, h_m: FloatArray) -> FloatArray:
    lat = np.radians(lat_deg)
    lon = np.radians(lon_deg)
    sin_lat = np.sin(lat)
    cos_lat = np.cos(lat)
    n_m = A_M / np.sqrt(1.0 - E2 * sin_lat**2)
    x = (n_m + h_m) * cos_lat * np.cos(lon)
    y = (n_m + h_m) * cos_lat * np.sin(lon)
    z = (n_m * (1.0 - E2) + h_m) * sin_lat
    return np.stack(np.broadcast_arrays(x, y, z), axis=-1)


def geodetic_from_ecef(
    x_m: npt.ArrayLike, y_m: npt.ArrayLike, z_m: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return (lat_deg, lon_deg, h_m) for ECEF coordinates in metres."""
    x = finite_array("x_m", x_m)
    y = finite_array("y_m", y_m)
    z = finite_array("z_m", z_m)
    p = np.hypot(x, y)
    if np.any((p == 0.0) & (z == 0.0)):
        raise ValueError("geodetic_from_ecef is undefined at the Earth's centre (x = y = z = 0)")
    return _geodetic_from_ecef(x, y, z)


def _geodetic_from_ecef(
    x: FloatArray, y: FloatArray, z: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    # Bowring's iteration on the reduced latitude; three passes reach < 1e-12 rad for
    # heights from the Earth's surface to beyond GEO, so no convergence test is needed.
    p = np.hypot(x, y)
    beta = np.arctan2(z, (1.0 - E2) ** 0.5 * p)
    lat = beta
    for _ in range(3):
        sin_b = np.sin(beta)
        cos_b = np.cos(beta)
        lat = np.arctan2(z + EP2 * B_M * sin_b**3, p - E2 * A_M * cos_b**3)
        beta = np.arctan2((1.0 - E2) ** 0.5 * np.sin(lat), np.cos(lat))
    sin_lat = np.sin(lat)
    # Distance along the ellipsoid normal; valid at every latitude including the poles.
    h = p * np.cos(lat) + z * sin_lat - A_M * np.sqrt(1.0 - E2 * sin_lat**2)
    lon = np.arctan2(y, x)
    return np.degrees(lat), np.degrees(lon), h


def enu_basis(lat_deg: float, lon_deg: float) -> FloatArray:
    """Return the (3, 3) matrix whose rows are the east, north and up unit vectors in ECEF."""
    lat = np.radians(lat_deg)
    lon = np.radians(lon_deg)
    sl, cl = np.sin(lat), np.cos(lat)
    so, co = np.sin(lon), np.cos(lon)
    return np.array([[-so, co, 0.0], [-sl * co, -sl * so, cl], [cl * co, cl * so, sl]])


def enu_from_ecef(station: GroundStation, points_ecef_m: npt.ArrayLike) -> FloatArray:
    """Return east/north/up offsets (..., 3) in metres of ECEF points seen from `station`."""
    pts = finite_array("points_ecef_m", points_ecef_m)
    last_axis3("points_ecef_m", pts)
    return (pts - station.ecef_m()) @ enu_basis(station.lat_deg, station.lon_deg).T


def elevation_deg(station: GroundStation, points_ecef_m: npt.ArrayLike) -> FloatArray:
    """Return the elevation angle (deg) of ECEF points above the station's geodetic horizon."""
    enu = enu_from_ecef(station, points_ecef_m)
    return np.degrees(np.arctan2(enu[..., 2], np.hypot(enu[..., 0], enu[..., 1])))


def azimuth_deg(station: GroundStation, points_ecef_m: npt.ArrayLike) -> FloatArray:
    """Return the azimuth (deg, clockwise from north, 0..360) of ECEF points from the station."""
    enu = enu_from_ecef(station, points_ecef_m)
    return np.degrees(np.arctan2(enu[..., 0], enu[..., 1])) % 360.0


def slant_range_m(station: GroundStation, points_ecef_m: npt.ArrayLike) -> FloatArray:
    """Return the straight-line distance (m) from the station to ECEF points."""
    pts = finite_array("points_ecef_m", points_ecef_m)
    last_axis3("points_ecef_m", pts)
    return np.asarray(np.linalg.norm(pts - station.ecef_m(), axis=-1), dtype=np.float64)


def angle_diff_deg(a_deg: npt.ArrayLike, b_deg: npt.ArrayLike) -> FloatArray:
    """Smallest signed difference ``a - b`` between angles, in (-180, 180]."""
    d = np.asarray(a_deg, dtype=np.float64) - np.asarray(b_deg, dtype=np.float64)
    return np.asarray(180.0 - np.mod(180.0 - d, 360.0), dtype=np.float64)
