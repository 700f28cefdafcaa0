"""The guidance target: heights measured from what the scenario's sources measure them from."""

import dataclasses as dc
import math

import numpy as np
import pytest

from replay.physics.constants import A_M, GM_M3_S2
from replay.physics.orbit import ellipsoid_radius_m, orbital_elements
from replay.sim.scenario import TargetOrbit, load_scenario
from replay.sim.target import insertion_sin_lat, peg_target, reported_heights_m
from tests.simruns import run_scenario

SOYUZ = TargetOrbit(193e3, 245e3, 51.66, 193e3, northbound=True)


def test_equatorial_reference_is_the_textbook_target() -> None:
    tg = dc.replace(SOYUZ, height_reference="equatorial-radius")
    t = peg_target(tg, math.sin(math.radians(51.0)))
    rp, ra = A_M + 193e3, A_M + 245e3
    assert t.radius_m == pytest.approx(rp)
    assert t.vr_m_s == pytest.approx(0.0, abs=1e-6)  # insertion at perigee
    assert t.vtheta_m_s == pytest.approx(math.sqrt(GM_M3_S2 * 2 * ra / (rp * (rp + ra))))
    assert t.energy_j_kg == pytest.approx(-GM_M3_S2 / (rp + ra))


@pytest.mark.parametrize("lat_deg", [30.0, 45.0, 51.0])
def test_ellipsoid_reference_lowers_the_radii_by_the_ground_under_them(lat_deg: float) -> None:
    s = math.sin(math.radians(lat_deg))
    t = peg_target(SOYUZ, s)
    assert t.radius_m == pytest.approx(float(ellipsoid_radius_m(s)) + 193e3)
    # Flying the target state gives back 193 x 245 km above the ground under the apsides.
    r = t.radius_m * np.array([math.sqrt(1 - s * s), 0.0, s])
    v = np.array([0.0, t.vtheta_m_s, 0.0])  # horizontal at perigee (plane irrelevant here)
    el = orbital_elements(r, v)
    assert float(el.perigee_height_m) == pytest.approx(193e3, abs=2.0)
    assert float(el.apogee_height_m) == pytest.approx(245e3, abs=2.0)


def test_insertion_point_is_ahead_along_the_plane() -> None:
    # In a polar plane the latitude reached is the angle travelled; in the equator's it stays 0.
    r = (7e6, 0.0, 0.0)
    polar = (0.0, -1.0, 0.0)  # normal -y: motion towards +z
    theta = 0.3
    v_h = 7e3
    s = insertion_sin_lat(r, (0.0, 0.0, v_h), polar, theta * 7e6 / v_h, v_h)
    assert s == pytest.approx(math.sin(theta), rel=1e-9)
    assert insertion_sin_lat(r, (0.0, v_h, 0.0), (0.0, 0.0, 1.0), 500.0, v_h) == 0.0


def test_nominal_soyuz_reaches_the_published_orbit_and_period() -> None:
    """launch-facts 2.1: 193.0 x 245.0 km, 51.66 deg, 88.59 min (Progress MS-04)."""
    res = run_scenario("soyuz-u-nominal")
    el = res.separation_elements
    assert el is not None
    hp, ha = reported_heights_m(load_scenario("soyuz-u-nominal").target, el)
    assert hp == pytest.approx(193e3, abs=1e3)
    assert ha == pytest.approx(245e3, abs=1e3)
    assert float(el.inc_deg) == pytest.approx(51.66, abs=0.02)
    assert float(el.period_s) == pytest.approx(88.59 * 60.0, abs=5.0)


def test_unknown_height_reference_and_old_keys_are_refused() -> None:
    from replay.resources import read_toml
    from replay.sim.scenario import scenario_from_dict

    d = read_toml("scenarios", "soyuz-u-nominal")
    bad = {**d, "target": {**d["target"], "heights_from": "sea"}}
    with pytest.raises(ValueError, match="heights_from"):
        scenario_from_dict("x", bad)
    old = {**d, "target": {**d["target"], "perigee_alt_km": 193.0}}
    with pytest.raises(ValueError, match="ambiguous"):
        scenario_from_dict("x", old)
