"""Frames: ECI-at-T0 (inertial, equal to ECEF at lift-off), ECEF, and GMST for a true ECI."""

import datetime as dt

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.physics._checks import finite_array, last_axis3
from replay.physics.constants import OMEGA_EARTH_RAD_S
from replay.physics.timescale import timescale


def _rot_z(angle_rad: FloatArray) -> FloatArray:
    # Frame rotation (passive) by angle about +z, broadcast over leading axes.
    c = np.cos(angle_rad)
    s = np.sin(angle_rad)
    zero = np.zeros_like(c)
    one = np.ones_like(c)
    return np.stack(
        (np.stack((c, s, zero), -1), np.stack((-s, c, zero), -1), np.stack((zero, zero, one), -1)),
        -2,
    )


def ecef_from_eci0(
    t_s: npt.ArrayLike, r_eci_m: npt.ArrayLike, v_eci_m_s: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Return ECEF position and Earth-relative velocity from ECI-at-T0 states at times `t_s`."""
    t = finite_array("t_s", t_s)
    r = finite_array("r_eci_m", r_eci_m)
    v = finite_array("v_eci_m_s", v_eci_m_s)
    last_axis3("r_eci_m", r)
    last_axis3("v_eci_m_s", v)
    rot = _rot_z(OMEGA_EARTH_RAD_S * t)
    w_cross_r = np.stack(
        (-OMEGA_EARTH_RAD_S * r[..., 1], OMEGA_EARTH_RAD_S * r[..., 0], np.zeros_like(r[..., 0])),
        -1,
    )
    r_ecef = np.einsum("...ij,...j->...i", rot, r)
    v_ecef = np.einsum("...ij,...j->...i", rot, v - w_cross_r)
    return r_ecef, v_ecef


def eci0_from_ecef(
    t_s: npt.ArrayLike, r_ecef_m: npt.ArrayLike, v_ecef_m_s: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Return ECI-at-T0 position and inertial velocity from ECEF states at times `t_s`."""
    t = finite_array("t_s", t_s)
    r = finite_array("r_ecef_m", r_ecef_m)
    v = finite_array("v_ecef_m_s", v_ecef_m_s)
    last_axis3("r_ecef_m", r)
    last_axis3("v_ecef_m_s", v)
    rot_t = np.swapaxes(_rot_z(OMEGA_EARTH_RAD_S * t), -1, -2)
    r_eci = np.einsum("...ij,...j->...i", rot_t, r)
    v_rot = np.einsum("...ij,...j->...i", rot_t, v)
    w_cross_r = np.stack(
        (
            -OMEGA_EARTH_RAD_S * r_eci[..., 1],
            OMEGA_EARTH_RAD_S * r_eci[..., 0],
            np.zeros_like(r_eci[..., 0]),
        ),
        -1,
    )
    return r_eci, v_rot + w_cross_r


def eci_from_eci0(vec_eci0: npt.ArrayLike, gmst0_deg: float) -> FloatArray:
    """Rotate ECI-at-T0 vectors into an equator-and-equinox ECI frame given GMST at T0.

    Precession, nutation and polar motion are ignored (errors of order 0.1 deg per decade
    of epoch offset from J2000 in the frame axes; adequate for display, not for astrometry).
    """
    vec = finite_array("vec_eci0", vec_eci0)
    last_axis3("vec_eci0", vec)
    rot = _rot_z(np.array(-np.radians(gmst0_deg)))
    return np.asarray(vec @ rot.T, dtype=np.float64)


def gmst_deg(epoch_utc: dt.datetime) -> float:
    """Return Greenwich mean sidereal time (deg) at a UTC epoch, from skyfield's timescale."""
    if epoch_utc.tzinfo is None:
        raise ValueError(f"epoch_utc must be timezone-aware (UTC), got naive {epoch_utc!r}")
    t = timescale().from_datetime(epoch_utc.astimezone(dt.UTC))
    return float(t.gmst) * 15.0 % 360.0
