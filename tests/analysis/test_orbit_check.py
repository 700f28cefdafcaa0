"""'In orbit' only when the speed says so (issue 13: a balloon at 1.5 km was called in orbit)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from replay.analysis.orbit_check import ORBIT_MIN_PERIGEE_M, orbit_check
from replay.io import read_flight
from replay.physics.constants import A_M, GM_M3_S2, OMEGA_EARTH_RAD_S
from replay.physics.geodesy import ecef_from_geodetic
from replay.resources import sample


def _circular_inertial(height_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Over the equator at 0° E, moving east at circular speed (Earth-relative velocity)."""
    r = np.array([A_M + height_m, 0.0, 0.0])
    v_inertial = math.sqrt(GM_M3_S2 / r[0])
    return r, np.array([0.0, v_inertial - OMEGA_EARTH_RAD_S * r[0], 0.0])


def test_a_circular_orbit_is_in_orbit_at_its_height() -> None:
    check = orbit_check(*_circular_inertial(400e3))
    assert check.in_orbit and not check.escaping
    assert check.perigee_height_m == pytest.approx(400e3, abs=1.0)
    assert check.apogee_height_m == pytest.approx(400e3, abs=1.0)
    assert check.inertial_speed_m_s == pytest.approx(7668.6, abs=0.5)  # textbook v = sqrt(mu/r)
    assert check.text == "in orbit (400 × 400 km)"


def test_just_below_the_line_is_not_an_orbit() -> None:
    assert not orbit_check(*_circular_inertial(ORBIT_MIN_PERIGEE_M - 5e3)).in_orbit
    assert orbit_check(*_circular_inertial(ORBIT_MIN_PERIGEE_M + 5e3)).in_orbit


def test_a_balloon_and_an_amateur_rocket_are_never_in_orbit() -> None:
    balloon = orbit_check(ecef_from_geodetic(40.52, -89.02, 1500.0), [3.0, -2.0, 4.0])
    assert not balloon.in_orbit and not balloon.escaping
    assert (
        balloon.text == "not in orbit (5 m/s relative to the Earth, perigee deep inside the Earth)"
    )
    r = ecef_from_geodetic(32.94, -106.91, 5000.0)
    rocket = orbit_check(r, 300.0 * r / np.linalg.norm(r))  # straight up at 300 m/s
    assert not rocket.in_orbit and rocket.perigee_height_m < -6000e3


def test_escape_speed_is_escaping() -> None:
    r = np.array([A_M + 300e3, 0.0, 0.0])
    v = np.array([0.0, 11.5e3, 0.0])
    check = orbit_check(r, v)
    assert check.escaping and not check.in_orbit
    assert "escape" in check.text


def test_the_bundled_flights_at_their_loss_of_signal() -> None:
    """M-27M was lost in orbit (193 × 238 km by its last frame); MS-04 was falling back."""
    for sid, t_s, in_orbit in (("progress-m-27m", 526.0, True), ("progress-ms-04", 382.0, False)):
        f = read_flight(sample(sid))
        i = f.index_at(t_s)
        r = [float(f.channels[n][i]) for n in ("x_ecef_m", "y_ecef_m", "z_ecef_m")]
        v = [float(f.channels[n][i]) for n in ("vx_ecef_m_s", "vy_ecef_m_s", "vz_ecef_m_s")]
        assert orbit_check(r, v).in_orbit is in_orbit, sid


def test_orbit_check_checks_its_input() -> None:
    with pytest.raises(ValueError, match="r_ecef_m must be three finite numbers"):
        orbit_check([1.0, 2.0], [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="v_ecef_m_s must be three finite numbers"):
        orbit_check([A_M, 0.0, 0.0], [np.nan, 0.0, 0.0])
