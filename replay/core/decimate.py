"""Gap-aware min/max decimation for plotting long series at one or two points per pixel.

A plot of a million samples cannot afford to look at every sample on every frame, and it must
never draw a line across a dropout. So, once per flight:

* :func:`gap_rows`, :func:`with_gaps` and :func:`gapped_time` put one NaN row into the series
  after the last good sample of every gap (at the gap's middle time), so a line drawn with
  ``connect='finite'`` breaks there, and so does every min/max bin that contains the row;
* :class:`MinMaxPyramid` keeps, for bin sizes 2, 4, 8, ... samples, each bin's minimum and
  maximum. NaN propagates through ``np.minimum``/``np.maximum``, so a bin that spans a gap (or a
  missing value) is NaN at every level: gaps widen to at most one bin, they never vanish.

Per frame, :meth:`MinMaxPyramid.window` hands out the level that puts about one bin per pixel on
screen, cut at any sample count (the replay time): complete bins come from the pyramid and the
last, partial bin is reduced from the raw samples, so nothing after the cut is ever shown.

>>> t = np.array([0.0, 1.0, 2.0, 5.0, 6.0])
>>> rows = gap_rows(t, [2.0])                    # frames were lost between t=2 and t=5
>>> gapped_time(t, rows).tolist()
[0.0, 1.0, 2.0, 3.5, 5.0, 6.0]
>>> with_gaps(np.arange(5.0), rows).tolist()
[0.0, 1.0, 2.0, nan, 3.0, 4.0]
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray

IntArray = npt.NDArray[np.intp]


def gap_rows(t: FloatArray, gap_starts_s: Iterable[float]) -> IntArray:
    """Where to insert a break row: the index after the last sample at or before each gap start.

    Gaps that start at or after the last sample (a loss of signal) need no row: nothing follows.
    """
    starts = np.asarray(list(gap_starts_s), dtype=np.float64)
    after = np.searchsorted(t, starts, side="right")
    return np.unique(after[(after > 0) & (after < t.size)]).astype(np.intp)


def with_gaps(values: npt.NDArray[np.generic], rows: IntArray) -> FloatArray:
    """``values`` as float64 with a NaN inserted before each index of ``rows``."""
    v = np.asarray(values, dtype=np.float64)
    return np.insert(v, rows, np.nan) if rows.size else v.copy()


def break_wraps(values: FloatArray, period: float = 360.0) -> FloatArray:
    """``values`` with NaN after each jump of more than half a ``period`` between finite
    neighbours: an angle that wraps (longitude at ±180°, heading at 0/360°) is drawn as a break,
    not as a line across the plot. Modifies ``values`` in place and returns it."""
    if period <= 0.0 or not math.isfinite(period):
        raise ValueError(f"break_wraps: period must be a positive number, got {period!r}")
    finite = np.flatnonzero(np.isfinite(values))
    if finite.size > 1:
        jumps = np.abs(np.diff(values[finite])) > 0.5 * period
        values[finite[1:][jumps]] = np.nan
    return values


def gapped_time(t: FloatArray, rows: IntArray) -> FloatArray:
    """The time axis matching :func:`with_gaps`: each inserted row at the middle of its gap.

    The result stays finite and increasing, so it can be searched and drawn.
    """
    if rows.size == 0:
        return np.asarray(t, dtype=np.float64).copy()
    return np.insert(t, rows, 0.5 * (t[rows - 1] + t[rows]))


class MinMaxPyramid:
    """Per-bin minima and maxima of a series at bin sizes 2**k, NaN wherever a bin has a NaN.

    ``x`` must be finite and non-decreasing (a gapped time axis); ``y`` may hold NaN. Level 0 is
    the raw series. The arrays are kept as given, so ``window`` at level 0 returns views.
    """

    def __init__(self, x: FloatArray, y: FloatArray) -> None:
        if x.shape != y.shape or x.ndim != 1:
            raise ValueError(f"x and y must be 1-D of one shape, got {x.shape} and {y.shape}")
        self.x = x
        self.y = y
        self._lo: list[FloatArray] = [y]
        self._hi: list[FloatArray] = [y]
        lo, hi = y, y
        while lo.size >= 4:
            m = lo.size // 2 * 2
            lo = np.minimum(lo[0:m:2], lo[1:m:2])
            hi = np.maximum(hi[0:m:2], hi[1:m:2])
            self._lo.append(lo)
            self._hi.append(hi)

    @property
    def n_levels(self) -> int:
        return len(self._lo)

    def bins(self, level: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Start time, minimum and maximum of every complete bin of ``2**level`` samples."""
        step = 1 << level
        n = self._lo[level].size
        return self.x[0 : n * step : step], self._lo[level], self._hi[level]

    def level_for(self, n_samples: int, max_bins: int) -> int:
        """The finest level showing ``n_samples`` in at most ``max_bins`` bins (0: raw points).

        Raw points are used up to two per bin; above that each bin draws two points (min, max).
        """
        if n_samples <= 2 * max_bins:
            return 0
        k = math.ceil(math.log2(n_samples / max(max_bins, 1)))
        return min(k, self.n_levels - 1)

    def window(self, start: int, stop: int, level: int) -> tuple[FloatArray, FloatArray]:
        """Display points for samples ``[start, stop)``: raw views at level 0, else min/max pairs.

        Each bin gives two points at its start time, its minimum then its maximum. The bin
        holding ``start`` is drawn whole (it lies at the left edge of the view); the samples after
        the last complete bin before ``stop`` form a partial bin reduced here, so no sample at or
        after ``stop`` contributes.
        """
        start, stop = max(start, 0), min(stop, self.y.size)
        if stop <= start:
            empty = np.empty(0, dtype=np.float64)
            return empty, empty
        if level == 0:
            return self.x[start:stop], self.y[start:stop]
        j0, j1 = start >> level, stop >> level
        tail = j1 << level
        has_tail = tail < stop
        m = j1 - j0
        size = 2 * m + (2 if has_tail else 0)
        xs = np.empty(size, dtype=np.float64)
        ys = np.empty(size, dtype=np.float64)
        step = 1 << level
        bin_x = self.x[j0 << level : j1 << level : step]
        xs[0 : 2 * m : 2] = bin_x
        xs[1 : 2 * m : 2] = bin_x
        ys[0 : 2 * m : 2] = self._lo[level][j0:j1]
        ys[1 : 2 * m : 2] = self._hi[level][j0:j1]
        if has_tail:
            seg = self.y[max(tail, start) : stop]
            xs[-2:] = self.x[max(tail, start)]
            # np.min/np.max propagate NaN: a partial bin with a gap in it stays a gap.
            ys[-2] = seg.min()
            ys[-1] = seg.max()
        return xs, ys


def finite_range(y: FloatArray) -> tuple[float, float] | None:
    """The smallest and largest finite value of ``y``, or ``None`` if there is none."""
    if y.size == 0:
        return None
    # fmin/fmax skip NaN without the all-NaN warning nanmin gives.
    lo, hi = float(np.fmin.reduce(y)), float(np.fmax.reduce(y))
    if not (math.isfinite(lo) and math.isfinite(hi)):
        finite = y[np.isfinite(y)]
        if finite.size == 0:
            return None
        lo, hi = float(finite.min()), float(finite.max())
    return lo, hi
