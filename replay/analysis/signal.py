"""Gaps in the stream, found from the data itself: dropouts that resume, and the loss of signal.

Each interval between samples is judged against its *local* period
(:func:`replay.analysis.rates.local_period_s`: the median interval on either side), so a log
that slows from 100 Hz to 10 Hz after boost has no dropouts where it slows. A gap is an interval
longer than ``GAP_FACTOR`` local periods, or a jump in the frame counter. Without a frame counter
an interval that misses at most one sample (up to ``JITTER_PERIODS`` local periods) cannot be
told from capture jitter (a webcast read off video at 30 frames a second skips a frame now and
then; a logger writes a row late), so it is counted as *jitter*, not as a dropout; a frame
counter says exactly which frames never came. A gap the stream comes back from is a *dropout*;
the silence from the last sample to the end of the recording is a *loss of signal*, but only
when the file says how long the ground recorded; otherwise the answer is *unknown*.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from replay.analysis.rates import (
    RateSegment,
    describe_rates,
    gap_candidates,
    local_periods_unchecked,
    rate_segments_unchecked,
)
from replay.core import channels as ch
from replay.core.flight import Flight

#: An interval longer than this many local periods is a gap (clock jitter stays well below it).
GAP_FACTOR = 1.5
#: Without a frame counter, a gap up to this many local periods (one missed sample at most) is
#: capture jitter, not a dropout.
JITTER_PERIODS = 2.5
#: A silence at the end shorter than this many periods is only the recording stopping.
END_SLACK_PERIODS = 3

LosStatus = Literal["loss", "none", "unknown"]


@dataclass(frozen=True, slots=True)
class Gap:
    """Frames that never arrived: from the last good sample to the next one (or the end)."""

    t_start_s: float
    t_end_s: float
    frames_missed: int
    last_good_index: int

    @property
    def duration_s(self) -> float:
        return self.t_end_s - self.t_start_s


@dataclass(frozen=True, slots=True)
class SignalReport:
    """The stream's rhythm and its interruptions.

    ``period_s`` is the typical period (the median interval of the whole stream); ``rates``
    says where the rate changes (one segment for a steady stream); ``jitter`` counts the
    intervals that were late by up to one sample, without a frame counter to say whether a
    frame was missed (they are not dropouts).
    """

    period_s: float
    has_frame_counter: bool
    dropouts: tuple[Gap, ...]
    los: Gap | None
    los_status: LosStatus
    why_unknown: str = ""
    rates: tuple[RateSegment, ...] = ()
    jitter: int = 0

    def period_at(self, t_s: float) -> float:
        """The typical period of the stretch of the stream at replay time ``t_s``."""
        if not self.rates:
            return self.period_s
        k = bisect.bisect_right([r.t_start_s for r in self.rates], t_s) - 1
        return self.rates[max(k, 0)].period_s

    def late_after_s(self, t_s: float) -> float:
        """How long after a frame at ``t_s`` the next one is late enough to be a dropout."""
        factor = GAP_FACTOR if self.has_frame_counter else JITTER_PERIODS
        return factor * self.period_at(t_s)

    @property
    def rate_text(self) -> str:
        """The rate in words: ``'25 Hz'`` or ``'100 Hz until T+00:30.0, then 10 Hz'``."""
        return describe_rates(self.rates) if self.rates else f"{1.0 / self.period_s:.1f} Hz"


def nominal_period_s(t_s: npt.NDArray[np.float64]) -> float:
    """The typical interval between samples (median of the inter-arrival times)."""
    if t_s.size < 2:
        raise ValueError(f"need at least two samples to learn a sample period, got {t_s.size}")
    return float(np.median(np.diff(t_s)))


def find_gaps(flight: Flight) -> SignalReport:
    """Every dropout and, when the file can tell, the loss of signal at its end."""
    t = flight.t_s
    if t.size < 2:
        raise ValueError(f"need at least two samples to find gaps, got {t.size}")
    dt = np.diff(t)
    period = float(np.median(dt))
    frame = flight.channels.get(ch.FRAME)
    counted = frame is not None and np.issubdtype(frame.dtype, np.integer)
    missed = np.zeros(dt.size, dtype=np.int64)
    if counted:
        assert frame is not None
        missed = np.maximum(np.diff(frame.astype(np.int64)) - 1, 0)
    # Only intervals above GAP_FACTOR times a lower bound of their local period can be gaps.
    cand = np.union1d(gap_candidates(dt, GAP_FACTOR), np.flatnonzero(missed))
    local = local_periods_unchecked(dt, cand)
    late = dt[cand] > GAP_FACTOR * local
    if counted:
        is_gap = late | (missed[cand] > 0)
        frames = missed[cand]
        jitter = 0
    else:
        is_gap = dt[cand] > JITTER_PERIODS * local
        frames = np.maximum(np.rint(dt[cand] / local).astype(np.int64) - 1, 1)
        jitter = int(np.count_nonzero(late & ~is_gap))
    idx, frames = cand[is_gap], frames[is_gap]
    dropouts = tuple(
        Gap(float(t[i]), float(t[i + 1]), int(n), int(i))
        for i, n in zip(idx.tolist(), frames.tolist(), strict=True)
    )
    rates = rate_segments_unchecked(t, dt, idx, period)
    end_period = rates[-1].period_s if rates else period
    los, status, why = _end_of_stream(flight, end_period)
    return SignalReport(period, counted, dropouts, los, status, why, rates, jitter)


def _end_of_stream(flight: Flight, period: float) -> tuple[Gap | None, LosStatus, str]:
    end = flight.meta.recording_end_s
    last = float(flight.t_s[-1])
    if end is None:
        return (
            None,
            "unknown",
            (
                "the file does not say when the ground recording ended, so a silence after the "
                "last sample cannot be told from the recording simply stopping"
            ),
        )
    silence = end - last
    if silence <= END_SLACK_PERIODS * period:
        return None, "none", ""
    missed = max(int(np.rint(silence / period)), 1)
    return Gap(last, float(end), missed, flight.n_samples - 1), "loss", ""


def as_dict(gap: Gap) -> dict[str, Any]:
    return {
        "t_start_s": gap.t_start_s,
        "t_end_s": gap.t_end_s,
        "duration_s": gap.duration_s,
        "frames_missed": gap.frames_missed,
    }
