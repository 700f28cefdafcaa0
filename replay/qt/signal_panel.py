"""The signal panel: the link lamp, the latest value of every channel, and the event log.

The lamp is green (AOS) while frames arrive, amber in a dropout, red after the loss of signal,
with the age of the last frame. Values go grey and are marked stale during a gap; a value beyond
its caution or warning limit is coloured. Clicking an event seeks to it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from replay.core.timefmt import format_t_plus
from replay.qt import theme
from replay.session import Session

_LEVEL_COLOURS = {"caution": theme.CAUTION, "warning": theme.WARNING}


class SignalPanel(QWidget):
    """Link status, channel values at the replay time, and the events."""

    seek_requested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self._shown: tuple[str, int] | None = None
        self._passed = -1
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        lamp_row = QHBoxLayout()
        self.lamp = QLabel("●", self)
        self.lamp.setFont(theme.mono_font(26, bold=True))
        self.status = QLabel("NO DATA", self)
        self.status.setFont(theme.mono_font(18, bold=True))
        self.age = QLabel("", self)
        self.age.setFont(theme.mono_font(11))
        self.age.setStyleSheet(f"color: {theme.TEXT_DIM};")
        lamp_row.addWidget(self.lamp)
        lamp_row.addWidget(self.status)
        lamp_row.addStretch(1)
        lamp_row.addWidget(self.age)
        box.addLayout(lamp_row)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["channel", "value", "unit"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFont(theme.mono_font(11))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        box.addWidget(self.table, 3)
        events_title = QLabel("Events", self)
        events_title.setObjectName("title")
        box.addWidget(events_title)
        self.events = QListWidget(self)
        self.events.setFont(theme.mono_font(11))
        self.events.itemClicked.connect(self._event_clicked)
        box.addWidget(self.events, 2)
        self._set_status("NO DATA", None)

    def set_session(self, session: Session) -> None:
        self.session = session
        self._shown = None
        self._passed = -1
        names = list(session.flight.channels)
        self.table.setRowCount(len(names))
        for row, name in enumerate(names):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            value = QTableWidgetItem("—")
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, value)
            self.table.setItem(row, 2, QTableWidgetItem(session.flight.units.get(name, "")))
        self.events.clear()
        a = session.analysis
        entries = [
            (e.t_s, e.label + ("" if e.source == "recorded" else " (detected)")) for e in a.events
        ]
        if a.los is not None:
            entries.append((a.los.t_s, "LOSS OF SIGNAL"))
        for t, label in sorted(entries):
            item = QListWidgetItem(f"{format_t_plus(t)}  {label}")
            item.setData(Qt.ItemDataRole.UserRole, t)
            self.events.addItem(item)

    def seek(self, t_s: float) -> None:
        s = self.session
        if s is None:
            return
        state = s.signal_at(t_s)
        self._set_status(state.status, state.since_last_frame_s)
        key = (state.status, state.last_index)
        if key != self._shown:  # the table only changes when a new frame (or the state) does
            self._shown = key
            self._fill_values(state.last_index, stale=state.status != "AOS")
        self._mark_events(t_s)

    def _set_status(self, status: str, since: float | None) -> None:
        colour = theme.STATUS_COLOURS.get(status, theme.TEXT_DIM)
        self.lamp.setStyleSheet(f"color: {colour};")
        self.status.setStyleSheet(f"color: {colour};")
        self.status.setText(status)
        self.age.setText("" if since is None else f"last frame {since:6.1f} s ago")

    def _fill_values(self, index: int, stale: bool) -> None:
        assert self.session is not None
        f, limits = self.session.flight, self.session.limits
        for row, (name, values) in enumerate(f.channels.items()):
            item = self.table.item(row, 1)
            if index < 0:
                item.setText("—")
                continue
            v = values[index]
            text = _format(float(v)) if values.dtype.kind == "f" else str(int(v))
            colour = theme.TEXT_DIM if stale else theme.TEXT
            lim = limits.get(name)
            level = "ok" if lim is None else lim.level(float(v))
            if level != "ok":
                colour = _LEVEL_COLOURS[level]
            item.setText(text + (" (stale)" if stale else ""))
            item.setForeground(QBrush(QColor(colour)))

    def _mark_events(self, t_s: float) -> None:
        times = [
            float(self.events.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.events.count())
        ]
        passed = sum(t <= t_s + 1e-9 for t in times)
        if passed == self._passed:
            return  # repaint the list only when an event is passed (or un-passed by a seek)
        self._passed = passed
        for i in range(self.events.count()):
            colour = theme.TEXT if i < passed else theme.TEXT_DIM
            self.events.item(i).setForeground(QBrush(QColor(colour)))

    def _event_clicked(self, item: QListWidgetItem) -> None:
        self.seek_requested.emit(float(item.data(Qt.ItemDataRole.UserRole)))


def _format(v: float) -> str:
    if not math.isfinite(v):
        return "nan"
    a = abs(v)
    if a >= 1e5:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.1f}"
    return f"{v:.3f}"
