"""J2 gravity against WGS84 normal gravity and the potential's numerical gradient."""

import numpy as np
import pytest

from replay.physics.constants import A_M, B_M, OMEGA_EARTH_RAD_S
from replay.physics.gravity import gravity_j2, gravity_j2_xyz, potential_j2

# WGS84 normal gravity (NIMA TR8350.2): equator and pole, including the centrifugal term.
GAMMA_E = 9.7803253359
GAMMA_P = 9.8321849378


def test_equator_matches_wgs84_normal_gravity() -> None:
    g = gravity_j2([A_M, 0.0, 0.0])
    # Normal gravity = gravitation - centrifugal; J4 and higher terms differ at ~1e-5.
    assert np.linalg.norm(g) - OMEGA_EARTH_RAD_S**2 * A_M == pytest.approx(GAMMA_E, abs=5e-4)


def test_pole_matches_wgs84_normal_gravity() -> None:
    g = gravity_j2([0.0, 0.0, B_M])
    assert np.linalg.norm(g) == pytest.approx(GAMMA_P, abs=5e-4)


def test_gradient_of_potential() -> None:
    rng = np.random.default_rng(2)
    pts = rng.normal(size=(20, 3))
    pts = pts / np.linalg.norm(pts, axis=1, keepdims=True) * rng.uniform(6.4e6, 4.2e7, (20, 1))
    g = gravity_j2(pts)
    step = 1.0
    for k in range(3):
        e = np.zeros(3)
        e[k] = step
        num = -(potential_j2(pts + e) - potential_j2(pts - e)) / (2 * step)
        np.testing.assert_allclose(g[:, k], num, rtol=1e-6, atol=1e-9)


def test_j2_perturbation_magnitude() -> None:
    # At the equator the J2 term adds 1.5 J2 of the point-mass value (~0.0159 m/s^2).
    g = np.linalg.norm(gravity_j2([A_M, 0.0, 0.0]))
    assert g - 3.986004418e14 / A_M**2 == pytest.approx(0.015914, abs=2e-5)


def test_scalar_matches_vector_and_broadcasts() -> None:
    pts = np.array([[7e6, 1e6, -2e6], [1e5, -6.6e6, 3e5]])
    g = gravity_j2(pts)
    for k in range(2):
        np.testing.assert_allclose(gravity_j2_xyz(*pts[k]), g[k], rtol=1e-14)
    assert gravity_j2(np.full((2, 5, 3), [7e6, 0.0, 0.0])).shape == (2, 5, 3)


def test_inside_earth_raises() -> None:
    with pytest.raises(ValueError, match="outside"):
        gravity_j2([1.0, 0.0, 0.0])
