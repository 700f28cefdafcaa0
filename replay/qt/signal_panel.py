"""The signal panel: the link lamp, the latest value of every channel, and the event log.

The lamp is the ground's watchdog (:mod:`replay.analysis.watchdog`): green (AOS) while frames
arrive, amber while one is overdue (DROPOUT, with the age of the last frame growing), red once
the silence has lasted the watchdog time, which the panel states and lets the user set.
Values go grey and are marked stale during a gap; a value beyond
its caution or warning limit is coloured. Clicking an event seeks to it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from replay.analysis.watchdog import DEFAULT_WATCHDOG_S, WATCHDOG_RANGE_S
from replay.core.timefmt import format_t_plus
from replay.qt import theme
from replay.qt.values_model import ValuesModel
from replay.session import Session

#: The time an event list entry is known to the ground (a loss of signal: when declared).
KNOWN_ROLE = Qt.ItemDataRole.UserRole + 1


class SignalPanel(QWidget):
    """Link status, channel values at the replay time, and the events."""

    seek_requested = Signal(float)
    watchdog_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self._passed = -1
        self._t = 0.0
        self._future_held = False
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        lamp_row = QHBoxLayout()
        self.lamp = QLabel("●", self)
        self.status = QLabel("", self)
        self.age = QLabel("", self)
        theme.set_text_colour(self.age, theme.TEXT_DIM)
        self.age.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lamp_row.addWidget(self.lamp)
        lamp_row.addWidget(self.status)
        lamp_row.addStretch(1)
        # The age over the watchdog, beside the lamp's big letters: no row of their own, so
        # at 720 px the channel table keeps its rows.
        right = QVBoxLayout()
        right.setSpacing(2)
        right.addWidget(self.age, 0, Qt.AlignmentFlag.AlignRight)
        right.addLayout(self._watchdog_row())
        lamp_row.addLayout(right)
        box.addLayout(lamp_row)
        self.values = ValuesModel()
        self.table = QTableView(self)
        self.table.setModel(self.values)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: resizing to contents would re-measure every cell on every frame.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        box.addWidget(self.table, 3)
        self.events_title = events_title = QLabel("Events", self)
        events_title.setObjectName("title")
        box.addWidget(events_title)
        self.events = QListWidget(self)
        self.events.itemClicked.connect(self._event_clicked)
        box.addWidget(self.events, 2)
        self.restyle()
        self._set_status("NO DATA", None)

    def _watchdog_row(self) -> QHBoxLayout:
        """ "LOS after [5.0 s of silence]": the watchdog, stated and settable."""
        watchdog_row = QHBoxLayout()
        watchdog_row.addStretch(1)
        said = QLabel("LOS after", self)
        theme.set_text_colour(said, theme.TEXT_DIM)
        self.watchdog = QDoubleSpinBox(self)
        self.watchdog.setRange(*WATCHDOG_RANGE_S)
        self.watchdog.setDecimals(1)
        self.watchdog.setSingleStep(1.0)
        self.watchdog.setSuffix(" s of silence")
        self.watchdog.setValue(DEFAULT_WATCHDOG_S)
        self.watchdog.setToolTip(
            "A ground station declares the loss of signal only after this much flight time "
            "without a frame; until then the lamp shows a DROPOUT whose age grows."
        )
        self.watchdog.valueChanged.connect(self._watchdog_set)
        watchdog_row.addWidget(said)
        watchdog_row.addWidget(self.watchdog)
        return watchdog_row

    def restyle(self) -> None:
        """Take up the theme's fonts and sizes (presentation mode)."""
        self.lamp.setFont(theme.mono_font(26, bold=True))
        self.status.setFont(theme.mono_font(18, bold=True))
        self.age.setFont(theme.mono_font(11))
        # Fixed sizes: changing text must repaint the label, not re-lay-out the window.
        theme.fix_label_size(self.status, "DROPOUT", pad_px=12)
        theme.fix_label_size(self.age, "last frame 99999.9 s ago")
        for w in (self.table, self.events):
            w.setFont(theme.mono_font(11))
        header = self.table.horizontalHeader()
        header.resizeSection(1, round(170 * theme.SCALE))
        header.resizeSection(2, round(60 * theme.SCALE))

    def set_session(self, session: Session) -> None:
        self.session = session
        if abs(self.watchdog.value() - session.watchdog_s) > 1e-9:
            self.watchdog.blockSignals(True)  # the session's, shown: not a change to echo
            self.watchdog.setValue(session.watchdog_s)
            self.watchdog.blockSignals(False)
        self._passed = -1
        self.values.set_session(session)
        self.events.clear()
        a = session.analysis
        entries = [
            (e.t_s, e.t_s, e.label + ("" if e.source == "recorded" else " (detected)"))
            for e in a.events
        ]
        if a.los is not None:  # known to the ground once the watchdog declares it
            declared = a.los.t_s + session.watchdog_s
            said = f"LOSS OF SIGNAL (last frame; declared at {format_t_plus(declared)})"
            entries.append((a.los.t_s, declared, said))
        for t, known, label in sorted(entries):
            item = QListWidgetItem(f"{format_t_plus(t)}  {label}")
            item.setData(Qt.ItemDataRole.UserRole, t)
            item.setData(KNOWN_ROLE, known)
            self.events.addItem(item)

    @property
    def t_s(self) -> float:
        return self._t

    def seek(self, t_s: float) -> None:
        self._t = t_s
        s = self.session
        if s is None:
            return
        state = s.signal_at(t_s)
        self._set_status(state.status, state.since_last_frame_s)
        self.values.show(state.last_index, stale=state.status != "AOS")
        self._mark_events(t_s)

    def _set_status(self, status: str, since: float | None) -> None:
        if status != self.status.text():
            colour = theme.STATUS_COLOURS.get(status, theme.TEXT_DIM)
            theme.set_text_colour(self.lamp, colour)
            theme.set_text_colour(self.status, colour)
            self.status.setText(status)
        age = "" if since is None else f"last frame {since:6.1f} s ago"
        if age != self.age.text():
            self.age.setText(age)

    def _mark_events(self, t_s: float) -> None:
        times = [float(self.events.item(i).data(KNOWN_ROLE)) for i in range(self.events.count())]
        passed = sum(t <= t_s + 1e-9 for t in times)
        if passed == self._passed:
            return  # repaint the list only when an event is passed (or un-passed by a seek)
        self._passed = passed
        for i in range(self.events.count()):  # only what changed: each change relays the list
            colour = QColor(theme.TEXT if i < passed else theme.TEXT_DIM)
            item = self.events.item(i)
            if item.foreground().color() != colour:
                item.setForeground(QBrush(colour))
            hidden = self._future_held and times[i] > t_s + 1e-9
            if item.isHidden() != hidden:
                item.setHidden(hidden)

    def _watchdog_set(self, seconds: float) -> None:
        if self.session is not None and abs(seconds - self.session.watchdog_s) > 1e-9:
            self.watchdog_changed.emit(seconds)

    def hold_back(self, held: frozenset[str]) -> None:
        """While a lesson runs, list only the events the ground knows of by now."""
        self._future_held = "future" in held
        self._passed = -1
        self._mark_events(self._t)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A short panel (a projector's 720 lines) gives the channel table the room for several
        rows: the event log, also on the timeline and over the plots, is left out."""
        super().resizeEvent(event)
        row_px = self.table.verticalHeader().defaultSectionSize()
        header_px = self.table.horizontalHeader().sizeHint().height()
        fixed_px = self.lamp.height() + self.events_title.sizeHint().height() + 20
        # With the log the table has 3/5 of the rest (stretch 3:2): room for 3 rows at least?
        roomy = event.size().height() >= fixed_px + (header_px + 3 * row_px) * 5 / 3
        for w in (self.events_title, self.events):
            w.setVisible(roomy)

    def _event_clicked(self, item: QListWidgetItem) -> None:
        self.seek_requested.emit(float(item.data(Qt.ItemDataRole.UserRole)))
