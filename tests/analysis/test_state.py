"""ECEF position and velocity derived from a geodetic position (issue 13), against truth."""

from __future__ import annotations

import numpy as np
import pytest

from replay.analysis.state import (
    DERIVED_KEY,
    derive_state,
    derived_channels,
    velocity_from_geodetic,
)
from replay.core import channels as ch
from replay.core.flight import Flight, FlightMeta
from replay.physics.constants import A_M
from replay.physics.geodesy import ecef_from_geodetic, geodetic_from_ecef
from tests.analysis import real_flights as rf
from tests.factories import make_flight

GEO_UNITS = {"lat_deg": "deg", "lon_deg": "deg", "alt_m": "m"}


def _circle(t: np.ndarray, radius_m: float, speed_m_s: float) -> tuple[np.ndarray, np.ndarray]:
    """A great circle at constant radius across the antimeridian, its exact position and
    velocity: r = R (cos θ u + sin θ w), v = R θ' (-sin θ u + cos θ w)."""
    u = np.array([-1.0, 0.0, 0.0])  # starts over 180° E
    w = np.array([0.0, -np.cos(0.9), np.sin(0.9)])  # 51.6° inclined, heading west... then east
    theta = speed_m_s / radius_m * t
    r = radius_m * (np.cos(theta)[:, None] * u + np.sin(theta)[:, None] * w)
    v = speed_m_s * (-np.sin(theta)[:, None] * u + np.cos(theta)[:, None] * w)
    return r, v


def test_velocity_on_a_great_circle_matches_the_exact_derivative() -> None:
    """Independent truth: the analytic derivative of a circle at 200 km, 7.7 km/s, 25 Hz."""
    t = np.arange(-300.0, 300.0, 0.04)
    r, v = _circle(t, A_M + 200e3, 7700.0)
    lat, lon, alt = geodetic_from_ecef(*r.T)
    assert lon.min() < -170.0 and lon.max() > 170.0  # it crosses the antimeridian
    derived = velocity_from_geodetic(t, lat, lon, alt)
    err = np.linalg.norm(derived - v, axis=1)
    assert np.median(err) < 1e-3  # m/s, out of 7,700
    assert err[2:-2].max() < 1e-2
    assert err.max() < 0.5  # one-sided at the two ends


def test_stale_fixes_and_coarse_steps_give_the_speed_not_spikes() -> None:
    """A 1 Hz GNSS fix repeated in every row of a 20 Hz log, altitude rounded to 100 m (a
    webcast's 0.1 km): the speed is the true 300 m/s climb and 100 m/s eastwards."""
    t = np.arange(0.0, 60.0, 0.05)
    truth_t = np.floor(t)  # the fix of the last whole second
    lat = np.full(t.size, 32.94)
    east_deg_s = 100.0 / (np.pi / 180.0 * (A_M * np.cos(np.radians(32.94))))
    lon = -106.9 + east_deg_s * truth_t
    alt = np.round((1400.0 + 300.0 * t) / 100.0) * 100.0
    v = velocity_from_geodetic(t, lat, lon, alt)
    speed = np.linalg.norm(v, axis=1)
    inner = (t > 3.0) & (t < 57.0)
    assert speed[inner] == pytest.approx(np.hypot(300.0, 100.0), rel=0.05)


def test_no_velocity_across_a_gap_or_where_a_fix_is_missing() -> None:
    t = np.arange(0.0, 20.0, 0.1)
    t = np.concatenate([t[:60], t[100:]])  # 4 s without data
    lat = 45.0 + 1e-4 * t
    lon = 7.0 + 1e-4 * t
    alt = 1000.0 + 5.0 * t
    lat[120] = np.nan  # one fix missing
    lon[130] = lat[130] = 0.0  # a receiver's "no fix yet"
    f = derive_state(Flight(t, {"lat_deg": lat, "lon_deg": lon, "alt_m": alt}, GEO_UNITS))
    vx = np.asarray(f.channels["vx_ecef_m_s"])
    x = np.asarray(f.channels["x_ecef_m"])
    assert np.isnan(vx[[120, 130]]).all() and np.isnan(x[[120, 130]]).all()
    assert np.isfinite(np.delete(vx, [120, 130])).all()
    # Either side of the gap, the speed is the one before and after it, not a jump across.
    v = np.stack([f.channels[n] for n in ch.VELOCITY_ECEF], axis=1)
    speed = np.linalg.norm(v, axis=1)
    assert speed[58:62] == pytest.approx(speed[30], rel=1e-3)


def test_derive_state_records_what_it_added_and_leaves_whole_flights_alone() -> None:
    whole = make_flight(n=50)
    assert derive_state(whole) is whole and derived_channels(whole) == ()
    alt_only = Flight(whole.t_s, {"alt_m": whole.channels["alt_m"]}, {"alt_m": "m"})
    assert derive_state(alt_only) is alt_only
    geo = Flight(
        whole.t_s,
        {n: whole.channels[n] for n in ch.GEODETIC},
        GEO_UNITS,
        FlightMeta(extra={"operator": "tests"}),
    )
    g = derive_state(geo)
    assert derived_channels(g) == (*ch.POSITION_ECEF, *ch.VELOCITY_ECEF)
    assert g.meta.extra["operator"] == "tests" and DERIVED_KEY in g.meta.extra
    assert g.units["x_ecef_m"] == "m" and g.units["vz_ecef_m_s"] == "m/s"
    for n in ch.POSITION_ECEF:
        assert g.channels[n] == pytest.approx(whole.channels[n], abs=1e-6)
    v, v_true = ([f.channels[n] for n in ch.VELOCITY_ECEF] for f in (g, whole))
    # The factory's own velocity is np.gradient of its ECEF position: a second opinion.
    assert np.abs(np.subtract(v, v_true))[:, 2:-2].max() < 0.01
    ecef_only = Flight(
        whole.t_s,
        {n: whole.channels[n] for n in ch.POSITION_ECEF},
        dict.fromkeys(ch.POSITION_ECEF, "m"),
    )
    assert derived_channels(derive_state(ecef_only)) == ch.VELOCITY_ECEF
    with pytest.raises(ValueError, match="flight must be a Flight, got dict"):
        derive_state({})  # type: ignore[arg-type]


def test_velocity_from_geodetic_checks_its_input() -> None:
    with pytest.raises(ValueError, match="1-D of one length"):
        velocity_from_geodetic([0.0, 1.0], [1.0], [1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="strictly increasing"):
        velocity_from_geodetic([1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 2.0])


def test_the_juno_gnss_log_moves_as_its_own_doppler_speeds_say() -> None:
    """The logger also writes its horizontal and vertical speed (HORZV, VERTV, ft/s), measured
    apart from its positions: the speeds derived from LAT, LON and ALT agree. (In boost VERTV
    lags the altitude by ~1 s, so the vertical check starts once the climb slows.)"""
    f = derive_state(rf.juno3_gnss())
    rows = rf._rows("rocketpy_juno3-cots-gnss.csv")
    t_rows, horz_ft_s, vert_ft_s = rf._col(rows, 0), rf._col(rows, 2), rf._col(rows, 3)
    r = np.stack([f.channels[n] for n in ch.POSITION_ECEF], axis=1)
    v = np.stack([f.channels[n] for n in ch.VELOCITY_ECEF], axis=1)
    up = np.sum(v * r, axis=1) / np.linalg.norm(r, axis=1)  # geocentric up: close enough here
    horizontal = np.sqrt(np.sum(v * v, axis=1) - up**2)
    for when in np.arange(6.0, 40.0, 2.0):
        i = int(np.argmin(np.abs(t_rows - when)))
        k = int(np.argmin(np.abs(f.t_s - when)))
        assert horizontal[k] == pytest.approx(horz_ft_s[i] * rf.FT_M, abs=5.0), when
        if when >= 16.0:
            assert up[k] == pytest.approx(vert_ft_s[i] * rf.FT_M, rel=0.1, abs=4.0), when
    assert ecef_from_geodetic(
        f.channels["lat_deg"][0], f.channels["lon_deg"][0], f.channels["alt_m"][0]
    ) == pytest.approx(r[0])
