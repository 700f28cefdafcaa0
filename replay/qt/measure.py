"""Two-point measurement: Shift+click twice on a plot for Δt, Δvalue and the rate between the
two samples; Shift+click twice on the map for the great-circle distance and the initial
bearing. A third Shift+click starts a new measurement; Esc (or the menu) clears it.

Plot points snap to the channel's sample at or before the click (the value the crosshair
reads there); map points snap to the drawn track when the click is near it, else they are the
clicked place. Measuring never moves the replay time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPen
from PySide6.QtWidgets import QLabel, QMenu

from replay.analysis.readout import (
    format_value,
    great_circle_m,
    initial_bearing_deg,
    reading_at,
    stale_after_s,
)
from replay.core.display import display_of, stage_labels
from replay.qt.map_data import MapData
from replay.qt.map_hover import MapHover, lat_text
from replay.qt.map_items import Marker, add_to
from replay.qt.plots import PlotStack
from replay.qt.prepared import per_flight

SHIFT = Qt.KeyboardModifier.ShiftModifier
MEASURE_COLOUR = "#f08c5a"


@dataclass(frozen=True, slots=True)
class PlotPoint:
    """A measured point: channel, sample time (s) and value as shown (display units)."""

    name: str
    t_s: float
    value: float


def _pen() -> QPen:
    pen = QPen(QColor(MEASURE_COLOUR), 1.5)
    pen.setCosmetic(True)
    return pen


def _esc_clears(measure: PlotMeasure | MapMeasure, event: QEvent) -> bool:
    """Esc while a measurement is shown clears it (the key is taken, press and release)."""
    if measure.points and _is_esc(event):
        event.accept()
        if event.type() == QEvent.Type.KeyPress:
            measure.clear()
        return True
    return False


def _is_esc(event: QEvent) -> bool:
    kinds = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
    return (
        event.type() in kinds and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
    )


class PlotMeasure(QObject):
    """Δt, Δvalue and rate between two Shift+clicks on the plots of one stack."""

    changed = Signal()

    def __init__(self, stack: PlotStack) -> None:
        super().__init__(stack)
        self._stack = stack
        self.points: list[PlotPoint] = []
        self.text = ""
        self._lines: list[tuple[Any, pg.InfiniteLine]] = []
        self.label = QLabel("", stack)
        self.label.setStyleSheet(f"color: {MEASURE_COLOUR}; padding: 0 6px 2px 6px;")
        self.label.hide()
        box = stack.layout()
        assert box is not None
        box.addWidget(self.label)  # below the crosshair's line
        stack.graphics.scene().sigMouseClicked.connect(self._clicked)
        stack.graphics.installEventFilter(self)
        stack.menu_extensions.append(self.add_to_menu)

    def add_to_menu(self, menu: QMenu) -> None:
        """How to measure, and (while there is one) clearing the measurement."""
        if self.points:
            menu.addAction("Clear measurement\tEsc", self.clear)
        else:
            menu.addAction("Measure: Shift+click two points").setEnabled(False)

    def _clicked(self, ev: Any) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or not (ev.modifiers() & SHIFT):
            return
        pos = ev.scenePos()
        for name in self._stack.channels():
            view = self._stack.plot(name).view
            if view.sceneBoundingRect().contains(pos):
                ev.accept()
                self._stack.graphics.setFocus()
                self.add(name if not self.points else self.points[0].name, view_x(view, pos))
                return

    def add(self, name: str, t_s: float) -> None:
        """Measure channel ``name`` at ``t_s``: the first point, the second, or anew."""
        s = self._stack.session
        if s is None or t_s > self._stack.t_s + 1e-9:
            return  # the future is not there to measure
        f = s.flight
        r = reading_at(f.t_s, f.channels[name], t_s, stale_after_s(f.t_s))
        if r.index < 0:
            return
        d = self._display(name)
        if len(self.points) == 2:
            self.clear()
        self.points.append(PlotPoint(name, float(f.t_s[r.index]), r.value * d.scale))
        self._draw()

    def _display(self, name: str) -> Any:
        f = self._stack.session.flight  # type: ignore[union-attr]
        stages = stage_labels(f.meta.scenario_id)
        return display_of(name, f.units.get(name, ""), self._stack.units, stages)

    def clear(self) -> None:
        self.points = []
        self._draw()

    def _draw(self) -> None:
        for plot_item, line in self._lines:
            plot_item.removeItem(line)
        self._lines = []
        for pt in self.points:
            for name in self._stack.channels():
                item = self._stack.plot(name).item
                line = pg.InfiniteLine(pt.t_s, angle=90, movable=False, pen=_pen())
                line.setZValue(29)
                item.addItem(line, ignoreBounds=True)
                self._lines.append((item, line))
        self.text = self._describe()
        self.label.setText(self.text)
        self.label.setVisible(bool(self.text))
        self.changed.emit()

    def _describe(self) -> str:
        if not self.points:
            return ""
        a = self.points[0]
        d = self._display(a.name)
        unit = "" if d.unit in ("", "1") else f" {d.unit}"
        if len(self.points) == 1:
            return (
                f"Measuring {d.title}: A at T{a.t_s:+.2f} s, {format_value(a.value)}{unit}"
                " — Shift+click the second point (Esc clears)"
            )
        b = self.points[1]
        dt, dv = b.t_s - a.t_s, b.value - a.value
        rate = f"{format_value(dv / dt)}{unit}/s" if dt != 0 else "—"
        if not (math.isfinite(a.value) and math.isfinite(b.value)):
            return f"{d.title}: Δt {dt:+.2f} s, Δ no data (a point has no value)"
        return (
            f"{d.title}: Δt {dt:+.2f} s   Δ {'+' if dv >= 0 else ''}{format_value(dv)}{unit}"
            f"   rate {rate}   (Esc clears)"
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return _esc_clears(self, event)


def view_x(view: pg.ViewBox, scene_pos: QPointF) -> float:
    return float(view.mapSceneToView(scene_pos).x())


class MapMeasure(QObject):
    """Great-circle distance and initial bearing between two Shift+clicks on the map."""

    changed = Signal()

    def __init__(self, hover: MapHover) -> None:
        super().__init__(hover)
        self._hover = hover
        m = hover.map_view
        self._map = m
        vb = m.view_box
        #: The measured points, (lat, lon) in degrees (lon as drawn), and the result's text.
        self.points: list[tuple[float, float]] = []
        self.text = ""
        self.markers = [add_to(vb, Marker("diamond", 10, MEASURE_COLOUR), 47, False) for _ in "ab"]
        self.line = add_to(vb, pg.PlotCurveItem(pen=_pen()), 46, False)
        self.label = add_to(
            vb, pg.TextItem(color=MEASURE_COLOUR, fill=pg.mkBrush(11, 15, 20, 215)), 49, False
        )
        m.graphics.scene().sigMouseClicked.connect(self._clicked)
        m.graphics.installEventFilter(self)

    def _clicked(self, ev: Any) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or not (ev.modifiers() & SHIFT):
            return
        vb = self._map.view_box
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        ev.accept()
        self._map.graphics.setFocus()
        p = vb.mapSceneToView(ev.scenePos())
        self.add(float(p.x()), float(p.y()))

    def add(self, lon_deg: float, lat_deg: float) -> None:
        """A point at the map position (snapped to the drawn track when near it)."""
        k = self._hover.pick(lon_deg, lat_deg)
        s = self._hover.session
        if k >= 0 and s is not None:
            path = per_flight(MapData, s).path
            lon_deg, lat_deg = float(path.lon_deg[k]), float(path.lat_deg[k])
        if len(self.points) == 2:
            self.points = []
        self.points.append((lat_deg, lon_deg))
        self._draw()

    def clear(self) -> None:
        self.points = []
        self._draw()

    def distance_bearing(self) -> tuple[float, float] | None:
        """Great-circle distance (m) and initial bearing (deg) from the first point."""
        if len(self.points) < 2:
            return None
        (la1, lo1), (la2, lo2) = self.points
        return great_circle_m(la1, lo1, la2, lo2), initial_bearing_deg(la1, lo1, la2, lo2)

    def _draw(self) -> None:
        for k, marker in enumerate(self.markers):
            marker.setVisible(k < len(self.points))
            if k < len(self.points):
                marker.setPos(self.points[k][1], self.points[k][0])
        db = self.distance_bearing()
        self.line.setVisible(db is not None)
        if not self.points:
            self.text = ""
        elif db is None:
            lat, lon = self.points[0]
            self.text = f"A {lat_text(lat, lon)} — Shift+click the second point (Esc clears)"
        else:
            (la1, lo1), (la2, lo2) = self.points
            self.line.setData([lo1, lo2], [la1, la2])
            self.text = f"{db[0] / 1e3:,.1f} km (great circle)\nbearing {db[1]:.1f}° from A"
        last = self.points[-1] if self.points else None
        self.label.setVisible(last is not None)
        if last is not None:
            self.label.setText(self.text)
            self.label.setAnchor((0.0, -0.2))
            self.label.setPos(last[1], last[0])
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return _esc_clears(self, event)
