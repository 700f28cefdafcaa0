"""The receiver's ground notes: when the recording ran, in flight time, and what was counted.

A packet's time code says when it was sent in flight time; the wall clock says when it arrived.
The recording window is estimated from both: it started some wall time before the first packet
and it ends now, each turned into flight time at the measured speed of the stream (a
transmitter may replay a flight 100 times faster than it flew).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Arrivals:
    """Wall-clock bookkeeping, to tell flight time from arrival time."""

    first_wall: float | None = None
    last_wall: float | None = None
    first_cuc: float | None = None
    last_cuc: float | None = None
    started_wall: float = field(default_factory=time.monotonic)

    def speed(self) -> float:
        """Flight seconds per wall second, as measured (1 until there is enough to measure)."""
        if (
            self.first_wall is None
            or self.last_wall is None
            or self.first_cuc is None
            or self.last_cuc is None
        ):
            return 1.0
        wall = self.last_wall - self.first_wall
        flown = self.last_cuc - self.first_cuc
        return flown / wall if wall > 0.2 and flown > 0 else 1.0


def note_body(
    a: Arrivals, offset_s: float, counters: dict[str, int], final: bool, now_wall: float
) -> dict[str, Any] | None:
    """A ground note's body (``None`` before the first sample): the recording window in flight
    time (CUC seconds minus ``offset_s``, the CUC time of liftoff) and the counters."""
    if a.first_cuc is None or a.first_wall is None or a.last_cuc is None:
        return None
    speed = a.speed()
    end = a.last_cuc + (now_wall - (a.last_wall or now_wall)) * speed - offset_s
    start = a.first_cuc - (a.first_wall - a.started_wall) * speed - offset_s
    return {
        "recording_start_s": round(start, 6),
        "recording_end_s": round(end, 6),
        "final": final,
        "counters": counters,
    }
