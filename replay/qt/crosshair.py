"""The crosshair: a line across the plot stack under the mouse, with the value of every plotted
channel at that time, and the time under the mouse said below the plots.

A value is the channel's last sample at or before the time (:func:`replay.analysis.readout.
reading_at`), in the stack's units, "no data" for a NaN or no sample yet, marked stale when the
sample is old (a dropout), and "not yet" past the replay time: the plots show the flight as far
as it has been replayed, and so does the crosshair. Hovering never moves the replay time; the
time under the mouse comes out as ``hovered(t_s)`` (the map marks the vehicle there).
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy

from replay.analysis.readout import reading_at, stale_after_s
from replay.core.display import display_of, stage_labels
from replay.qt import theme
from replay.qt.plot_channel import ChannelPlot
from replay.qt.plots import PlotStack

#: Said below the plots while nothing is hovered: how to read, measure and zoom.
HINT = "Hover: values · Shift+click twice: measure · Ctrl+drag: zoom box · Backspace: undo zoom"
#: The hint in full, as the line's tooltip.
HINT_TIP = (
    "Hover over the plots or the map track to read the values at that time.\n"
    "Shift+click two points on a plot (Δt, Δvalue, rate) or on the map (distance, bearing);"
    " Esc clears.\nCtrl+drag on a plot zooms to a box; Backspace undoes a zoom,"
    " Shift+Backspace redoes it (also in the right-click menu)."
)
#: Shown for a time the replay has not reached.
NOT_YET = "not yet (ahead of the replay)"


class Crosshair(QObject):
    """The crosshair of one plot stack (see the module)."""

    hovered = Signal(float)  # the time under the mouse in the plots, s
    left = Signal()  # the mouse left the plots

    def __init__(self, stack: PlotStack) -> None:
        super().__init__(stack)
        self._stack = stack
        self._items: dict[int, tuple[ChannelPlot, pg.InfiniteLine, pg.TextItem]] = {}
        self._stale: tuple[object, float] | None = None
        #: The time shown (None: hidden), and each plotted channel's reading there, as shown.
        self.t_s: float | None = None
        self.readings: dict[str, str] = {}
        self.label = QLabel(HINT, stack)
        self.label.setObjectName("readout")
        self.label.setToolTip(HINT_TIP)
        # One line, always as high whatever it says: hovering never moves the plots.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.label.setStyleSheet(f"color: {theme.TEXT_DIM}; padding: 2px 6px;")
        box = stack.layout()
        assert box is not None
        box.addWidget(self.label)  # below the plots
        stack.graphics.scene().sigMouseMoved.connect(self._moved)
        stack.graphics.viewport().installEventFilter(self)

    def time_at(self, scene_pos: QPointF) -> float | None:
        """The time under ``scene_pos`` if it is over a plot or the time strips."""
        st = self._stack.strips
        views = [self._stack.plot(n).view for n in self._stack.channels()] + list(st.views)
        for view in views:
            if view.sceneBoundingRect().contains(scene_pos):
                return float(view.mapSceneToView(scene_pos).x())
        return None

    def _moved(self, scene_pos: QPointF) -> None:
        t = self.time_at(scene_pos)
        if t is None:
            self.hide()
            self.left.emit()
            return
        self.show_at(t)
        self.hovered.emit(t)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self.hide()
            self.left.emit()
        return False

    def show_at(self, t_s: float) -> None:
        """Draw the crosshair at ``t_s`` with the value of every plotted channel there."""
        s = self._stack.session
        if s is None or not math.isfinite(t_s):
            self.hide()
            return
        f = s.flight
        if self._stale is None or self._stale[0] is not f:
            self._stale = (f, stale_after_s(f.t_s))
        stale_s = self._stale[1]
        stages = stage_labels(f.meta.scenario_id)
        shown = {id(self._stack.plot(n)) for n in self._stack.channels()}
        for key, (_p, line, text) in self._items.items():
            if key not in shown:
                line.hide()
                text.hide()
        self.readings = {}
        ahead = t_s > self._stack.t_s + 1e-9
        for name in self._stack.channels():
            plot = self._stack.plot(name)
            d = display_of(name, f.units.get(name, ""), self._stack.units, stages)
            if ahead:
                value = NOT_YET
            else:
                r = reading_at(f.t_s, f.channels[name], t_s, stale_s)
                value = r.text(d.unit, d.scale)
            self.readings[name] = value
            self._draw(plot, t_s, value)
        self.t_s = t_s
        self.label.setText(f"T{t_s:+.2f} s   " + "   ".join(self.readings.values()))
        self.label.setStyleSheet(f"color: {theme.TEXT}; padding: 2px 6px;")

    def hide(self) -> None:
        """No crosshair (the mouse is elsewhere): the hint comes back below the plots."""
        if self.t_s is None:
            return
        for _p, line, text in self._items.values():
            line.hide()
            text.hide()
        self.t_s = None
        self.readings = {}
        self.label.setText(HINT)
        self.label.setStyleSheet(f"color: {theme.TEXT_DIM}; padding: 2px 6px;")

    def _draw(self, plot: ChannelPlot, t_s: float, value: str) -> None:
        _p, line, text = self._item(plot)
        line.setValue(t_s)
        line.show()
        (x0, x1), (_y0, y1) = plot.view.viewRange()
        right = t_s > x0 + 0.6 * (x1 - x0)  # near the right edge: the text goes left
        text.setAnchor((1.0, 0.0) if right else (0.0, 0.0))
        text.setText(value)
        text.setPos(t_s, y1)
        text.show()

    def _item(self, plot: ChannelPlot) -> tuple[ChannelPlot, pg.InfiniteLine, pg.TextItem]:
        key = id(plot)
        if key not in self._items:
            pen = QPen(QColor(theme.TEXT_DIM), 1, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            line = pg.InfiniteLine(angle=90, movable=False, pen=pen)
            line.setZValue(30)
            text = pg.TextItem(color=theme.TEXT, fill=pg.mkBrush(11, 15, 20, 200))
            text.setZValue(31)
            plot.item.addItem(line, ignoreBounds=True)
            plot.item.addItem(text, ignoreBounds=True)
            self._items[key] = (plot, line, text)
        return self._items[key]
