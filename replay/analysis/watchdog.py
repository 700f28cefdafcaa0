"""The ground's link watchdog: what a station's lamp says a time after the last frame, knowing
nothing of the frames to come.

Frames arriving at their rate are AOS. A frame overdue (later than the stream's rate allows:
``SignalReport.late_after_s``, which follows a variable rate) is a DROPOUT whose age grows; the
loss of signal is declared only when the silence has lasted the watchdog time (flight time, not
wall time, so it is the same at any replay speed, and the same in a replay as live). A stream
that comes back after that is AOS again, as a station reacquires.

>>> link_status(0.04, 0.06, 5.0), link_status(0.5, 0.06, 5.0), link_status(5.0, 0.06, 5.0)
('AOS', 'DROPOUT', 'LOS')
"""

from __future__ import annotations

import math
from typing import Literal

LinkStatus = Literal["AOS", "DROPOUT", "LOS"]
#: Seconds of silence after which the ground declares the loss of signal, unless set otherwise.
DEFAULT_WATCHDOG_S = 5.0
#: The watchdog times a user may set, in seconds.
WATCHDOG_RANGE_S = (0.1, 600.0)


def link_status(since_last_frame_s: float, late_after_s: float, watchdog_s: float) -> LinkStatus:
    """The lamp ``since_last_frame_s`` after the last frame, the next one being late after
    ``late_after_s``."""
    for name, value in (("late_after_s", late_after_s), ("watchdog_s", watchdog_s)):
        if not (math.isfinite(value) and value > 0.0):
            raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
    if not math.isfinite(since_last_frame_s) or since_last_frame_s < 0.0:
        raise ValueError(f"since_last_frame_s must be >= 0, got {since_last_frame_s!r}")
    return _status(since_last_frame_s, late_after_s, watchdog_s)


def _status(since_s: float, late_after_s: float, watchdog_s: float) -> LinkStatus:
    if since_s <= late_after_s:
        return "AOS"
    if since_s < max(watchdog_s, late_after_s):
        return "DROPOUT"
    return "LOS"


def check_watchdog(watchdog_s: float) -> float:
    """``watchdog_s`` if it is a watchdog time a user may set (``ValueError`` otherwise)."""
    lo, hi = WATCHDOG_RANGE_S
    if not (math.isfinite(watchdog_s) and lo <= watchdog_s <= hi):
        raise ValueError(f"watchdog_s must be between {lo} and {hi} s, got {watchdog_s!r}")
    return float(watchdog_s)
