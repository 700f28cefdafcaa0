"""The ground track never crosses the map; UTC comes from skyfield's builtin timescale."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from replay.analysis.track import ground_track, utc_iso
from replay.core.flight import Flight
from replay.physics.geodesy import ecef_from_geodetic


def test_split_at_the_antimeridian() -> None:
    lon = np.array([178.0, 179.0, 179.9, -179.9, -179.0, -178.0])
    lat = np.linspace(10, 11, 6)
    xyz = ecef_from_geodetic(lat, lon, 200e3)
    chans = {"x_ecef_m": xyz[:, 0], "y_ecef_m": xyz[:, 1], "z_ecef_m": xyz[:, 2]}
    track = ground_track(Flight(np.arange(6.0), chans, dict.fromkeys(chans, "m")))
    assert track is not None
    assert track.connect.tolist() == [True, True, False, True, True, False]
    assert [(s.start, s.stop) for s in track.segments] == [(0, 3), (3, 6)]
    np.testing.assert_allclose(track.lon_deg, lon, atol=1e-9)
    np.testing.assert_allclose(track.alt_m, 200e3, atol=1e-3)


def test_a_track_from_ecef_alone_comes_from_the_earth_model() -> None:
    # Was a comparison of skyfield's conversion with ours; the track now uses ours only (the
    # comparison with skyfield lives in tests/physics/test_geodesy.py).
    lat, lon, h = np.array([45.92, -33.0]), np.array([63.342, 151.2]), np.array([90.0, 250e3])
    xyz = ecef_from_geodetic(lat, lon, h)
    chans = {"x_ecef_m": xyz[:, 0], "y_ecef_m": xyz[:, 1], "z_ecef_m": xyz[:, 2]}
    got = ground_track(Flight(np.arange(2.0), chans, dict.fromkeys(chans, "m")))
    assert got is not None
    np.testing.assert_allclose(got.lat_deg, lat, atol=1e-7)
    np.testing.assert_allclose(got.alt_m, h, atol=1e-2)


def test_utc_of_the_ms04_loss() -> None:
    epoch = datetime(2016, 12, 1, 14, 51, 52, tzinfo=UTC)
    assert utc_iso(epoch, 382.0) == "2016-12-01T14:58:14.000Z"
    assert utc_iso(None, 1.0) is None


def test_no_position_no_track() -> None:
    assert ground_track(Flight(np.arange(3.0), {"a": np.zeros(3)}, {"a": ""})) is None


@pytest.mark.parametrize("bad", [float("nan")])
def test_places_refuse_impossible_points(bad: float) -> None:
    from replay.analysis.places import nearest_place

    with pytest.raises(ValueError, match="no place"):
        nearest_place(bad, 10.0)
