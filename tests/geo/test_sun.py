"""The subsolar point against the seasons' known geometry, and the day/night terminator."""

from __future__ import annotations

import math
import warnings
from datetime import UTC, datetime

import numpy as np
import pytest

from replay.geo import sun

#: Obliquity of the ecliptic in 2016-2024 (IAU 2006: 23.4393° at J2000, -0.013°/century).
OBLIQUITY_DEG = 23.436


def _inside(px: np.ndarray, py: np.ndarray, x: float, y: float) -> bool:
    """Even-odd rule point-in-polygon (an independent check of the night polygon)."""
    j = np.roll(np.arange(px.size), 1)
    crosses = (py > y) != (py[j] > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        xi = px[j] + (y - py[j]) * (px - px[j]) / (py - py[j])
    return bool(np.count_nonzero(crosses & (x < xi)) % 2)


def test_june_solstice_sun_is_over_the_tropic_of_cancer() -> None:
    # 2024 June solstice: 2024-06-20 20:51 UTC. Equation of time then ~ -1.6 min, so the Sun
    # is on the meridian where local mean time is 12:01.6: lon = -(20.85 - 12.03) * 15.
    lat, lon = sun.subsolar_point(datetime(2024, 6, 20, 20, 51, tzinfo=UTC))
    assert lat == pytest.approx(OBLIQUITY_DEG, abs=0.01)
    assert lon == pytest.approx(-132.3, abs=0.3)


def test_december_solstice_sun_is_over_the_tropic_of_capricorn() -> None:
    lat, _ = sun.subsolar_point(datetime(2016, 12, 21, 10, 44, tzinfo=UTC))
    assert lat == pytest.approx(-OBLIQUITY_DEG, abs=0.01)


def test_march_equinox_sun_is_on_the_equator() -> None:
    # 2024-03-20 03:06 UTC; equation of time ~ -7.5 min puts the Sun at 135.4°E.
    lat, lon = sun.subsolar_point(datetime(2024, 3, 20, 3, 6, tzinfo=UTC))
    assert abs(lat) < 0.01
    assert lon == pytest.approx(135.4, abs=0.3)


def test_noon_utc_sun_is_near_greenwich_when_the_equation_of_time_vanishes() -> None:
    # The equation of time crosses zero around 15 April; naive datetimes are UTC.
    _, lon = sun.subsolar_point(datetime(2016, 4, 15, 12, 0))
    assert abs(lon) < 0.25


def test_subsolar_points_track_the_earth_turning() -> None:
    lat, lon = sun.subsolar_points(datetime(2016, 12, 1, 14, 51, 52, tzinfo=UTC), [0.0, 600.0])
    assert abs(lat[1] - lat[0]) < 0.01
    assert (lon[0] - lon[1]) == pytest.approx(2.5, abs=0.01)  # 360° a day westward


def test_ephemeris_loads_offline_without_warnings() -> None:
    sun._sky.cache_clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "finals2000A.all has expired", no downloads
        lat, _ = sun.subsolar_point(datetime(2020, 6, 20, 21, 44, tzinfo=UTC))
    assert lat == pytest.approx(OBLIQUITY_DEG, abs=0.01)


def _great_circle_deg(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2, dl = math.radians(lat1), np.radians(lat2), np.radians(lon2 - lon1)
    c = math.sin(p1) * np.sin(p2) + math.cos(p1) * np.cos(p2) * np.cos(dl)
    d: np.ndarray = np.degrees(np.arccos(np.clip(c, -1.0, 1.0)))
    return d


@pytest.mark.parametrize(
    ("lat_s", "lon_s"),
    [(23.44, -132.3), (-23.44, 170.0), (0.0, 135.4), (-0.0, 10.0), (5.0, 90.0), (1e-9, -90.0)],
)
def test_terminator_is_90_degrees_from_the_sun(lat_s: float, lon_s: float) -> None:
    lon, lat = sun.terminator(lat_s, lon_s)
    assert lon[0] == -180.0 and lon[-1] == 180.0
    assert np.all(np.diff(lon) >= 0.0)  # a function of longitude: one polygon shades it
    assert np.allclose(_great_circle_deg(lat_s, lon_s, lat, lon), 90.0, atol=1e-3)


@pytest.mark.parametrize(
    ("lat_s", "lon_s"), [(23.44, -132.3), (-21.9, -45.7), (0.0, 135.4), (-0.0, 0.0)]
)
def test_night_polygon_holds_exactly_the_points_in_the_dark(lat_s: float, lon_s: float) -> None:
    px, py = sun.night_polygon(lat_s, lon_s)
    assert px[0] == px[-1] and py[0] == py[-1]
    rng = np.random.default_rng(7)
    lat, lon = rng.uniform(-89.0, 89.0, 400), rng.uniform(-179.9, 179.9, 400)
    dark = sun.is_night(lat, lon, lat_s, lon_s)
    clear = np.abs(_great_circle_deg(lat_s, lon_s, lat, lon) - 90.0) > 1.0
    for a, b, night in zip(lat[clear], lon[clear], dark[clear], strict=True):
        assert _inside(px, py, float(b), float(a)) == bool(night), (a, b)


def test_is_night_at_the_subsolar_and_antisolar_points() -> None:
    assert not sun.is_night(23.4, -132.3, 23.4, -132.3)
    assert sun.is_night(-23.4, 47.7, 23.4, -132.3)
    dn = sun.day_night(datetime(2016, 12, 1, 14, 58, 14, tzinfo=UTC))
    assert dn.subsolar_lat_deg == pytest.approx(-21.92, abs=0.02)
    assert sun.is_night(49.13, 74.10, dn.subsolar_lat_deg, dn.subsolar_lon_deg)  # MS-04's LOS


def test_the_sun_track_interpolates_the_ephemeris_across_the_antimeridian() -> None:
    # 1 Dec 2016 at 23:00 UTC the Sun is overhead near 179°W and crosses 180° within minutes.
    epoch = datetime(2016, 12, 1, 23, 0, tzinfo=UTC)
    track = sun.sun_track(epoch, 0.0, 1200.0)
    assert track is not None and track.covers(0.0, 1200.0 + sun.TRACK_AHEAD_S)
    for t in (0.0, 333.0, 1000.0, 1700.0):
        lat, lon = sun.subsolar_points(epoch, t)
        assert track.at(t) == pytest.approx((float(lat), float(lon)), abs=1e-3)
    assert not track.covers(0.0, 1200.0 + sun.TRACK_AHEAD_S + 1.0)


def test_no_sun_track_without_a_utc_or_outside_the_ephemeris() -> None:
    assert sun.sun_track(None, 0.0, 600.0) is None
    assert sun.sun_track(datetime(2070, 1, 1, tzinfo=UTC), 0.0, 600.0) is None
