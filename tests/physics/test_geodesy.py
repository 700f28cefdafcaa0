"""Geodesy against skyfield's independent WGS84 implementation (offline)."""

import numpy as np
import pytest
from skyfield.api import load, wgs84
from skyfield.toposlib import ITRSPosition
from skyfield.units import Distance

from replay.physics.geodesy import (
    GroundStation,
    azimuth_deg,
    ecef_from_geodetic,
    ecef_from_geodetic_unchecked,
    elevation_deg,
    geodetic_from_ecef,
    geodetic_from_ecef_unchecked,
    slant_range_m,
)

RNG = np.random.default_rng(1976)
LAT = np.concatenate([RNG.uniform(-90, 90, 200), [0.0, 45.92, 89.99999, -89.99999, 90.0]])
LON = np.concatenate([RNG.uniform(-180, 180, 200), [0.0, 63.34, 10.0, -170.0, 0.0]])
H = np.concatenate([RNG.uniform(-500, 1.2e6, 200), [0.0, 90.0, 2e5, 5e5, 1e3]])


# The worked example of IOGP Publication 373-7-2 (EPSG Guidance Note 7-2), section 2.2.1,
# "Geographic/geocentric conversions" (EPSG method 9602), on WGS84: printed to 0.001" and 1 mm.
EPSG_LAT_DEG = 53.0 + 48.0 / 60.0 + 33.820 / 3600.0
EPSG_LON_DEG = 2.0 + 7.0 / 60.0 + 46.380 / 3600.0
EPSG_H_M = 73.0
EPSG_XYZ_M = (3771793.968, 140253.342, 5124304.349)


def test_forward_reproduces_the_published_epsg_example() -> None:
    xyz = ecef_from_geodetic(EPSG_LAT_DEG, EPSG_LON_DEG, EPSG_H_M)
    np.testing.assert_allclose(xyz, EPSG_XYZ_M, rtol=0.0, atol=0.5e-3)


def test_inverse_reproduces_the_published_epsg_example() -> None:
    lat, lon, h = geodetic_from_ecef(*EPSG_XYZ_M)
    # 0.0005" of arc is 1.5 cm on the ground: half the last printed digit.
    assert abs(float(lat) - EPSG_LAT_DEG) * 3600.0 < 0.0005
    assert abs(float(lon) - EPSG_LON_DEG) * 3600.0 < 0.0005
    assert float(h) == pytest.approx(EPSG_H_M, abs=0.5e-3)


def test_inverse_is_exact_far_from_the_surface() -> None:
    # Against the closed-form forward conversion, from 5 km below the ellipsoid to beyond GEO.
    lat = RNG.uniform(-90, 90, 2000)
    lon = RNG.uniform(-180, 180, 2000)
    h = RNG.uniform(-5e3, 4e7, 2000)
    xyz = ecef_from_geodetic(lat, lon, h)
    got = geodetic_from_ecef(xyz[:, 0], xyz[:, 1], xyz[:, 2])
    assert np.max(np.abs(got[0] - lat)) < 1e-12
    assert np.max(np.abs(got[2] - h)) < 1e-6


def test_unchecked_variants_pass_gaps_through() -> None:
    xyz = ecef_from_geodetic_unchecked(np.array([45.0, np.nan]), 63.0, 100.0)
    assert np.isfinite(xyz[0]).all()
    assert np.isnan(xyz[1]).all()
    lat, lon, h = geodetic_from_ecef_unchecked(xyz[:, 0], xyz[:, 1], xyz[:, 2])
    assert lat[0] == pytest.approx(45.0, abs=1e-12)
    assert h[0] == pytest.approx(100.0, abs=1e-6)
    assert np.isnan([lat[1], lon[1], h[1]]).all()


def test_forward_matches_skyfield() -> None:
    xyz = ecef_from_geodetic(LAT, LON, H)
    truth = wgs84.latlon(LAT, LON, elevation_m=H).itrs_xyz.m.T
    assert np.max(np.abs(xyz - truth)) < 1e-3  # better than 1 mm


def test_inverse_matches_skyfield() -> None:
    ts = load.timescale(builtin=True)
    t = ts.utc(2016, 12, 1, 15)
    xyz = wgs84.latlon(LAT, LON, elevation_m=H).itrs_xyz.m
    gp = wgs84.geographic_position_of(ITRSPosition(Distance(m=xyz)).at(t))
    lat, lon, h = geodetic_from_ecef(xyz[0], xyz[1], xyz[2])
    # skyfield's round trip goes through GCRS and back; it is good to ~1e-8 deg / ~2 mm.
    assert np.max(np.abs(lat - gp.latitude.degrees)) < 1e-6
    dlon = (lon - gp.longitude.degrees + 180.0) % 360.0 - 180.0
    assert np.max(np.abs(dlon[np.abs(LAT) < 89.9])) < 1e-6
    assert np.max(np.abs(h - gp.elevation.m)) < 0.01


def test_round_trip_is_sub_millimetre() -> None:
    xyz = ecef_from_geodetic(LAT, LON, H)
    lat, lon, h = geodetic_from_ecef(xyz[:, 0], xyz[:, 1], xyz[:, 2])
    assert np.max(np.abs(lat - LAT)) < 1e-9
    assert np.max(np.abs(h - H)) < 1e-3
    back = ecef_from_geodetic(lat, lon, h)
    assert np.max(np.abs(back - xyz)) < 1e-3


def test_shapes_broadcast() -> None:
    xyz = ecef_from_geodetic(np.zeros((4, 1)), np.zeros((1, 3)), 0.0)
    assert xyz.shape == (4, 3, 3)
    lat, _, _ = geodetic_from_ecef(xyz[..., 0], xyz[..., 1], xyz[..., 2])
    assert lat.shape == (4, 3)


def test_station_geometry_matches_skyfield_altaz() -> None:
    ts = load.timescale(builtin=True)
    t = ts.utc(2016, 12, 1, 15)
    station = GroundStation("Sary-Shagan", 46.12, 73.62, 400.0)
    pts = ecef_from_geodetic([49.18, 51.7, 45.0], [73.99, 94.5, 60.0], [193e3, 0.0, 50e3])
    el = elevation_deg(station, pts)
    az = azimuth_deg(station, pts)
    rng = slant_range_m(station, pts)
    site = wgs84.latlon(station.lat_deg, station.lon_deg, elevation_m=station.h_m)
    for k in range(3):
        alt_t, az_t, d_t = (ITRSPosition(Distance(m=pts[k])) - site).at(t).altaz()
        assert el[k] == pytest.approx(alt_t.degrees, abs=1e-7)
        assert az[k] == pytest.approx(az_t.degrees, abs=1e-7)
        assert rng[k] == pytest.approx(d_t.m, abs=1e-3)


def test_bad_inputs_raise_with_values() -> None:
    with pytest.raises(ValueError, match="lat_deg"):
        ecef_from_geodetic(91.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="finite"):
        ecef_from_geodetic(0.0, np.nan, 0.0)
    with pytest.raises(ValueError, match="centre"):
        geodetic_from_ecef(0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="length 3"):
        elevation_deg(GroundStation("x", 0, 0), np.zeros((2, 2)))


def test_angle_diff_wraps() -> None:
    from replay.physics.geodesy import angle_diff_deg

    assert angle_diff_deg(179.0, -179.0) == -2.0
    assert angle_diff_deg(-179.0, 179.0) == 2.0
    assert angle_diff_deg(10.0, 370.0) == 0.0
