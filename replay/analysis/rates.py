"""The stream's local rhythm: the typical interval around each sample, and where the rate changes.

Real logs do not keep one rate: an altimeter writes 100 Hz in boost and 10 Hz after, a GNSS
logger 10 Hz then 1 Hz, a webcast capture 30 frames a second with one-frame jitter. So every
interval is judged against the intervals around it: :func:`local_period_s` is the median of the
``LOCAL_WINDOW`` intervals before it or of those after it, whichever is longer. Either median
shrugs off a gap (fewer than half of its intervals are gaps), and the longer of the two never
takes a change of rate for a gap: the first slow interval already has slow ones after it.

>>> t = np.concatenate([np.arange(0.0, 10.0, 0.01), np.arange(10.0, 20.0, 0.1)])
>>> describe_rates(rate_segments(t))
'100 Hz until T+00:10.0, then 10 Hz'
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from replay.core.timefmt import format_t_plus
from replay.core.types import FloatArray

#: Intervals on each side of an interval that set its local period.
LOCAL_WINDOW = 16
#: Intervals per block when the rate is traced along the flight.
RATE_BLOCK = 32
#: A rate that differs from the current one by more than this factor starts a new segment...
RATE_CHANGE = 1.5
#: ...if it lasts at least this many blocks (shorter changes are merged into their neighbours).
RATE_MIN_BLOCKS = 4
#: More segments than this are described as a range, not one by one.
RATE_MAX_DESCRIBED = 4
_CHUNK = 65536


@dataclass(frozen=True, slots=True)
class RateSegment:
    """A stretch of the stream at one rate: its typical (median) interval and its mean rate.

    The two differ where the intervals alternate: a webcast capture alternating 0.033 s and
    0.067 s has a typical interval of one of them and a mean rate of 20 Hz. Gaps are left out.
    """

    t_start_s: float
    t_end_s: float
    period_s: float
    rate_hz: float

    def as_dict(self) -> dict[str, float]:
        return {
            "t_start_s": self.t_start_s,
            "t_end_s": self.t_end_s,
            "period_s": self.period_s,
            "rate_hz": self.rate_hz,
        }


def local_period_s(t_s: npt.ArrayLike, index: npt.ArrayLike | None = None) -> FloatArray:
    """The local period of intervals ``index`` (all by default) of the time axis ``t_s``.

    Interval ``i`` runs from ``t_s[i]`` to ``t_s[i + 1]``. Raises ``ValueError`` naming the
    problem when ``t_s`` has fewer than two samples, is not finite or does not increase, or an
    index is out of range.

    A 0.5 s gap in a 100 Hz stream that then slows to 10 Hz: the gap is 50 local periods long,
    the slowing is no gap at all.

    >>> t = np.concatenate([np.arange(100) * 0.01, 1.5 + np.arange(100) * 0.01,
    ...                     2.5 + np.arange(50) * 0.1])
    >>> gap, slow = 99, 200
    >>> np.diff(t)[[gap, slow]].round(2).tolist(), local_period_s(t, [gap, slow]).round(2).tolist()
    ([0.51, 0.1], [0.01, 0.1])
    """
    t = np.asarray(t_s, dtype=np.float64)
    if t.ndim != 1 or t.size < 2:
        raise ValueError(f"t_s must be one-dimensional with at least two samples, got {t.shape}")
    dt = np.diff(t)
    if not np.all(np.isfinite(t)) or not np.all(dt > 0):
        raise ValueError("t_s must be finite and strictly increasing")
    idx = np.arange(dt.size) if index is None else np.asarray(index, dtype=np.int64)
    if idx.size and (idx.min() < 0 or idx.max() >= dt.size):
        raise ValueError(f"index must lie in [0, {dt.size - 1}], got {idx.min()}..{idx.max()}")
    return local_periods_unchecked(dt, idx)


def local_periods_unchecked(dt: FloatArray, idx: npt.NDArray[np.int64]) -> FloatArray:
    """Core: max(median of the W intervals before, median of the W after) for intervals idx."""
    w = LOCAL_WINDOW
    padded = np.concatenate([np.full(w, np.nan), dt, np.full(w, np.nan)])
    before = np.arange(-w, 0)
    after = np.arange(1, w + 1)
    out = np.empty(idx.size)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # windows past an end are all NaN
        for k in range(0, idx.size, _CHUNK):  # bounded memory: (chunk, W) windows at a time
            i = idx[k : k + _CHUNK, None] + w
            left = np.nanmedian(padded[i + before], axis=1)
            right = np.nanmedian(padded[i + after], axis=1)
            out[k : k + _CHUNK] = np.fmax(left, right)  # fmax: a side with no intervals is NaN
    # A stream of two samples has no neighbours at all: its one interval is its own period.
    return np.where(np.isfinite(out), out, dt[idx])


def gap_candidates(dt: FloatArray, factor: float) -> npt.NDArray[np.intp]:
    """The intervals that may be longer than ``factor`` local periods, cheaply: those longer
    than ``factor`` times the shortest interval in their block and the blocks either side
    (a lower bound of their local period). Only they need their local period worked out.
    """
    w = 4 * LOCAL_WINDOW  # any block of at least LOCAL_WINDOW keeps the bound; longer is faster
    full = dt.size // w * w
    blocks = dt[:full].reshape(-1, w)  # a view; the last, partial block apart
    lo, hi = blocks.min(axis=1), blocks.max(axis=1)
    if full < dt.size:
        lo = np.append(lo, dt[full:].min())
        hi = np.append(hi, dt[full:].max())
    padded = np.concatenate([[np.inf], lo, [np.inf]])
    around = np.minimum(np.minimum(padded[:-2], padded[1:-1]), padded[2:])
    hot = np.flatnonzero(hi > factor * around)  # blocks holding at least one candidate
    idx = (hot[:, None] * w + np.arange(w)).ravel()
    idx = idx[idx < dt.size]
    return np.asarray(idx[dt[idx] > factor * around[idx // w]], dtype=np.intp)


def rate_segments(
    t_s: npt.ArrayLike, normal: npt.NDArray[np.bool_] | None = None
) -> tuple[RateSegment, ...]:
    """Where the stream keeps one rate. ``normal[i]`` false leaves interval ``i`` (a gap) out.

    Raises ``ValueError`` when ``t_s`` has fewer than two samples or ``normal`` the wrong shape.
    """
    t = np.asarray(t_s, dtype=np.float64)
    if t.ndim != 1 or t.size < 2:
        raise ValueError(f"t_s must be one-dimensional with at least two samples, got {t.shape}")
    dt = np.diff(t)
    ok = np.ones(dt.size, dtype=bool) if normal is None else np.asarray(normal, dtype=bool)
    if ok.shape != dt.shape:
        raise ValueError(f"normal must have one value per interval {dt.shape}, got {ok.shape}")
    gaps = np.flatnonzero(~ok) if ok.any() else np.zeros(0, dtype=np.intp)
    return rate_segments_unchecked(t, dt, gaps)


def rate_segments_unchecked(
    t: FloatArray, dt: FloatArray, gaps: npt.NDArray[np.intp], typical_s: float | None = None
) -> tuple[RateSegment, ...]:
    """:func:`rate_segments` on checked input (``dt = diff(t)``, ``gaps`` the intervals left
    out, sorted); ``typical_s``, the median interval if known, spares a second median when the
    rate never changes."""
    b = RATE_BLOCK
    starts = np.arange(0, dt.size, b)
    nb = starts.size
    # The mean interval of each block over its normal intervals (sums of intervals are
    # differences of times), smoothed over 5 blocks.
    bounds = np.append(starts, dt.size)
    total = t[bounds[1:]] - t[bounds[:-1]]
    count = np.diff(bounds).astype(np.float64)
    if gaps.size:
        total -= np.bincount(gaps // b, weights=dt[gaps], minlength=nb)
        count -= np.bincount(gaps // b, minlength=nb)
    with np.errstate(invalid="ignore", divide="ignore"):
        level = _fill(np.log(total / count))
    if np.ptp(level) <= math.log(RATE_CHANGE):
        blocks = [0]  # one rate throughout (the common case, decided without a loop)
    else:
        if nb >= 5:
            padded = np.concatenate([level[:1], level[:1], level, level[-1:], level[-1:]])
            level = np.median(np.lib.stride_tricks.sliding_window_view(padded, 5), axis=1)
        blocks = _change_blocks(level)
    levels = [float(np.median(level[a:z])) for a, z in itertools.pairwise([*blocks, nb])]
    ok = np.ones(dt.size if len(blocks) > 1 else 0, dtype=bool)  # needed where it changes
    if ok.size:
        ok[gaps] = False
    edges = [0]
    for k in range(1, len(blocks)):  # the interval where the rate changes, near the block edge
        lo = max(edges[-1] + 1, (blocks[k] - 1) * b)
        hi = min(dt.size - 1, (blocks[k] + 1) * b)
        edges.append(_split(np.log(dt[lo:hi]), ok[lo:hi], levels[k - 1], levels[k]) + lo)
    edges.append(dt.size)
    if len(edges) == 2:  # one segment: its figures without another pass over the data
        n_ok = dt.size - gaps.size
        span = float(t[-1] - t[0]) - float(dt[gaps].sum())
        typical = typical_s if typical_s is not None else float(np.median(np.delete(dt, gaps)))
        rate = n_ok / span if n_ok else dt.size / float(t[-1] - t[0])
        return (RateSegment(float(t[0]), float(t[-1]), typical, rate),)
    out = []
    for a, z in itertools.pairwise(edges):
        seg, use = dt[a:z], ok[a:z]
        pick = seg[use] if use.any() else seg
        out.append(
            RateSegment(float(t[a]), float(t[z]), float(np.median(pick)), pick.size / pick.sum())
        )
    return tuple(out)


def _split(log_dt: FloatArray, ok: npt.NDArray[np.bool_], left: float, right: float) -> int:
    """Where in ``log_dt`` the level steps from ``left`` to ``right`` (least absolute misfit)."""
    if log_dt.size == 0:
        return 0
    to_left = np.where(ok, np.abs(log_dt - left), 0.0)
    to_right = np.where(ok, np.abs(log_dt - right), 0.0)
    # cost of splitting before k: intervals < k on the left level, >= k on the right one
    cost = np.concatenate([[0.0], np.cumsum(to_left)]) + np.concatenate(
        [np.cumsum(to_right[::-1])[::-1], [0.0]]
    )
    return int(np.argmin(cost[1:])) + 1


def _fill(level: FloatArray) -> FloatArray:
    """Blocks with no normal interval take the level of the block before (or after)."""
    bad = ~np.isfinite(level)
    if not bad.any():
        return level
    idx = np.where(bad, 0, np.arange(level.size))
    np.maximum.accumulate(idx, out=idx)
    filled = level[idx]
    first = np.flatnonzero(np.isfinite(filled))
    return np.where(np.isfinite(filled), filled, filled[first[0]] if first.size else 0.0)


def _change_blocks(level: FloatArray) -> list[int]:
    """First block of each segment: a level off the current one by RATE_CHANGE for
    RATE_MIN_BLOCKS blocks in a row starts a new one."""
    limit = math.log(RATE_CHANGE)
    starts, ref, run = [0], float(level[0]), 0
    for k in range(1, level.size):
        if abs(float(level[k]) - ref) > limit:
            run += 1
            if run >= RATE_MIN_BLOCKS:
                first = k - run + 1
                starts.append(first)
                ref, run = float(np.median(level[first : k + 1])), 0
        else:
            run = 0
    return starts


def describe_rates(segments: tuple[RateSegment, ...]) -> str:
    """The rate in words: ``'100 Hz'``, ``'100 Hz until T+00:30.0, then 10 Hz'``, or a range."""
    if not segments:
        return "no rate"
    if len(segments) == 1:
        return _hz(segments[0].rate_hz)
    if len(segments) > RATE_MAX_DESCRIBED:
        rates = [s.rate_hz for s in segments]
        return (
            f"variable, {_hz(min(rates))} to {_hz(max(rates))} "
            f"({len(segments) - 1} changes of rate)"
        )
    parts = [f"{_hz(s.rate_hz)} until {format_t_plus(s.t_end_s)}" for s in segments[:-1]]
    return ", ".join(parts) + f", then {_hz(segments[-1].rate_hz)}"


def _hz(rate_hz: float) -> str:
    if rate_hz >= 9.95:
        return f"{rate_hz:.0f} Hz"
    if rate_hz >= 0.95:
        return f"{rate_hz:.1f} Hz"
    return f"one sample every {1.0 / rate_hz:.3g} s"
