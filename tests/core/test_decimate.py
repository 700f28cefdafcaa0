"""The gap-aware min/max pyramid against brute-force computations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replay.core.decimate import (
    MinMaxPyramid,
    break_wraps,
    finite_range,
    gap_rows,
    gapped_time,
    with_gaps,
)


def _brute_bins(y: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Min and max of every complete bin, NaN when the bin holds a NaN."""
    n = y.size // size
    lo = np.array([np.min(y[j * size : (j + 1) * size]) for j in range(n)])
    hi = np.array([np.max(y[j * size : (j + 1) * size]) for j in range(n)])
    return lo, hi


def _series(seed: int, n: int, nan_every: int = 37) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.cumsum(rng.uniform(0.5, 1.5, n))
    y = rng.normal(size=n)
    y[::nan_every] = np.nan
    return x, y


def test_every_level_matches_brute_force_min_and_max() -> None:
    x, y = _series(1, 1000)
    p = MinMaxPyramid(x, y)
    assert p.n_levels >= 8
    for level in range(1, p.n_levels):
        bx, lo, hi = p.bins(level)
        want_lo, want_hi = _brute_bins(y, 1 << level)
        np.testing.assert_array_equal(lo, want_lo)  # NaN where a bin holds a NaN
        np.testing.assert_array_equal(hi, want_hi)
        np.testing.assert_array_equal(bx, x[0 : lo.size << level : 1 << level])


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(1, 300),
    start=st.integers(0, 300),
    stop=st.integers(0, 300),
    level=st.integers(0, 7),
    seed=st.integers(0, 10_000),
)
def test_window_covers_exactly_the_samples_before_stop(
    n: int, start: int, stop: int, level: int, seed: int
) -> None:
    x, y = _series(seed, n, nan_every=11)
    p = MinMaxPyramid(x, y)
    level = min(level, p.n_levels - 1)
    xs, ys = p.window(start, stop, level)
    start, stop = max(start, 0), min(stop, n)
    if stop <= start:
        assert xs.size == ys.size == 0
        return
    # Nothing at or after ``stop`` is shown, and the last point is no earlier than its bin.
    assert xs.max() <= x[stop - 1]
    if level == 0:
        np.testing.assert_array_equal(xs, x[start:stop])
        np.testing.assert_array_equal(ys, y[start:stop])
        return
    size = 1 << level
    # Rebuild the expected points bin by bin from the raw samples.
    want_x: list[float] = []
    want_y: list[float] = []
    j = start // size
    while (j + 1) * size <= stop:
        seg = y[j * size : (j + 1) * size]
        want_x += [x[j * size]] * 2
        want_y += [np.min(seg), np.max(seg)]
        j += 1
    tail = max(j * size, start)
    if tail < stop:
        seg = y[tail:stop]
        want_x += [x[tail]] * 2
        want_y += [np.min(seg), np.max(seg)]
    np.testing.assert_array_equal(xs, want_x)
    np.testing.assert_array_equal(ys, want_y)


def test_window_at_level_zero_is_a_view() -> None:
    x, y = _series(2, 100)
    p = MinMaxPyramid(x, y)
    xs, ys = p.window(10, 50, 0)
    assert np.shares_memory(xs, x) and np.shares_memory(ys, y)


def test_a_one_frame_gap_survives_every_level() -> None:
    t = np.arange(100_000, dtype=np.float64) * 0.04
    t = np.delete(t, 54_321)  # one frame lost
    rows = gap_rows(t, [t[54_320]])
    assert rows.tolist() == [54_321]
    tg = gapped_time(t, rows)
    y = with_gaps(np.sin(t), rows)
    assert np.all(np.diff(tg) > 0)
    assert np.isnan(y[54_321]) and np.isfinite(np.delete(y, 54_321)).all()
    p = MinMaxPyramid(tg, y)
    gap_t = tg[54_321]
    for level in range(p.n_levels):
        xs, ys = p.window(0, tg.size, level)
        # A NaN display point sits at the gap: the line breaks there.
        nan_x = xs[np.isnan(ys)]
        assert nan_x.size > 0
        assert np.min(np.abs(nan_x - gap_t)) <= (1 << level) * 0.04 + 1e-9
        # And the break hides at most the bin that holds the gap.
        assert np.count_nonzero(np.isnan(ys)) <= 2 + 2 * (level == 0)


def test_gap_rows_ignore_a_gap_after_the_last_sample() -> None:
    t = np.array([0.0, 1.0, 2.0, 10.0])
    assert gap_rows(t, [2.0, 10.0, -5.0]).tolist() == [3]
    assert gap_rows(t, []).tolist() == []


def test_level_for_gives_one_to_two_points_per_pixel() -> None:
    x, y = _series(3, 1 << 16)
    p = MinMaxPyramid(x, y)
    assert p.level_for(1500, 1000) == 0
    for n in (2001, 5000, 65_000):
        level = p.level_for(n, 1000)
        bins = n / (1 << level)
        assert 500 <= bins <= 1000, (n, level)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1.0, np.nan, -2.0], (-2.0, 1.0)),
        ([np.nan, np.nan], None),
        ([], None),
        ([np.inf, 3.0, 4.0], (3.0, 4.0)),
    ],
)
def test_finite_range(values: list[float], expected: tuple[float, float] | None) -> None:
    assert finite_range(np.asarray(values, dtype=np.float64)) == expected


def test_a_wrapping_angle_breaks_instead_of_crossing_the_plot() -> None:
    lon = np.array([178.0, 179.0, -180.0, -179.0, np.nan, -178.0, 179.5, 179.0])
    out = break_wraps(lon.copy())
    # The first sample past each wrap goes; the NaN gap stays; nothing else moves.
    expected = [178.0, 179.0, np.nan, -179.0, np.nan, -178.0, np.nan, 179.0]
    np.testing.assert_array_equal(out, expected)
    heading = np.array([358.0, 359.5, 0.5, 2.0])
    assert np.isnan(break_wraps(heading.copy())).tolist() == [False, False, True, False]
    smooth = np.linspace(-90.0, 90.0, 50)
    np.testing.assert_array_equal(break_wraps(smooth.copy()), smooth)
    with pytest.raises(ValueError, match=r"period must be a positive number, got 0\.0"):
        break_wraps(smooth, period=0.0)
