"""A second flight on the same plots and map, for comparison: its curves dashed in its own
colour under every plot that it has the channel of, its events as dotted lines, its track and
its vehicle on the map, and a legend above the plots.

The comparison is shifted in time so that an event of both flights falls at one time
(:func:`replay.analysis.compare.align_offset_s`): liftoff by default, or e.g. the third
stage's ignition to compare two third-stage failures. The replay time stays the main
flight's; the comparison's vehicle is where it was at the same time after the aligned event.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPen, QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QSizePolicy

from replay.analysis.compare import LIFTOFF, align_offset_s, common_events
from replay.geo.track_path import TrackPath
from replay.qt import theme
from replay.qt.map_items import Marker, add_to
from replay.qt.map_view import GroundTrackMap
from replay.qt.plot_lanes import short_label
from replay.qt.plots import PlotStack
from replay.session import Session, load_session

#: Dashed white: no plot's curve colour (theme.CURVES) can be taken for it.
COMPARE_COLOUR = "#ffffff"
#: At most this many points of a comparison curve are drawn.
MAX_POINTS = 4000


def _pen(width: float, style: Qt.PenStyle, alpha: int = 255) -> QPen:
    colour = QColor(COMPARE_COLOUR)
    colour.setAlpha(alpha)
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)
    return pen


def flight_name(session: Session) -> str:
    """The flight's mission name, else its file's."""
    meta = session.flight.meta
    return short_label((meta.title or meta.scenario_id or "comparison").split(",")[0])


class Comparison(QObject):
    """The comparison flight of one page's plots and map (see the module)."""

    changed = Signal()

    def __init__(self, stack: PlotStack, map_view: GroundTrackMap) -> None:
        super().__init__(stack)
        self._stack = stack
        self._map = map_view
        self._main: Session | None = None
        self.future_held = False
        self.other: Session | None = None
        self.align = LIFTOFF
        #: Added to the comparison's times: its aligned event falls on the main flight's.
        self.offset_s = 0.0
        self._t = 0.0
        self._drawn: tuple[object, ...] = ()
        self._items: list[tuple[pg.PlotItem, object]] = []
        #: Per plotted channel: (curve, event lines) drawn for the comparison.
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.event_lines: dict[str, list[pg.InfiniteLine]] = {}
        self.legend = QLabel("", stack)
        self.legend.hide()
        # Never wider than the room the bar has (the window's minimum width stays).
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        stack.bar.row.addWidget(self.legend, 4)
        self.legend.installEventFilter(self)
        vb = map_view.view_box
        self.track = add_to(vb, pg.PlotCurveItem(pen=_pen(2.0, Qt.PenStyle.DashLine)), 38, False)
        self.vehicle = add_to(vb, Marker("circle", 11, COMPARE_COLOUR), 44, False)
        self._path: TrackPath | None = None
        self._lon = np.zeros(0)

    # --- the replay's views protocol -------------------------------------------------------------
    @property
    def t_s(self) -> float:
        return self._t

    def set_session(self, session: Session) -> None:
        old, self._main = self._main, session
        if self._is_nominal(old):  # the flight's own plan: this flight's, or none
            self.other = None
            self.set_comparison(self.nominal() if session.same_flight(old) else None, self.align)
        elif self.other is not None:
            self.set_comparison(self.other, self.align)
        else:
            self.changed.emit()  # this flight may have a nominal to compare with

    def hold_back(self, held: frozenset[str]) -> None:
        """While a lesson holds the future back, the nominal flight is not compared (it would
        show the plan ahead of now: see :mod:`replay.teach.reveal`)."""
        self.future_held = "future" in held
        if self.future_held and self._is_nominal(self._main):
            self.set_comparison(None)
        self.changed.emit()

    def has_nominal(self) -> bool:
        """Whether :meth:`nominal` has a flight to give (cheap: nothing is analysed)."""
        s = self._main
        return s is not None and s.reference is not None and not self.future_held

    def nominal(self) -> Session | None:
        """The main flight's nominal reference (the same vehicle flown without its failure) as
        a flight to compare with: the nominal overlay as a comparison, with its events, legend
        and vehicle. ``None`` without one, or while a lesson holds the future back."""
        s = self._main
        if s is None or s.reference is None or not self.has_nominal():
            return None
        if self._is_nominal(s):
            return self.other
        from replay.analysis.flight_analysis import analyze

        return Session(s.reference, analyze(s.reference, places=False, impact=False))

    def _is_nominal(self, main: Session | None) -> bool:
        return self.other is not None and main is not None and self.other.flight is main.reference

    def seek(self, t_s: float) -> None:
        self._t = t_s
        if self.other is None:
            return
        if self._drawn != self._plots_key():
            self._draw_plots()
        self._show_vehicle(t_s)

    # ---------------------------------------------------------------------------------------------
    def set_comparison(self, other: Session | None, align: str = LIFTOFF) -> None:
        """Compare with ``other`` aligned at event ``align`` (``None``: no comparison).
        ``KeyError`` for an event the two flights do not both have."""
        if other is not None and self._main is not None:
            main_events, other_events = self._main.analysis.events, other.analysis.events
            self.offset_s = align_offset_s(main_events, other_events, align)
        self.other, self.align = other, align
        self._draw_plots()
        self._draw_map()
        self._show_vehicle(self._t)
        self.changed.emit()

    def path(self) -> str | None:
        """The comparison's file, absolute (``None``: no comparison, or not from a file)."""
        f = self.other.flight if self.other is not None else None
        return None if f is None or f.path is None else str(Path(f.path).resolve())

    def prepare(self, file: str | None, align: str) -> Session | None:
        """The flight to compare with for a view naming ``file`` aligned at ``align``: read
        (or the one shown, if it is that file) and checked before anything on screen changes.
        ``TelemetryFormatError`` or ``OSError`` for a file that cannot be read, ``ValueError``
        naming the events both flights have for an ``align`` one of them lacks."""
        if file is None:
            return None
        same = self.other is not None and self.path() == str(Path(file).resolve())
        other = self.other if same else load_session(file, places=False, teaching=False)
        assert other is not None
        if self._main is not None:
            both = common_events(self._main.analysis.events, other.analysis.events)
            if align not in both:
                raise ValueError(
                    f"{file}: cannot align the comparison at {align!r}; both flights have"
                    f" {', '.join(both)}"
                )
        return other

    def choices(self) -> list[str]:
        """The events the comparison can be aligned at."""
        if self._main is None or self.other is None:
            return [LIFTOFF]
        return common_events(self._main.analysis.events, self.other.analysis.events)

    def event_time_s(self, event_id: str) -> float | None:
        """When the comparison's ``event_id`` falls on the main flight's time axis."""
        if self.other is None:
            return None
        times = [e.t_s for e in self.other.analysis.events if e.id == event_id]
        return min(times) + self.offset_s if times else None

    def _plots_key(self) -> tuple[object, ...]:
        stack = self._stack  # a plot's scale changes with the units
        return tuple((n, id(stack.plot(n)), stack.plot(n).scale) for n in stack.channels())

    def _clear_plots(self) -> None:
        for item, thing in self._items:
            item.removeItem(thing)
        self._items = []
        self.curves = {}
        self.event_lines = {}

    def _draw_plots(self) -> None:
        self._clear_plots()
        self._drawn = self._plots_key()
        o = self.other
        if o is None or self._main is None:
            self.legend.hide()
            return
        t = o.flight.t_s + self.offset_s
        step = max(1, t.size // MAX_POINTS)
        events = sorted({e.t_s for e in o.analysis.events if e.source != "detected"})
        for name in self._stack.channels():
            plot = self._stack.plot(name)
            lines = []
            for t_e in events:
                line = pg.InfiniteLine(t_e + self.offset_s, angle=90, movable=False)
                line.setPen(_pen(1.0, Qt.PenStyle.DotLine, 110))
                plot.item.addItem(line, ignoreBounds=True)
                self._items.append((plot.item, line))
                lines.append(line)
            self.event_lines[name] = lines
            if name not in o.flight.channels:
                continue
            y = np.asarray(o.flight.channels[name], dtype=np.float64) * plot.scale
            curve = pg.PlotDataItem(
                t[::step], y[::step], pen=_pen(1.6, Qt.PenStyle.DashLine), connect="finite"
            )
            curve.setZValue(-0.5)  # under the flight's own curve: both show where they agree
            plot.item.addItem(curve, ignoreBounds=True)
            self._items.append((plot.item, curve))
            self.curves[name] = curve
        self._fit_legend()
        self.legend.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit_legend()
        return False

    def _fit_legend(self) -> None:
        """The legend with the alignment if it fits, else without (it is in the tooltip)."""
        tiers = [self.legend_html(), self.legend_html(False), self.legend_html(False, False)]
        plain = [QTextDocumentFragment.fromHtml(t).toPlainText() for t in tiers]
        width, metrics = self.legend.width(), self.legend.fontMetrics()
        fits = [1.1 * metrics.horizontalAdvance(p) <= width for p in plain]  # 1.1: the bold name
        k = fits.index(True) if True in fits else 2
        self.legend.setText(tiers[k])
        self.legend.setToolTip(plain[0])

    def legend_html(self, with_alignment: bool = True, with_main: bool = True) -> str:
        """Which line is which flight, and how they are aligned (shorter: without the
        alignment, then without the main flight)."""
        if self.other is None or self._main is None:
            return ""
        at = next((e for e in self._main.analysis.events if e.id == self.align), None)
        what = short_label(at.label) if at is not None else "liftoff"
        shift = f" ({self.offset_s:+.1f} s)" if self.offset_s else ""
        main, other = (html.escape(flight_name(s)) for s in (self._main, self.other))
        if self._is_nominal(self._main):
            other = "its nominal flight (no failure)"
        dim = f"<span style='color:{theme.TEXT_DIM}'>"
        parts = [f"{dim}solid:</span> {main}&nbsp;&nbsp;"] if with_main else []
        parts.append(
            f"{dim}dashed:</span> <span style='color:{COMPARE_COLOUR}'><b>{other}</b></span>"
        )
        if with_alignment:
            parts.append(f"{dim}&nbsp;at {html.escape(what)}{shift}</span>")
        return "".join(parts)

    def _other_path(self) -> TrackPath | None:
        o = self.other
        tr = o.analysis.track if o is not None else None
        if o is None or tr is None:
            return None
        return TrackPath(o.flight.t_s + self.offset_s, tr.lat_deg, tr.lon_deg)

    def _draw_map(self) -> None:
        self._path = path = self._other_path()
        if path is None or not path.has_fix:
            self._path = None
            self.track.hide()
            return
        lon = path.lon_deg
        site = self._main.flight.meta.site if self._main is not None else None
        first = int(np.argmax(np.isfinite(lon)))
        if site is not None:  # the copy of the world the main flight is drawn in
            lon = lon + 360.0 * round((site.lon_deg - lon[first]) / 360.0)
        self._lon = lon
        step = max(1, lon.size // MAX_POINTS)
        self.track.setData(lon[::step], path.lat_deg[::step], connect="finite")
        self.track.show()

    def _show_vehicle(self, t_s: float) -> None:
        path = self._path if self.other is not None else None
        j = -1
        if path is not None:
            i = int(np.searchsorted(path.t_s, t_s, side="right")) - 1
            j = path.fix_at(i) if i >= 0 else -1
        if path is None or j < 0 or not math.isfinite(float(self._lon[j])):
            self.vehicle.hide()
            return
        self.vehicle.setPos(float(self._lon[j]), float(path.lat_deg[j]))
        self.vehicle.show()
