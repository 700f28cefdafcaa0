"""Ascent profile plots: one channel against another, not against time — altitude against
downrange distance (the classic ascent profile) and speed against altitude.

Like the time plots, a profile is drawn as far as the replay has gone, with a cursor dot at
the replay time's sample and the stage events passed marked on the curve. Profiles are added
from the "+ Channel" menu ("Ascent profile: ...") and sit under the time plots.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QVBoxLayout, QWidget

from replay.core.display import UnitSystem, display_of, stage_labels
from replay.qt import theme
from replay.qt.plot_lanes import event_marks
from replay.qt.plots import PlotStack
from replay.session import Session

#: At most this many points of a profile are drawn (a long flight is thinned evenly).
MAX_POINTS = 4000


@dataclass(frozen=True, slots=True)
class Profile:
    """A profile: its id, title, and the channels along X and Y."""

    id: str
    title: str
    x: str
    y: str


PROFILES = (
    Profile("alt_downrange", "Altitude against downrange", "downrange_km", "alt_m"),
    Profile("speed_alt", "Speed against altitude", "alt_m", "v_relative_m_s"),
)


def available(session: Session | None) -> list[Profile]:
    """The profiles the flight has both channels for."""
    if session is None:
        return []
    chans = session.flight.channels
    return [p for p in PROFILES if p.x in chans and p.y in chans]


class ProfilePlot:
    """One profile's plot (see the module)."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.widget = pg.PlotWidget(background=theme.BACKGROUND)
        self.item = self.widget.getPlotItem()
        self.item.showGrid(x=True, y=True, alpha=0.25)
        self.item.setMenuEnabled(False)
        self.curve = self.item.plot(pen=pg.mkPen(theme.CURVES[0], width=2))
        self.events = pg.ScatterPlotItem(
            size=9, symbol="d", brush=pg.mkBrush(theme.EVENT), pen=pg.mkPen(theme.BACKGROUND)
        )
        self.cursor = pg.ScatterPlotItem(
            size=12, symbol="o", brush=pg.mkBrush(theme.CURSOR), pen=pg.mkPen(theme.BACKGROUND)
        )
        self.item.addItem(self.events)
        self.item.addItem(self.cursor)
        self.cursor.setZValue(20)
        self._labels: list[pg.TextItem] = []
        self._t = np.zeros(0)
        self._x = self._y = np.zeros(0)
        self._thin = np.zeros(0, dtype=np.int64)
        self._event_t: list[tuple[float, str]] = []
        self._marked: list[tuple[float, float, str]] = []
        #: The point drawn for the replay time (display units), None before the first sample.
        self.cursor_xy: tuple[float, float] | None = None

    def set_session(self, session: Session, units: UnitSystem) -> None:
        f = session.flight
        stages = stage_labels(f.meta.scenario_id)
        dx = display_of(self.profile.x, f.units.get(self.profile.x, ""), units, stages)
        dy = display_of(self.profile.y, f.units.get(self.profile.y, ""), units, stages)
        self._t = f.t_s
        self._x = np.asarray(f.channels[self.profile.x], dtype=np.float64) * dx.scale
        self._y = np.asarray(f.channels[self.profile.y], dtype=np.float64) * dy.scale
        step = max(1, self._t.size // MAX_POINTS)
        self._thin = np.arange(0, self._t.size, step)
        self.item.setTitle(self.profile.title, color=theme.TEXT)
        self.item.setLabel("bottom", dx.label)
        self.item.setLabel("left", dy.label)
        ok = np.isfinite(self._x) & np.isfinite(self._y)
        if ok.any():
            pad_x = 0.03 * (np.ptp(self._x[ok]) or 1.0)
            pad_y = 0.05 * (np.ptp(self._y[ok]) or 1.0)
            self.item.setXRange(self._x[ok].min() - pad_x, self._x[ok].max() + pad_x, padding=0)
            self.item.setYRange(self._y[ok].min() - pad_y, self._y[ok].max() + pad_y, padding=0)
        by_time: dict[float, list[str]] = {}  # the time plots' event labels, merged alike
        for mark in event_marks([e for e in session.analysis.events if e.source != "detected"]):
            by_time.setdefault(mark.t_s, []).append(mark.text)
        self._event_t = [(t, "\n".join(labels)) for t, labels in sorted(by_time.items())]
        for label in self._labels:
            self.item.removeItem(label)
        self._labels = []

    def point_at(self, t_s: float) -> int:
        """The sample drawn at time ``t_s``: the last at or before it (-1: none)."""
        return int(np.searchsorted(self._t, t_s, side="right")) - 1

    def seek(self, t_s: float) -> None:
        k = self.point_at(t_s)
        if k < 0:
            self.curve.setData([], [])
            self.cursor.setData([], [])
            self.cursor_xy = None
            self._show_events(t_s)
            return
        upto = self._thin[: int(np.searchsorted(self._thin, k, side="right"))]
        idx = np.append(upto, k) if (upto.size == 0 or upto[-1] != k) else upto
        self.curve.setData(self._x[idx], self._y[idx], connect="finite")
        self.cursor_xy = (float(self._x[k]), float(self._y[k]))
        self.cursor.setData([self.cursor_xy[0]], [self.cursor_xy[1]])
        self._show_events(t_s)

    def event_points(self) -> list[tuple[float, float, str]]:
        """The events marked: (x, y, label) at each passed event's sample."""
        return list(self._marked)

    def _show_events(self, t_s: float) -> None:
        marked: list[tuple[float, float, str]] = []
        for t_e, label in self._event_t:
            k = self.point_at(t_e)
            if t_e > t_s or k < 0:
                continue
            x, y = float(self._x[k]), float(self._y[k])
            if np.isfinite(x) and np.isfinite(y):
                marked.append((x, y, label))
        self._marked = marked
        self.events.setData([m[0] for m in marked], [m[1] for m in marked])
        while len(self._labels) < len(marked):
            text = pg.TextItem(color=theme.TEXT_DIM, anchor=(-0.02, -0.1))  # under the curve
            self.item.addItem(text, ignoreBounds=True)
            self._labels.append(text)
        for k, label in enumerate(self._labels):
            label.setVisible(k < len(marked))
            if k < len(marked):
                label.setText(marked[k][2])
                label.setPos(marked[k][0], marked[k][1])


class ProfilePanel(QWidget):
    """The profiles shown under one plot stack, side by side (hidden while there are none)."""

    def __init__(self, stack: PlotStack) -> None:
        super().__init__(stack)
        self._stack = stack
        self._session: Session | None = None
        self._t = 0.0
        self.plots: dict[str, ProfilePlot] = {}
        self._units = stack.units
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self.hide()
        box = stack.layout()
        assert isinstance(box, QVBoxLayout)
        box.insertWidget(2, self, 1)  # under the time plots, above the readout
        box.setStretch(1, 2)
        stack.channel_menu_extensions.append(self.add_to_menu)

    # --- the replay's views protocol -------------------------------------------------------------
    @property
    def t_s(self) -> float:
        return self._t

    def set_session(self, session: Session) -> None:
        self._session = session
        self._units = self._stack.units
        ids = {p.id for p in available(session)}
        for pid in list(self.plots):
            if pid not in ids:
                self.remove(pid)
        for plot in self.plots.values():
            plot.set_session(session, self._stack.units)

    def seek(self, t_s: float) -> None:
        self._t = t_s
        if self._units != self._stack.units and self._session is not None:
            self.set_session(self._session)  # the plots' units changed: these follow
        for plot in self.plots.values():
            plot.seek(t_s)

    # ---------------------------------------------------------------------------------------------
    def shown(self) -> list[str]:
        return list(self.plots)

    def add(self, pid: str) -> ProfilePlot:
        """Show profile ``pid`` (``KeyError`` if the flight lacks its channels)."""
        if pid in self.plots:
            return self.plots[pid]
        profile = {p.id: p for p in available(self._session)}[pid]
        plot = ProfilePlot(profile)
        assert self._session is not None
        plot.set_session(self._session, self._stack.units)
        plot.seek(self._t)
        self.plots[pid] = plot
        self._row.addWidget(plot.widget)
        self.show()
        return plot

    def remove(self, pid: str) -> None:
        plot = self.plots.pop(pid, None)
        if plot is not None:
            self._row.removeWidget(plot.widget)
            plot.widget.deleteLater()
        self.setVisible(bool(self.plots))

    def set_profiles(self, ids: tuple[str, ...] | list[str]) -> None:
        """Show exactly the profiles ``ids`` the flight has (others are left out, as the
        channels of a saved view the flight lacks are)."""
        have = {p.id for p in available(self._session)}
        for pid in list(self.plots):
            if pid not in ids:
                self.remove(pid)
        for pid in ids:
            if pid in have:
                self.add(pid)

    def set_shown(self, pid: str, on: bool) -> None:
        if on:
            self.add(pid)
        else:
            self.remove(pid)

    def add_to_menu(self, menu: QMenu) -> None:
        """ "Ascent profile: ..." entries, checked where shown, in the "+ Channel" menu."""
        profiles = available(self._session)
        if not profiles:
            return
        menu.addSeparator()
        for p in profiles:
            action = QAction(f"Ascent profile: {p.title.lower()}", menu, checkable=True)
            action.setChecked(p.id in self.plots)
            action.toggled.connect(lambda on, pid=p.id: self.set_shown(pid, on))
            menu.addAction(action)
