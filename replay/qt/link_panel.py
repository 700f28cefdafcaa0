"""The link panel of a live pass: packets per second, what came and when, what went wrong, the
recording, and the ground's log (AOS, DROPOUT, LOS, limit crossings, the operator's marks).

Read from the receiver twice a second, not every frame: counters are for a person to read.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from replay.core.timefmt import format_t_plus
from replay.qt import theme
from replay.stream.receiver import Receiver

REFRESH_MS = 500
#: Rows of the table: label, the receiver's counters summed, and the kind whose last arrival
#: is shown (APID 0x101 telemetry, 0x102 metadata).
ROWS: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("telemetry (APID 0x101)", ("telemetry",), "telemetry"),
    ("metadata (APID 0x102)", ("metadata",), "metadata"),
    ("duplicates", ("duplicate",), "duplicate"),
    ("out of order", ("out_of_order",), "out_of_order"),
    ("malformed, bad length or metadata", ("malformed", "bad_length", "bad_metadata"), None),
    ("oversized", ("oversized",), None),
    ("not ours (other APIDs)", ("foreign",), "foreign"),
    ("dropped by the kernel", ("kernel_dropped",), None),
    ("new sources (a new pass each)", ("new_sources",), None),
    ("errors of ours", ("internal_error",), None),
)


class LinkPanel(QWidget):
    """Link statistics and the ground's log of a live pass (empty for a replay)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receiver: Receiver | None = None
        self.missed_frames = 0
        self._last = (time.monotonic(), 0)
        self.rate = QLabel("", self)
        self.rate.setFont(theme.mono_font(13, bold=True))
        self.table = QTableWidget(len(ROWS), 3, self)
        self.table.setHorizontalHeaderLabels(["", "count", "last"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for k, (label, _kinds, _seen) in enumerate(ROWS):
            self.table.setItem(k, 0, QTableWidgetItem(label))
            self.table.setItem(k, 1, QTableWidgetItem("0"))
            self.table.setItem(k, 2, QTableWidgetItem(""))
        self.recording = QLabel("", self)
        self.recording.setWordWrap(True)
        log_title = QLabel("Log", self)
        log_title.setObjectName("title")
        self.log = QListWidget(self)
        self.log.setFont(theme.mono_font(10))
        box = QVBoxLayout(self)
        for w in (self.rate, self.table, self.recording, log_title, self.log):
            box.addWidget(w)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    def set_receiver(self, receiver: Receiver | None) -> None:
        self.receiver = receiver
        self._last = (time.monotonic(), receiver.counts["telemetry"] if receiver else 0)
        if receiver is None:
            self._timer.stop()
        else:
            self._timer.start()
        self.refresh()

    def note(self, t_s: float | None, text: str) -> None:
        """A line of the log: the ground's UTC, the flight time, what happened."""
        now = datetime.now(UTC)
        when = format_t_plus(t_s) if t_s is not None else "T+--:--"
        self.log.addItem(f"{now:%H:%M:%S} UTC  {when}  {text}")
        self.log.scrollToBottom()

    def refresh(self) -> None:
        rx = self.receiver
        if rx is None:
            self.rate.setText("not receiving")
            return
        now = time.monotonic()
        then, count = self._last
        rate = (rx.counts["telemetry"] - count) / max(now - then, 1e-6)
        self._last = (now, rx.counts["telemetry"])
        self.rate.setText(
            f"{rate:,.0f} packets/s   missed frames {self.missed_frames:,}   pass {rx.pass_number}"
        )
        for k, (_label, kinds, seen) in enumerate(ROWS):
            self._set(k, 1, f"{sum(rx.counts[n] for n in kinds):,}")
            at = rx.last_seen.get(seen) if seen else None
            self._set(k, 2, "" if at is None else f"{now - at:.1f} s ago")
        path = rx.record_path
        if path is None:
            self.recording.setText("Not recording")
        else:
            size = path.stat().st_size if path.exists() else 0
            self.recording.setText(f"● Recording {path} ({size / 1e6:.2f} MB)")
        if rx.status:
            self.recording.setText(self.recording.text() + f"\n{rx.status}")

    def _set(self, row: int, column: int, text: str) -> None:
        item = self.table.item(row, column)
        if item is not None and item.text() != text:
            item.setText(text)
