"""The two strips that frame the plot stack: the event lane above, the signal strip with the
time axis below. They share the stack's time range and draw what is known at the replay time.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtWidgets import QMenu

from replay.qt import theme
from replay.qt.plot_axes import LabelAxis, TimeAxis
from replay.qt.plot_channel import style_plot, vline
from replay.qt.plot_items import CACHED, NO_CACHE, StackViewBox
from replay.qt.plot_lanes import EventLane, EventMark, SignalSpans, SignalStrip, event_marks
from replay.session import Session

STRIP_PX = 22


class TimeStrips:
    """The event lane and the signal strip (with the time axis), X-linked to each other.

    ``strip_view`` is the stack's master time range: the plots link their X to it.
    """

    def __init__(self, menu: Callable[[], QMenu], on_seek: Callable[[float], None]) -> None:
        self.lane_view = StackViewBox(menu, on_seek, click_seeks=True)
        self.lane_item = pg.PlotItem(
            viewBox=self.lane_view, axisItems={"left": LabelAxis("Events")}
        )
        self.lane = EventLane()
        self.time_axis = TimeAxis(on_click=on_seek)
        self.strip_view = StackViewBox(menu, on_seek, click_seeks=True)
        self.strip_item = pg.PlotItem(
            viewBox=self.strip_view,
            axisItems={"bottom": self.time_axis, "left": LabelAxis("Signal")},
        )
        self.strip = SignalStrip()
        self.cursor = vline(0.0, theme.CURSOR, 1.5, 10)
        for item, filler in ((self.lane_item, self.lane), (self.strip_item, self.strip)):
            style_plot(item)
            item.addItem(filler, ignoreBounds=True)
            item.setYRange(0, 1, padding=0)
        self.strip_item.addItem(self.cursor, ignoreBounds=True)
        self.lane_item.hideAxis("bottom")
        self.lane_view.setXLink(self.strip_view)
        #: The loss of signal: its time, and when the ground knows it (a frame is overdue).
        self.los_t: float | None = None
        self.los_known: float | None = None

    @property
    def views(self) -> tuple[pg.ViewBox, pg.ViewBox]:
        return self.lane_view, self.strip_view

    def set_session(self, session: Session) -> None:
        """The flight's events, dropouts and loss of signal."""
        f, sig = session.flight, session.analysis.signal
        marks = event_marks(session.analysis.events)
        self.los_t = self.los_known = None
        if sig.los is not None:
            self.los_t = sig.los.t_start_s
            late = sig.late_after_s(self.los_t)
            self.los_known = self.los_t + max(session.watchdog_s, late)
            marks.append(EventMark(self.los_t, "Loss of signal", "los", self.los_known))
        self.lane.set_marks(marks)
        gaps = [(g.t_start_s, g.t_end_s) for g in sig.dropouts]
        los_span = None
        if self.los_t is not None and self.los_known is not None:
            los_span = (self.los_t, self.los_known)
        self.strip.set_spans(SignalSpans(float(f.t_s[0]), float(f.t_s[-1]), gaps, los_span))

    def set_now(self, t_s: float) -> None:
        self.cursor.setValue(t_s)
        self.strip.set_now(t_s)
        self.lane.set_now(t_s)

    def set_cached(self, cached: bool) -> None:
        for item in (self.time_axis, self.lane):
            item.setCacheMode(CACHED if cached else NO_CACHE)

    def heights(self) -> tuple[int, int]:
        """The lane's and the strip's height with the theme's fonts."""
        return EventLane.height_px(), STRIP_PX + self.time_axis.height_px()

    def restyle(self) -> None:
        for item in (self.lane_item, self.strip_item):
            style_plot(item)
            item.getAxis("left").restyle()
        self.time_axis.restyle()
        self.lane.restyle()
