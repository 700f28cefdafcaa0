"""Launch azimuth and target-plane geometry checked through orbital elements."""

import math

import numpy as np
import pytest

from replay.physics.constants import A_M, OMEGA_EARTH_RAD_S
from replay.physics.orbit import orbital_elements
from replay.sim.guidance import launch_azimuth_deg, target_plane_normal


@pytest.mark.parametrize(
    ("lat", "inc", "north"),
    [(45.92, 51.66, True), (28.56, 51.6, True), (37.83, 51.6, False), (0.0, 28.5, True)],
)
def test_launch_azimuth_gives_target_inclination(lat: float, inc: float, north: bool) -> None:
    v_orb = 7800.0
    az_rel = math.radians(launch_azimuth_deg(lat, inc, v_orb, north))
    phi = math.radians(lat)
    r = A_M * np.array([math.cos(phi), 0.0, math.sin(phi)])
    east = np.array([0.0, 1.0, 0.0])
    north_v = np.array([-math.sin(phi), 0.0, math.cos(phi)])
    w_cross_r = np.cross([0.0, 0.0, OMEGA_EARTH_RAD_S], r)
    # Earth-relative velocity along the azimuth whose inertial sum has speed v_orb.
    d = math.sin(az_rel) * east + math.cos(az_rel) * north_v
    b = float(np.dot(d, w_cross_r))
    speed = -b + math.sqrt(b * b - float(np.dot(w_cross_r, w_cross_r)) + v_orb**2)
    v = speed * d + w_cross_r
    assert float(np.linalg.norm(v)) == pytest.approx(v_orb, rel=1e-12)
    assert orbital_elements(r, v).inc_deg == pytest.approx(inc, abs=1e-9)
    assert (float(np.dot(v, north_v)) > 0.0) == north


def test_unreachable_inclination_raises() -> None:
    with pytest.raises(ValueError, match="unreachable"):
        launch_azimuth_deg(45.9, 30.0, 7800.0)


@pytest.mark.parametrize("north", [True, False])
def test_plane_contains_position(north: bool) -> None:
    rng = np.random.default_rng(5)
    for _ in range(20):
        lat = math.radians(rng.uniform(-50, 50))
        lon = rng.uniform(-math.pi, math.pi)
        r = (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))
        n = target_plane_normal(r, math.radians(51.6), north)
        assert float(np.dot(n, r)) == pytest.approx(0.0, abs=1e-12)
        assert math.degrees(math.acos(n[2])) == pytest.approx(51.6, abs=1e-9)
        prograde = np.cross(n, r)
        assert (prograde[2] > 0.0) == north  # northbound on the ascending pass
