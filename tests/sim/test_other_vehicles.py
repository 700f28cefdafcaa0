"""Nominal ascents of the other vehicles reach plausible orbits on plausible timelines."""

import numpy as np
import pytest

from replay.sim.ascent import AscentResult
from tests.simruns import run_scenario


def _t(res: AscentResult, eid: str) -> float:
    return next(e.t_s for e in res.events if e.id == eid)


def test_htv6() -> None:
    res = run_scenario("htv-6")
    el = res.cutoff_elements
    assert el is not None
    assert el.perigee_height_m == pytest.approx(200e3, abs=5e3)
    assert el.apogee_height_m == pytest.approx(300e3, abs=5e3)
    assert el.inc_deg == pytest.approx(51.7, abs=0.1)
    assert _t(res, "booster_separation") == pytest.approx(124.0, abs=3.0)  # 2:04
    assert _t(res, "fairing_jettison") == pytest.approx(220.0, abs=1.0)  # 3:40
    assert _t(res, "cutoff") == pytest.approx(860.0, abs=20.0)  # SECO 14:20
    t_sep = _t(res, "spacecraft_separation")
    assert t_sep == pytest.approx(911.0, abs=20.0)  # 15:11
    tr = res.trajectory
    assert tr.alt_m[tr.index_at(t_sep)] == pytest.approx(290e3, abs=15e3)


def test_soyuz_2_1a_nominal() -> None:
    res = run_scenario("progress-m-27m", nominal=True)
    assert _t(res, "core_separation") == pytest.approx(286.0, abs=3.0)  # 4:46
    assert _t(res, "cutoff") == pytest.approx(525.0, abs=10.0)  # 8:45
    el = res.separation_elements
    assert el is not None
    assert el.apogee_height_m == pytest.approx(238e3, abs=5e3)


def test_falcon9_nominal() -> None:
    res = run_scenario("falcon9-crs-7", nominal=True)
    el = res.cutoff_elements
    assert el is not None
    assert el.perigee_alt_m == pytest.approx(200e3, abs=5e3)  # heights from the equator
    assert el.inc_deg == pytest.approx(51.6, abs=0.1)
    assert _t(res, "max_q") == pytest.approx(86.0, abs=12.0)  # 1:26 (animation)
    assert _t(res, "spacecraft_separation") == pytest.approx(600.0, abs=60.0)  # ~10 min


def test_antares_nominal() -> None:
    res = run_scenario("antares-orb-3", nominal=True)
    el = res.separation_elements
    assert el is not None
    assert el.perigee_alt_m == pytest.approx(190e3, abs=10e3)  # Orb-2: 190 x 284 km
    assert 200e3 < el.apogee_alt_m < 450e3
    tr = res.trajectory
    assert tr.alt_m[tr.index_at(340.0)] == pytest.approx(170e3, abs=5e3)  # ~106 mi at ignition
    assert _t(res, "spacecraft_separation") == pytest.approx(597.0, abs=5.0)


def test_atlas_oa7_nominal() -> None:
    res = run_scenario("atlas-oa-7")
    el = res.cutoff_elements
    assert el is not None
    assert el.perigee_alt_m == pytest.approx(230e3, abs=5e3)  # heights from the equator
    assert el.inc_deg == pytest.approx(51.66, abs=0.1)
    assert _t(res, "spacecraft_separation") == pytest.approx(21 * 60.0, abs=180.0)
    assert np.all(np.isfinite(res.trajectory.alt_m))
