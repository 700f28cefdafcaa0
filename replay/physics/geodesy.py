"""The Earth model: WGS84 geodetic <-> ECEF, and topocentric (ENU) geometry for ground stations.

This is the one geodetic conversion of the package; readers, the live stream, the simulator and
the analysis all call it. It replaced a second one that fed ECEF points to skyfield's ``wgs84``
through a stand-in skyfield body. Measured (``python -m bench earth``, docs/benchmarks.md):
both reproduce the published WGS84 example of EPSG Guidance Note 7-2 (53°48'33.820"N,
2°07'46.380"E, 73.000 m <-> X 3771793.968, Y 140253.342, Z 5124304.349 m) to under 1 mm, the
precision it is printed to; against the exact closed-form forward conversion on 1,000,000
points from 5 km below the ellipsoid to 40,000 km above it, ours round-trips to 2e-14 deg where
skyfield's three fixed-point passes leave 2.6e-8 deg (3 mm); ours takes 0.11 s per million
points (0.37 s before its passes were made free of trigonometry), skyfield's 0.19 s.

The public functions check their inputs and raise ``ValueError`` naming the bad values; the
``*_unchecked`` variants are for telemetry columns, where NaN marks a gap and must pass through.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.physics._checks import finite_array, in_range, last_axis3
from replay.physics.constants import A_M, B_M, E2, EP2

_B_OVER_A = B_M / A_M
_PASSES = 2


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
    """Return ECEF positions (..., 3) in metres for geodetic latitude, longitude and height.

    Raises ``ValueError`` naming the values that are not finite or a latitude outside ±90°.
    """
    lat = finite_array("lat_deg", lat_deg)
    in_range("lat_deg", lat, -90.0, 90.0)
    return ecef_from_geodetic_unchecked(
        lat, finite_array("lon_deg", lon_deg), finite_array("h_m", h_m)
    )


def ecef_from_geodetic_unchecked(
    lat_deg: npt.ArrayLike, lon_deg: npt.ArrayLike, h_m: npt.ArrayLike
) -> FloatArray:
    """:func:`ecef_from_geodetic` without the checks, for telemetry columns: NaN in, NaN out."""
    lat = np.radians(np.asarray(lat_deg, dtype=np.float64))
    lon = np.radians(np.asarray(lon_deg, dtype=np.float64))
    h = np.asarray(h_m, dtype=np.float64)
    sin_lat = np.sin(lat)
    cos_lat = np.cos(lat)
    n_m = A_M / np.sqrt(1.0 - E2 * sin_lat**2)
    x = (n_m + h) * cos_lat * np.cos(lon)
    y = (n_m + h) * cos_lat * np.sin(lon)
    z = (n_m * (1.0 - E2) + h) * sin_lat
    return np.stack(np.broadcast_arrays(x, y, z), axis=-1)


def geodetic_from_ecef(
    x_m: npt.ArrayLike, y_m: npt.ArrayLike, z_m: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return (lat_deg, lon_deg, h_m) for ECEF coordinates in metres.

    Raises ``ValueError`` naming the values that are not finite, or at the Earth's centre.

    >>> lat, lon, h = geodetic_from_ecef(3771793.968, 140253.342, 5124304.349)
    >>> f"{lat:.7f} {lon:.7f} {h:.3f}"
    '53.8093944 2.1295500 73.000'
    """
    x = finite_array("x_m", x_m)
    y = finite_array("y_m", y_m)
    z = finite_array("z_m", z_m)
    p = np.hypot(x, y)
    if np.any((p == 0.0) & (z == 0.0)):
        raise ValueError("geodetic_from_ecef is undefined at the Earth's centre (x = y = z = 0)")
    return geodetic_from_ecef_unchecked(x, y, z)


def geodetic_from_ecef_unchecked(
    x_m: npt.ArrayLike, y_m: npt.ArrayLike, z_m: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """:func:`geodetic_from_ecef` without the checks, for telemetry columns: NaN in, NaN out
    (and NaN at the Earth's centre)."""
    x = np.asarray(x_m, dtype=np.float64)
    y = np.asarray(y_m, dtype=np.float64)
    z = np.asarray(z_m, dtype=np.float64)
    # Bowring's iteration on the reduced latitude beta, carried as the direction (cos, sin) of
    # an unnormalised vector so no pass needs a trigonometric function: tan(beta) =
    # (b/a) tan(lat). Two passes reach the float64 limit (2e-14 deg) from 5 km below the
    # ellipsoid to 40,000 km above it (docs/benchmarks.md, "The Earth model").
    p = np.hypot(x, y)
    cos_b, sin_b = _B_OVER_A * p, z
    for _ in range(_PASSES):
        norm = np.hypot(cos_b, sin_b)
        cos_b, sin_b = cos_b / norm, sin_b / norm
        u = p - (E2 * A_M) * (cos_b * cos_b * cos_b)  # (u, v) points along the ellipsoid normal
        v = z + (EP2 * B_M) * (sin_b * sin_b * sin_b)
        cos_b, sin_b = u, _B_OVER_A * v
    norm = np.hypot(u, v)
    sin_lat = v / norm
    # Distance along the ellipsoid normal; valid at every latitude including the poles.
    h = p * (u / norm) + z * sin_lat - A_M * np.sqrt(1.0 - E2 * sin_lat * sin_lat)
    return np.degrees(np.arctan2(v, u)), np.degrees(np.arctan2(y, x)), h


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
