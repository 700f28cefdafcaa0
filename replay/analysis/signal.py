"""Gaps in the stream, found from the data itself: dropouts that resume, and the loss of signal.

The nominal sample period is learnt from the inter-arrival times (their median is immune to
gaps as long as fewer than half the intervals are gaps). A gap is an interval longer than
``GAP_FACTOR`` periods or a jump in the frame counter. A gap the stream comes back from is a
*dropout*; the silence from the last sample to the end of the recording is a *loss of signal*,
but only when the file says how long the ground recorded; otherwise the answer is *unknown*.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from replay.core import channels as ch
from replay.core.flight import Flight

#: An interval longer than this many nominal periods is a gap (jitter stays well below it).
GAP_FACTOR = 1.5
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
    """The stream's rhythm and its interruptions."""

    period_s: float
    has_frame_counter: bool
    dropouts: tuple[Gap, ...]
    los: Gap | None
    los_status: LosStatus
    why_unknown: str = ""


def nominal_period_s(t_s: npt.NDArray[np.float64]) -> float:
    """The typical interval between samples (median of the inter-arrival times)."""
    if t_s.size < 2:
        raise ValueError(f"need at least two samples to learn a sample period, got {t_s.size}")
    return float(np.median(np.diff(t_s)))


def find_gaps(flight: Flight) -> SignalReport:
    """Every dropout and, when the file can tell, the loss of signal at its end."""
    t = flight.t_s
    period = nominal_period_s(t)
    dt = np.diff(t)
    frame = flight.channels.get(ch.FRAME)
    counted = frame is not None and np.issubdtype(frame.dtype, np.integer)
    if counted:
        assert frame is not None
        jump = np.diff(frame.astype(np.int64))
        missed = np.maximum(jump - 1, 0)
        idx = np.flatnonzero((missed > 0) | (dt > GAP_FACTOR * period))
        frames = missed[idx]
    else:
        idx = np.flatnonzero(dt > GAP_FACTOR * period)
        frames = np.maximum(np.rint(dt[idx] / period).astype(np.int64) - 1, 1)
    dropouts = tuple(
        Gap(float(t[i]), float(t[i + 1]), int(n), int(i))
        for i, n in zip(idx.tolist(), frames.tolist(), strict=True)
    )
    los, status, why = _end_of_stream(flight, period)
    return SignalReport(period, counted, dropouts, los, status, why)


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
