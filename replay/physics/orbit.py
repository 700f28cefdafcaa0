"""Two-body osculating orbital elements from inertial state vectors.

Two conventions for the heights of the apsides are kept apart by name:

* ``perigee_alt_m`` / ``apogee_alt_m``: radius minus the equatorial radius A_M. This is how
  orbit catalogues (NORAD/Space-Track) quote heights, e.g. Progress M-27M's catalogued
  187 x 258 km with its 88.95 min period.
* ``perigee_height_m`` / ``apogee_height_m``: the geodetic height of the apsis point above the
  WGS84 ellipsoid, the ground under it. Launch agencies quote orbits this way (Roscosmos' 193 x
  245 km for Progress MS-04 with its 88.59 min period, JAXA's 200 x 300 km for HTV), and it is
  the convention of every height in the scenario files (docs/heights.md).

At the 51.6 deg of an ISS orbit the two differ by up to 21 km (the ellipsoid is 21 km lower at
the poles than at the equator; 13 km lower at 51 deg).
"""

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.physics._checks import finite_array, last_axis3
from replay.physics.constants import A_M, B_M, GM_M3_S2
from replay.physics.geodesy import geodetic_from_ecef_unchecked


class OrbitalElements(NamedTuple):
    """Osculating elements; ``*_alt_m`` above A_M, ``*_height_m`` geodetic (module docstring)."""

    sma_m: FloatArray
    ecc: FloatArray
    inc_deg: FloatArray
    raan_deg: FloatArray
    argp_deg: FloatArray
    true_anomaly_deg: FloatArray
    perigee_alt_m: FloatArray
    apogee_alt_m: FloatArray
    period_s: FloatArray
    energy_j_kg: FloatArray
    perigee_height_m: FloatArray
    apogee_height_m: FloatArray


def orbital_elements(
    r_m: npt.ArrayLike, v_m_s: npt.ArrayLike, mu_m3_s2: float = GM_M3_S2
) -> OrbitalElements:
    """Return osculating elements (..., ) for inertial positions and velocities (..., 3)."""
    r = finite_array("r_m", r_m)
    v = finite_array("v_m_s", v_m_s)
    last_axis3("r_m", r)
    last_axis3("v_m_s", v)
    if np.any(np.linalg.norm(r, axis=-1) == 0.0):
        raise ValueError("r_m must be non-zero")
    return _orbital_elements(r, v, mu_m3_s2)


def ellipsoid_radius_m(sin_geocentric_lat: npt.ArrayLike) -> FloatArray:
    """Geocentric radius (m) of the WGS84 ellipsoid where the geocentric latitude has this sine."""
    s = np.asarray(sin_geocentric_lat, dtype=np.float64)
    return np.asarray(A_M * B_M / np.sqrt(B_M * B_M + (A_M * A_M - B_M * B_M) * s * s))


def geodetic_height_m(radius_m: npt.ArrayLike, sin_geocentric_lat: npt.ArrayLike) -> FloatArray:
    """Geodetic height (m) above WGS84 of the point at this radius and geocentric latitude.

    Exact (Bowring's iteration of physics.geodesy on the meridian plane); the ellipsoid is
    symmetric about the spin axis, so longitude, and hence the frame, does not matter.
    """
    r = np.asarray(radius_m, dtype=np.float64)
    s = np.clip(np.asarray(sin_geocentric_lat, dtype=np.float64), -1.0, 1.0)
    rho, z = r * np.sqrt(1.0 - s * s), r * s
    return geodetic_from_ecef_unchecked(rho, np.zeros_like(rho), z)[2]


def _orbital_elements(r: FloatArray, v: FloatArray, mu: float) -> OrbitalElements:
    rn = np.linalg.norm(r, axis=-1)
    energy = 0.5 * np.sum(v * v, axis=-1) - mu / rn
    h = np.cross(r, v)
    hn = np.linalg.norm(h, axis=-1)
    e_vec = np.cross(v, h) / mu - r / rn[..., None]
    ecc = np.linalg.norm(e_vec, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        sma = -mu / (2.0 * energy)
        inc = np.degrees(np.arccos(np.clip(h[..., 2] / hn, -1.0, 1.0)))
        node = np.stack((-h[..., 1], h[..., 0], np.zeros_like(hn)), -1)
        nn = np.linalg.norm(node, axis=-1)
        raan = np.degrees(np.arctan2(node[..., 1], node[..., 0])) % 360.0
        # Argument of perigee and true anomaly measured in the orbit plane via atan2,
        # which stays well conditioned for near-circular orbits.
        # Equatorial orbits have no node line: measure from +x (RAAN = 0) instead.
        equatorial = nn < 1e-9 * hn
        node = np.where(
            equatorial[..., None], np.stack((hn, np.zeros_like(hn), np.zeros_like(hn)), -1), node
        )
        nn = np.linalg.norm(node, axis=-1)
        raan = np.where(equatorial, 0.0, raan)
        p_hat = node / nn[..., None]
        q_hat = np.cross(h / hn[..., None], p_hat)
        argp = np.degrees(np.arctan2(np.sum(e_vec * q_hat, -1), np.sum(e_vec * p_hat, -1)))
        u = np.degrees(np.arctan2(np.sum(r * q_hat, -1), np.sum(r * p_hat, -1)))
        period = 2.0 * np.pi * np.sqrt(np.where(sma > 0, sma, np.nan) ** 3 / mu)
        # Perigee direction; a circle has none, and then every point is an apsis: use r.
        apse = np.where((ecc > 1e-12)[..., None], e_vec / ecc[..., None], r / rn[..., None])
    p = hn**2 / mu
    rp = p / (1.0 + ecc)
    ra = np.where(ecc < 1.0, p / np.where(ecc < 1.0, 1.0 - ecc, 1.0), np.inf)
    sin_lat_p = apse[..., 2]  # geocentric latitude of the perigee; the apogee's is its negative
    return OrbitalElements(
        sma_m=sma,
        ecc=ecc,
        inc_deg=inc,
        raan_deg=raan,
        argp_deg=argp % 360.0,
        true_anomaly_deg=(u - argp) % 360.0,
        perigee_alt_m=rp - A_M,
        apogee_alt_m=ra - A_M,
        period_s=period,
        energy_j_kg=energy,
        perigee_height_m=geodetic_height_m(rp, sin_lat_p),
        apogee_height_m=np.where(
            np.isfinite(ra),
            geodetic_height_m(np.where(np.isfinite(ra), ra, A_M), -sin_lat_p),
            np.inf,
        ),
    )
