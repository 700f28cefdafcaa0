"""Generated telemetry against the published record (launch-facts.md), not against the model."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from skyfield.api import wgs84

from replay.core.flight import Flight
from replay.physics.constants import OMEGA_EARTH_RAD_S
from replay.physics.geodesy import ecef_from_geodetic
from replay.physics.orbit import orbital_elements
from replay.physics.stations import load_stations, visible
from replay.resources import asset_names
from replay.sim.generate import generate
from replay.sim.scenario import load_scenario
from replay.sim.telemetry import TRUTH_ONLY_EVENTS

PERIOD_S = 1 / 25


@cache
def made(sid: str) -> tuple[Flight, Flight | None]:
    g = generate(sid)
    return g.telemetry, g.truth


def event_t(flight: Flight, event_id: str) -> float:
    (t,) = [e.t_s for e in flight.meta.events if e.id == event_id]
    return t


def test_ms04_stops_at_382_s_at_about_190_km() -> None:
    f, truth = made("progress-ms-04")
    assert f.t_s[-1] == pytest.approx(382.0, abs=PERIOD_S)
    assert 180e3 <= f.channels["alt_m"][-1] <= 200e3
    assert f.meta.recording_end_s is not None and f.meta.recording_end_s >= 528.0
    assert all(e.t_s <= f.t_s[-1] for e in f.meta.events)  # only what happened before the loss
    assert not {e.id for e in f.meta.events} & TRUTH_ONLY_EVENTS
    assert truth is not None and truth.channels["alt_m"][-1] == pytest.approx(0.0, abs=50.0)


def test_crs7_stops_at_139_s_at_40_to_50_km_after_the_tank_pressure_rises() -> None:
    f, _ = made("falcon9-crs-7")
    assert f.t_s[-1] == pytest.approx(139.0, abs=1.0)
    assert 40e3 <= f.channels["alt_m"][-1] <= 50e3
    tank = f.channels["s2_lox_tank_bar"]
    before = tank[f.t_s < 138.0]
    assert np.median(before) == pytest.approx(3.4, abs=0.05)
    assert tank[-1] > 1.5 * np.median(before)  # the 0.893 s precursor


def test_antares_orb3_ends_low_and_near_the_pad() -> None:
    f, _ = made("antares-orb-3")
    assert 15.0 <= f.t_s[-1] <= 21.0
    assert f.channels["alt_m"][-1] < 1000.0
    pad = ecef_from_geodetic(37.834, -75.488, 0.0)
    last = np.array([f.channels[c][-1] for c in ("x_ecef_m", "y_ecef_m", "z_ecef_m")])
    assert np.linalg.norm(last - pad) < 2000.0
    # Thrust is lost at T+15: the first-stage chamber pressure falls to nothing.
    pc = f.channels["pc_stage1_bar"]
    assert pc[(f.t_s > 5) & (f.t_s < 14)].min() > 50.0
    assert pc[f.t_s > 15.5].max() < 1.0


def test_m12m_third_stage_pressure_decays_before_the_shutdown() -> None:
    f, _ = made("progress-m-12m")
    assert f.t_s[-1] == pytest.approx(325.0, abs=PERIOD_S)
    pc = f.channels["pc_blok_i_bar"]
    steady = np.median(pc[(f.t_s > 300) & (f.t_s < 319)])
    assert pc[f.t_s > 324.5].max() < 0.75 * steady


def test_m27m_telemetry_is_lost_just_before_separation_with_stations_in_view() -> None:
    """launch-facts 3.4: "loss of telemetry just before separation" (separation on the 527th
    second); the stack had reached orbit."""
    f, _ = made("progress-m-27m")
    assert f.t_s[-1] == pytest.approx(526.0, abs=PERIOD_S)
    assert f.meta.recording_end_s is not None and f.meta.recording_end_s > 1000.0
    ids = {e.id for e in f.meta.events}
    assert "cutoff" in ids and "spacecraft_separation" not in ids
    stations = load_stations(("rgs",))
    last = np.array([[f.channels[c][-1] for c in ("x_ecef_m", "y_ecef_m", "z_ecef_m")]])
    assert visible(stations, last).sum() >= 3
    assert f.channels["v_inertial_m_s"][-1] == pytest.approx(7810.0, abs=20.0)


@pytest.mark.parametrize("sid", sorted(asset_names("scenarios")))
def test_the_signal_is_lost_only_where_the_scenario_says(sid: str) -> None:
    f, _ = made(sid)
    failure = load_scenario(sid).failure
    assert f.meta.recording_end_s is not None
    if failure is None:
        assert f.t_s[-1] == pytest.approx(f.meta.recording_end_s, abs=PERIOD_S)
    else:
        assert f.t_s[-1] == pytest.approx(failure.telemetry_end_t_s, abs=PERIOD_S)


@pytest.mark.parametrize("seed", range(20))
def test_random_dropouts_never_run_into_the_end_of_the_recording(seed: int) -> None:
    from replay.sim.downlink import _random
    from replay.sim.telemetry_spec import TelemetrySpec

    t = np.arange(0, 600.04, 0.04)
    spec = TelemetrySpec(random_dropouts_per_min=60.0, random_dropout_frames=(20, 100))
    gap = _random(t, spec, np.random.default_rng(seed))
    assert gap.any() and not gap[-1]


def test_soyuz_nominal_timeline_matches_the_published_one() -> None:
    f, _ = made("soyuz-u-nominal")
    assert event_t(f, "booster_separation") == pytest.approx(118.0, abs=3.0)
    assert event_t(f, "fairing_jettison") == pytest.approx(160.0, abs=5.0)
    assert event_t(f, "core_separation") == pytest.approx(288.0, abs=4.0)
    assert event_t(f, "cutoff") == pytest.approx(528.0, abs=10.0)
    assert event_t(f, "spacecraft_separation") == pytest.approx(528.0, abs=10.0)


def test_soyuz_nominal_reaches_the_published_orbit() -> None:
    f, _ = made("soyuz-u-nominal")
    i = int(np.searchsorted(f.t_s, event_t(f, "spacecraft_separation") + 5.0))
    r = np.array([f.channels[c][i] for c in ("x_ecef_m", "y_ecef_m", "z_ecef_m")])
    v_rel = np.array([f.channels[c][i] for c in ("vx_ecef_m_s", "vy_ecef_m_s", "vz_ecef_m_s")])
    v_inertial = v_rel + np.cross([0.0, 0.0, OMEGA_EARTH_RAD_S], r)  # same axes at this instant
    el = orbital_elements(r, v_inertial)
    assert 190e3 <= el.perigee_height_m <= 200e3
    assert 235e3 <= el.apogee_height_m <= 255e3
    assert el.inc_deg == pytest.approx(51.6, abs=0.1)


@pytest.mark.parametrize("sid", ["progress-ms-04", "htv-6", "falcon9-crs-7"])
def test_geodetic_columns_agree_with_the_state(sid: str) -> None:
    f, _ = made(sid)
    xyz = np.array([f.channels[c] for c in ("x_ecef_m", "y_ecef_m", "z_ecef_m")])
    lat, lon, h = (f.channels[c] for c in ("lat_deg", "lon_deg", "alt_m"))
    back = wgs84.latlon(lat, lon, h).itrs_xyz.m  # skyfield: an independent WGS84
    # 1e-6 deg is 0.11 m; 1 m in height: check the position within the combined budget.
    assert np.max(np.abs(back - xyz)) < 1.0
    here = wgs84.geographic_position_of(_Itrs(xyz))
    assert np.max(np.abs(here.latitude.degrees - lat)) < 1e-6
    assert np.max(np.abs(((here.longitude.degrees - lon) + 180) % 360 - 180)) < 1e-6
    assert np.max(np.abs(here.elevation.m - h)) < 1.0


class _Itrs:
    """The two attributes skyfield's geoid needs from a position (Earth-fixed metres)."""

    center = 399

    def __init__(self, xyz_m: np.ndarray) -> None:
        from skyfield.units import Distance

        self._d = Distance(m=xyz_m)

    def frame_xyz(self, _frame: object) -> object:
        return self._d


@pytest.mark.parametrize("sid", ["progress-ms-04", "htv-6", "falcon9-crs-7", "antares-orb-3"])
def test_every_frame_was_in_view_of_a_station(sid: str) -> None:
    from replay.sim.scenario import load_scenario

    f, _ = made(sid)
    stations = load_stations(load_scenario(sid).telemetry.networks)
    xyz = np.stack([f.channels[c] for c in ("x_ecef_m", "y_ecef_m", "z_ecef_m")], axis=1)
    assert visible(stations, xyz).any(axis=1).all()


def test_htv6_shows_separation_into_the_station_plane() -> None:
    """launch-facts 2.6: SECO at 14:20, HTV separates at 15:11 about 290 km up; 51.6 deg."""
    f, _ = made("htv-6")
    assert f.meta.recording_end_s is not None
    assert f.t_s[-1] == pytest.approx(f.meta.recording_end_s, abs=PERIOD_S)  # no loss
    assert event_t(f, "cutoff") == pytest.approx(860.0, abs=5.0)
    t_sep = event_t(f, "spacecraft_separation")
    assert t_sep == pytest.approx(911.0, abs=5.0)
    i = int(np.searchsorted(f.t_s, t_sep + 5.0))
    assert f.channels["alt_m"][i] == pytest.approx(290e3, abs=10e3)
    r = np.array([f.channels[c][i] for c in ("x_ecef_m", "y_ecef_m", "z_ecef_m")])
    v_rel = np.array([f.channels[c][i] for c in ("vx_ecef_m_s", "vy_ecef_m_s", "vz_ecef_m_s")])
    v_inertial = v_rel + np.cross([0.0, 0.0, OMEGA_EARTH_RAD_S], r)
    assert float(orbital_elements(r, v_inertial).inc_deg) == pytest.approx(51.6, abs=0.1)


def test_htv6_dogleg_from_the_published_pitch_plane() -> None:
    """launch-facts 2.6: the pitch plane is turned to azimuth 108.5 deg after lift-off; the
    station's plane (136 deg here) is reached by a dogleg later."""
    f, _ = made("htv-6")
    heading = f.channels["heading_deg"]
    assert np.median(heading[(f.t_s > 30.0) & (f.t_s < 120.0)]) == pytest.approx(108.5, abs=1.0)
    assert np.median(heading[(f.t_s > 400.0) & (f.t_s < 850.0)]) > 130.0


def test_htv6_with_the_jaxa_stations_alone_ends_as_the_last_one_sets() -> None:
    """Without the relay the ground loses the vehicle over the Pacific before cut-off."""
    f = generate("htv-6", networks=("jaxa",)).telemetry
    assert f.meta.recording_end_s is not None
    assert f.t_s[-1] < 860.0 < f.meta.recording_end_s
    stations = load_stations(("jaxa",))
    last = np.array([[f.channels[c][-1] for c in ("x_ecef_m", "y_ecef_m", "z_ecef_m")]])
    assert visible(stations, last).any()  # it was still heard at the last frame


def test_dropouts_are_short_and_resume() -> None:
    f, _ = made("soyuz-u-nominal")
    jumps = np.diff(f.channels["frame"])
    gaps = np.flatnonzero(jumps > 1)
    assert gaps.size >= 3
    assert (jumps[gaps] <= 25).all()  # none longer than a second at 25 Hz
    assert f.t_s[-1] == pytest.approx(600.0, abs=PERIOD_S)  # the stream lasts the recording


def test_same_seed_same_file_other_seed_other_noise() -> None:
    a = generate("antares-orb-3", seed=5).telemetry
    b = generate("antares-orb-3", seed=5).telemetry
    c = generate("antares-orb-3", seed=6).telemetry
    np.testing.assert_array_equal(a.channels["accel_axial_g"], b.channels["accel_axial_g"])
    assert not np.array_equal(a.channels["x_ecef_m"], c.channels["x_ecef_m"])


def test_rate_and_duration_options() -> None:
    g = generate("progress-ms-04", rate_hz=10.0, duration_s=450.0)
    f = g.telemetry
    assert f.meta.sample_rate_hz == 10.0
    assert f.meta.recording_end_s == 450.0
    assert np.median(np.diff(f.t_s)) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="rate"):
        generate("progress-ms-04", rate_hz=0.0)
    with pytest.raises(ValueError, match="duration"):
        generate("progress-ms-04", duration_s=-3.0)


def test_station_geometry_matches_the_reference_table() -> None:
    """launch-facts.md section 4: elevations of the reference model's states from each city."""
    from replay.physics.stations import elevations_deg

    st = {s.id: s for s in load_stations(["rgs"])}
    order = ["baikonur-ip1", "sary-shagan", "barnaul", "kolpashevo"]
    # States from section 5.2 (T+288, 325, 382, 528) and the table's elevations in degrees.
    states = [
        (47.837, 68.973, 157.1e3),
        (48.360, 70.790, 174.7e3),
        (49.177, 73.993, 193.0e3),
        (51.172, 85.599, 205.7e3),
    ]
    table = [[16, 19, 2, -1], [13, 26, 4, 1], [8, 28, 9, 4], [-1, 6, 35, 10]]
    el = elevations_deg([st[k] for k in order], ecef_from_geodetic(*np.array(states).T))
    np.testing.assert_allclose(el, table, atol=1.0)
