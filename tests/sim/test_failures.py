"""Failure scenarios against the published facts (section 3) and the reference impacts (5.3)."""

import datetime as dt

import numpy as np
import pytest

from replay.physics.geodesy import ecef_from_geodetic
from tests.simruns import run_scenario


def test_ms04_state_at_telemetry_loss() -> None:
    res = run_scenario("progress-ms-04")
    tr = res.trajectory
    assert tr.t_s[-1] == pytest.approx(382.0)
    assert 180e3 <= tr.alt_m[-1] <= 200e3  # Roscosmos: ~190 km
    assert tr.thrust_n[-1] > 0.0  # still under thrust in the last sample
    assert [e.id for e in res.events][-1] == "thrust_termination"


def test_ms04_impact_in_tuva() -> None:
    truth = run_scenario("progress-ms-04").truth_after_failure
    assert truth is not None
    assert truth.t_s[0] == pytest.approx(382.0)
    assert np.all(truth.thrust_n == 0.0)
    assert truth.alt_m[-1] == pytest.approx(0.0, abs=1.0)
    assert truth.lat_deg[-1] == pytest.approx(51.6, abs=0.2)
    # Reported: the first fragment ~120 km W of Kyzyl (51.6 N 92.7 E), others ~70 km W (93.4 E).
    assert 92.4 <= truth.lon_deg[-1] <= 93.7
    # Witnesses saw flashes at ~22:00 local (15:00 UTC); the reference's window 15:03-15:12.
    impact_utc = dt.datetime(2016, 12, 1, 14, 51, 52) + dt.timedelta(seconds=truth.t_s[-1])
    assert dt.datetime(2016, 12, 1, 15, 0) <= impact_utc <= dt.datetime(2016, 12, 1, 15, 12)


def test_m12m_impact_in_altai() -> None:
    truth = run_scenario("progress-m-12m").truth_after_failure
    assert truth is not None
    assert truth.lat_deg[-1] == pytest.approx(51.2, abs=0.3)
    assert 86.5 <= truth.lon_deg[-1] <= 87.8  # Choya district ~86.8 E; Lake Teletskoye ~87.7 E


def test_crs7_altitude_at_breakup() -> None:
    tr = run_scenario("falcon9-crs-7").trajectory
    assert tr.t_s[-1] == pytest.approx(139.0)
    assert 40e3 <= tr.alt_m[-1] <= 50e3  # ~45 km


def test_crs7_debris_falls_in_the_atlantic_downrange() -> None:
    truth = run_scenario("falcon9-crs-7").truth_after_failure
    assert truth is not None
    assert truth.lon_deg[-1] > -80.0  # east of the Florida coast
    assert 29.0 < truth.lat_deg[-1] < 32.0  # abeam Jacksonville (30.3 N), off the coast


def test_antares_orb3_falls_back_near_the_pad() -> None:
    res = run_scenario("antares-orb-3")
    pad = ecef_from_geodetic(37.834, -75.488, 0.0)
    truth = res.truth_after_failure
    assert truth is not None
    for tr in (res.trajectory, truth):
        sel = (tr.t_s >= 15.0) & (tr.t_s <= 21.0)
        assert np.all(tr.alt_m[sel] < 1000.0)
        horiz = np.linalg.norm(tr.r_ecef_m[sel] - pad, axis=1)
        assert np.all(horiz < 2000.0 + 1000.0)  # slant distance incl. <1 km altitude
    assert np.linalg.norm(truth.r_ecef_m[-1] - pad) < 2000.0
    assert truth.t_s[-1] < 40.0


def test_m27m_separation_orbit() -> None:
    res = run_scenario("progress-m-27m")
    cut = res.cutoff_elements
    sep = res.separation_elements
    assert cut is not None and sep is not None
    assert cut.apogee_height_m == pytest.approx(238e3, abs=2e3)  # planned
    assert sep.apogee_height_m == pytest.approx(278e3, abs=10e3)  # reported 278 +- 5 km
    assert sep.perigee_height_m == pytest.approx(193e3, abs=5e3)
    t_sep = next(e.t_s for e in res.events if e.id == "spacecraft_separation")
    assert t_sep == pytest.approx(527.0, abs=5.0)  # "on the 527th second"
