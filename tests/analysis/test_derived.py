"""Derived channels against analytic truth and the published US-1976 table."""

from __future__ import annotations

import numpy as np
import pytest
from ambiance import Atmosphere

from replay.analysis import derived
from replay.analysis.derived import (
    downrange_m,
    flight_path_angle_deg,
    mach,
    since_last_frame_s,
    specific_energy_j_kg,
    with_derived,
)
from replay.core.display import display_of
from replay.core.flight import Flight, LaunchSite
from replay.io import read_flight
from replay.physics.constants import GM_M3_S2
from replay.physics.frames import ecef_from_eci0
from replay.physics.geodesy import enu_basis
from replay.resources import sample
from tests.factories import make_flight

R_M = 6371008.8  # IUGG mean Earth radius: the sphere of a great-circle distance


def test_downrange_along_a_meridian_is_r_times_the_latitude_change() -> None:
    t = np.arange(0.0, 600.0, 0.04)
    lat = -20.0 + 70.0 * t / t[-1]  # 70 deg of meridian in ten minutes
    d = downrange_m(t, lat, np.full(t.size, 63.3))
    np.testing.assert_allclose(d, R_M * np.radians(lat - lat[0]), rtol=1e-9, atol=1e-6)


def test_downrange_starts_at_the_launch_site_and_skips_missing_positions() -> None:
    t = np.arange(0.0, 100.0, 0.5)
    lat = np.zeros(t.size)
    lon = 1.0 + 0.05 * t
    lon[20:30] = np.nan  # a gap in the position
    site = LaunchSite("on the equator", 0.0, 0.0)
    d = downrange_m(t, lat, lon, site)
    assert np.isnan(d[20:30]).all()
    ok = np.isfinite(lon)
    np.testing.assert_allclose(d[ok], R_M * np.radians(lon[ok]), rtol=1e-9)


def test_downrange_keeps_growing_past_half_the_world() -> None:
    # Along the equator round the whole Earth: cumulative, not the distance back to the site.
    t = np.arange(0.0, 5400.0, 1.0)
    lon = (360.0 * t / t[-1] + 180.0) % 360.0 - 180.0
    d = downrange_m(t, np.zeros(t.size), lon)
    assert np.all(np.diff(d) > 0)
    assert d[-1] == pytest.approx(2 * np.pi * R_M, rel=1e-9)


def test_downrange_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="one length"):
        downrange_m([0.0, 1.0], [0.0], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"step_s must be a positive number, got -1\.0"):
        downrange_m([0.0], [0.0], [0.0], step_s=-1.0)


def test_energy_of_a_circular_orbit_is_minus_mu_over_2a() -> None:
    a = 6_578_137.0  # 200 km above the equator's radius
    inc = np.radians(51.6)
    t = np.linspace(0.0, 5000.0, 50)
    u = np.sqrt(GM_M3_S2 / a) / a * t  # argument of latitude
    r_eci = a * np.stack([np.cos(u), np.sin(u) * np.cos(inc), np.sin(u) * np.sin(inc)], axis=1)
    v_eci = np.sqrt(GM_M3_S2 / a) * np.stack(
        [-np.sin(u), np.cos(u) * np.cos(inc), np.cos(u) * np.sin(inc)], axis=1
    )
    r, v = ecef_from_eci0(t, r_eci, v_eci)
    np.testing.assert_allclose(specific_energy_j_kg(r, v), -GM_M3_S2 / (2 * a), rtol=1e-12)


def test_energy_rejects_mismatched_states() -> None:
    with pytest.raises(ValueError, match=r"must be \(n, 3\), got \(2, 3\) and \(3, 3\)"):
        specific_energy_j_kg(np.ones((2, 3)), np.ones((3, 3)))


@pytest.mark.parametrize(
    ("alt_m", "sound_m_s"),
    # U.S. Standard Atmosphere, 1976, Table I (geometric altitude): speed of sound.
    [(0.0, 340.29), (11_000.0, 295.15), (20_000.0, 295.07), (50_000.0, 329.80)],
)
def test_mach_one_at_the_published_speed_of_sound(alt_m: float, sound_m_s: float) -> None:
    assert mach(sound_m_s, alt_m) == pytest.approx(1.0, abs=2e-4)


def test_mach_matches_an_independent_us1976_below_80_km() -> None:
    h = np.linspace(-2000.0, 80_000.0, 500)
    v = np.linspace(0.0, 3000.0, 500)
    np.testing.assert_allclose(mach(v, h), v / Atmosphere(h).speed_of_sound, rtol=1e-6)


def test_mach_is_nan_without_a_speed_or_outside_the_model() -> None:
    out = mach([300.0, np.nan, 300.0, 300.0], [1000.0, 1000.0, np.nan, 2_000_000.0])
    assert np.isfinite(out[0]) and np.isnan(out[1:]).all()


def test_flight_path_angle_from_east_and_up() -> None:
    basis = enu_basis(0.0, 40.0)  # on the equator geodetic and geocentric up agree
    r = np.tile(6_378_137.0 * basis[2], (4, 1))
    gamma = np.radians([0.0, 30.0, 90.0, -10.0])
    v = 2000.0 * (np.cos(gamma)[:, None] * basis[0] + np.sin(gamma)[:, None] * basis[2])
    np.testing.assert_allclose(flight_path_angle_deg(r, v), [0.0, 30.0, 90.0, -10.0], atol=1e-9)
    assert np.isnan(flight_path_angle_deg(r[:1], 0.5 * basis[2][None, :]))[0]


def test_time_since_last_frame_grows_with_the_dropout() -> None:
    f = make_flight(100, gap=(40, 90))  # 25 Hz; samples 40..89 never arrived
    age = since_last_frame_s(f.t_s)
    assert np.isnan(age[0])
    assert age[40] == pytest.approx(51 / 25.0)
    np.testing.assert_allclose(np.delete(age, [0, 40]), 1 / 25.0)


def test_a_native_flight_keeps_its_own_mach_and_flight_path_angle() -> None:
    f = read_flight(sample("progress-ms-04"))
    d = with_derived(f)
    assert set(d.channels) - set(f.channels) == {
        "downrange_km",
        "specific_energy_j_kg",
        "since_last_frame_s",
    }
    assert np.shares_memory(d.channels["mach"], f.channels["mach"])  # the file's own
    assert np.shares_memory(d.channels["alt_m"], f.channels["alt_m"])  # nothing copied
    assert d.units["downrange_km"] == "km" and d.units["specific_energy_j_kg"] == "J/kg"
    i = f.index_at(382.0)  # the loss of signal: 191 km up, 860 km along the track
    assert d.channel("downrange_km")[i] == pytest.approx(864, abs=2)
    assert d.channel("downrange_km")[f.index_at(0.0)] < 0.1  # on the pad
    # The derived values agree with the simulator's own, within the sensor noise.
    stripped = Flight(
        f.t_s,
        {k: v for k, v in f.channels.items() if k not in ("mach", "fpa_deg")},
        {k: v for k, v in f.units.items() if k not in ("mach", "fpa_deg")},
        f.meta,
    )
    again = with_derived(stripped)
    moving = f.t_s > 20.0
    for name, tol in (("mach", 0.1), ("fpa_deg", 1.0)):
        diff = np.abs(again.channel(name) - f.channel(name))[moving]
        assert np.nanmax(diff) < tol, name


def test_a_foreign_flight_with_a_position_only_gets_what_it_can() -> None:
    t = np.arange(0.0, 10.0, 0.5)
    f = Flight(
        t,
        {"lat_deg": 40.0 + 0.01 * t, "lon_deg": np.full(t.size, -80.0), "alt_m": 100.0 * t},
        {"lat_deg": "deg", "lon_deg": "deg", "alt_m": "m"},
    )
    assert set(with_derived(f).channels) - set(f.channels) == {
        "downrange_km",
        "since_last_frame_s",
    }
    with_speed = Flight(
        t,
        {**f.channels, "v_relative_m_s": 30.0 * t, "v_vertical_m_s": 15.0 * t},
        {**f.units, "v_relative_m_s": "m/s", "v_vertical_m_s": "m/s"},
    )
    d = with_derived(with_speed)
    assert {"mach", "fpa_deg"} <= set(d.channels)
    assert d.channel("fpa_deg")[5] == pytest.approx(30.0)
    assert np.isnan(d.channel("fpa_deg")[0])  # at rest: no direction
    assert "specific_energy_j_kg" not in d.channels  # needs the velocity's direction


@pytest.mark.parametrize(
    ("name", "label", "scale"),
    [
        ("downrange_km", "Downrange distance (km)", 1.0),
        ("mach", "Mach number", 1.0),
        ("specific_energy_j_kg", "Specific mechanical energy (MJ/kg)", 1e-6),
        ("fpa_deg", "Flight-path angle (deg)", 1.0),
        ("since_last_frame_s", "Time since the last frame (s)", 1.0),
    ],
)
def test_every_derived_channel_has_a_readable_title_and_unit(
    name: str, label: str, scale: float
) -> None:
    d = display_of(name, derived.UNITS[name])
    assert d.label == label
    assert d.scale == pytest.approx(scale)


def test_blocks_of_rows_give_the_same_channels(monkeypatch: pytest.MonkeyPatch) -> None:
    f = read_flight(sample("progress-ms-04"))
    stripped = Flight(
        f.t_s,
        {k: v for k, v in f.channels.items() if k not in ("mach", "fpa_deg")},
        {k: v for k, v in f.units.items() if k not in ("mach", "fpa_deg")},
        f.meta,
    )
    whole = derived.derived_channels(stripped)
    monkeypatch.setattr(derived, "CHUNK_ROWS", 1000)  # 9748 rows: nine blocks and a short one
    for name, values in derived.derived_channels(stripped).items():
        np.testing.assert_array_equal(values, whole[name], err_msg=name)
