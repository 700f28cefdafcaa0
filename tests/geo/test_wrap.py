"""Longitudes made continuous across the antimeridian, and moved next to a reference."""

from __future__ import annotations

import numpy as np
import pytest

from replay.geo.wrap import near_lon_deg, unwrap_lon_deg


def test_a_track_across_the_antimeridian_runs_on_past_180() -> None:
    # Eastwards from Mahia (177.9°E) at 0.5° a sample: 178.9, 179.9, then -179.1 ...
    lon = (177.9 + 0.5 * np.arange(1, 9) + 180.0) % 360.0 - 180.0
    out = unwrap_lon_deg(lon)
    assert np.allclose(out, 177.9 + 0.5 * np.arange(1, 9))
    assert np.all(np.diff(out) > 0)


def test_nan_stay_gaps_and_the_track_resumes_on_the_same_side() -> None:
    lon = np.array([179.0, 179.5, np.nan, np.nan, -179.5, -179.0])
    out = unwrap_lon_deg(lon)
    assert np.isnan(out[2:4]).all()
    assert out[[0, 1, 4, 5]] == pytest.approx([179.0, 179.5, 180.5, 181.0])


def test_westwards_and_already_continuous() -> None:
    assert unwrap_lon_deg([-179.0, 179.0, 177.0]) == pytest.approx([-179.0, -181.0, -183.0])
    assert unwrap_lon_deg([63.3, 70.0, 95.0]) == pytest.approx([63.3, 70.0, 95.0])
    assert unwrap_lon_deg([]).size == 0


def test_unwrap_names_a_bad_shape() -> None:
    with pytest.raises(ValueError, match=r"1-D array, got shape \(2, 2\)"):
        unwrap_lon_deg([[0.0, 1.0], [2.0, 3.0]])


def test_near_moves_by_whole_turns_only() -> None:
    assert near_lon_deg(-170.0, 185.0) == pytest.approx(190.0)
    assert near_lon_deg(63.3, 70.0) == pytest.approx(63.3)
    assert near_lon_deg([10.0, -10.0], [350.0, -350.0]) == pytest.approx([370.0, -370.0])
    assert np.isnan(near_lon_deg(np.nan, 0.0)) and np.isnan(near_lon_deg(0.0, np.nan))
