"""A flight prepared for the plot stack, once per flight: the time axis with a NaN row in
every dropout, a min/max pyramid per plotted channel (built when first plotted), the events.

Numpy only: the loader prepares it on its thread (:mod:`replay.qt.prepared`), so a flight
of millions of samples appears without stalling the window.
"""

from __future__ import annotations

import numpy as np

from replay.core.decimate import MinMaxPyramid, break_wraps, gap_rows, gapped_time, with_gaps
from replay.session import Session


class StackData:
    """What the stack draws from: ``t_s`` (gapped) and ``pyramid(name, scale)``."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session
        self._pyramids: dict[tuple[str, float], MinMaxPyramid] = {}
        if session is None:
            self.rows = np.empty(0, dtype=np.intp)
            self.t_s = np.empty(0)
            self.events: list[tuple[float, bool]] = []
        else:
            f, sig = session.flight, session.analysis.signal
            self.rows = gap_rows(f.t_s, [g.t_start_s for g in sig.dropouts])
            self.t_s = gapped_time(f.t_s, self.rows)
            evs = session.analysis.events
            self.events = sorted({(e.t_s, e.source == "detected") for e in evs})
        #: Event times, for counting the events passed at a replay time.
        self.event_times = np.array([t for t, _ in self.events])

    def pyramid(self, name: str, scale: float) -> MinMaxPyramid:
        """The channel ``name`` times ``scale`` with the dropout rows, as a min/max pyramid;
        an angle in degrees breaks where it wraps instead of drawing a line across the plot."""
        if (name, scale) not in self._pyramids:
            assert self.session is not None
            f = self.session.flight
            y = with_gaps(f.channel(name), self.rows) * scale
            if f.units.get(name, "") == "deg":
                break_wraps(y)
            self._pyramids[(name, scale)] = MinMaxPyramid(self.t_s, y)
        return self._pyramids[(name, scale)]

    def forget(self, name: str) -> None:
        for key in [k for k in self._pyramids if k[0] == name]:
            del self._pyramids[key]

    def window(self, lo_s: float, hi_s: float, t_s: float) -> tuple[int, int]:
        """Rows ``[start, stop)`` to draw for the time range ``[lo_s, hi_s]`` at replay time
        ``t_s`` (one more each side, so lines run to the edges; nothing after ``t_s``)."""
        t = self.t_s
        n = int(np.searchsorted(t, t_s, side="right"))
        start = max(int(np.searchsorted(t, lo_s, side="left")) - 1, 0)
        stop = min(int(np.searchsorted(t, hi_s, side="right")) + 1, n)
        return start, stop
