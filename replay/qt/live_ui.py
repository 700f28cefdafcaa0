"""Live in the replay window: a pass received over UDP shown by the same views as a file.

:class:`LiveUi` starts a receiver and its :class:`~replay.qt.live_feed.LiveFeed`, hands the
feed to the controller (which follows the ground's time), and adds what only a live pass has:
the link panel, the recording in the status bar, the ground's log of AOS / DROPOUT / LOS and
limit crossings, an LOS alarm the operator acknowledges (a bell and a red button), operator
marks (M), and stopping, after which the recording opens as a replay.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QStatusBar, QWidget

from replay.qt import theme
from replay.qt.controller import Controller
from replay.qt.link_panel import LinkPanel
from replay.qt.live_feed import LiveFeed
from replay.qt.page import ReplayPage
from replay.session import Session
from replay.stream.receiver import Receiver, RecordMode


class LiveHost(Protocol):
    """What of the main window live needs."""

    controller: Controller
    page: ReplayPage
    error_box: QMessageBox | None

    def statusBar(self) -> QStatusBar: ...

    def setWindowTitle(self, title: str) -> None: ...

    def show_page(self) -> None: ...

    def remember_file(self, path: str) -> None: ...

    def open_file(self, path: str | Path) -> None: ...


class LiveUi(QObject):
    """The live parts of ``window``; ``listen`` starts a pass, ``stop`` ends it."""

    def __init__(self, window: LiveHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.feed: LiveFeed | None = None
        self.link = LinkPanel(parent)
        self.recording = QLabel("", parent)
        theme.set_text_colour(self.recording, theme.LOS)
        self.recording.setVisible(False)
        window.statusBar().addPermanentWidget(self.recording)
        self.alarm = QPushButton("LOSS OF SIGNAL — acknowledge", parent)
        self.alarm.setStyleSheet(f"background: {theme.LOS}; color: white; font-weight: bold;")
        self.alarm.setVisible(False)
        self.alarm.clicked.connect(self.acknowledge)
        layout = window.page.signal_panel.layout()
        if layout is not None:
            layout.insertWidget(1, self.alarm)  # type: ignore[attr-defined]
        self._status = ""
        self._levels: dict[str, str] = {}
        c = window.controller
        c.clock.time_changed.connect(self._watch)
        c.session_changed.connect(self._grown)

    @property
    def receiver(self) -> Receiver | None:
        return None if self.feed is None else self.feed.receiver

    def listen(
        self,
        port: int,
        host: str = "127.0.0.1",
        record: Path | None = None,
        record_mode: RecordMode = "new",
    ) -> bool:
        """Receive on ``host:port`` (recording to ``record``); ``False`` with an error box when
        the port cannot be had or the recording not written."""
        self.stop()
        try:
            receiver = Receiver(port, host=host, record=record, record_mode=record_mode).start()
        except (OSError, ValueError) as exc:
            what = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            self.window.error_box = QMessageBox(
                QMessageBox.Icon.Critical, "Cannot listen", f"{host}:{port}: {what}"
            )
            self.window.error_box.open()
            return False
        self.attach(receiver)
        return True

    def attach(self, receiver: Receiver) -> None:
        """Show ``receiver``'s pass (started) in the window, following the ground's time."""
        self.stop()
        watchdog = self.window.page.signal_panel.watchdog.value()
        self.feed = LiveFeed(receiver, watchdog, self)
        self.window.controller.start_live(self.feed)
        self.window.show_page()
        tabs = self.window.page.tabs
        if tabs.indexOf(self.link) < 0:
            tabs.addTab(self.link, "Link")
        self.link.set_receiver(receiver)
        self.link.note(None, f"listening on {receiver.host}:{receiver.port}")
        self.window.setWindowTitle(f"Live on {receiver.host}:{receiver.port} — Ascent Replay")
        self._show_recording()

    def stop(self, open_recording: bool = False) -> str | None:
        """Stop receiving; the recording goes to Open Recent (and, if asked and anything was
        recorded, opens as a replay). Returns the recording's path."""
        feed, self.feed = self.feed, None
        if feed is None:
            return None
        receiver = feed.receiver
        self.window.controller.stop_live()
        self.link.note(None, "stopped listening")
        self.link.set_receiver(None)
        self.recording.setVisible(False)
        self.alarm.setVisible(False)
        path = receiver.record_path
        if path is None or not path.exists() or receiver.counts["telemetry"] == 0:
            return None
        self.window.remember_file(str(path))
        if open_recording:
            self.window.open_file(path)
        return str(path)

    def recorded(self) -> bool:
        """Whether the pass has recorded telemetry (Stop and replay is offered only then)."""
        rx = self.receiver
        return rx is not None and rx.record_path is not None and rx.counts["telemetry"] > 0

    def acknowledge(self) -> None:
        self.alarm.setVisible(False)
        self.link.note(self.window.controller.clock.t_s, "LOS acknowledged by the operator")

    def mark(self) -> None:
        """An operator's mark in the log, at the replay time (M)."""
        if self.feed is not None:
            self.link.note(self.window.controller.clock.t_s, "MARK (operator)")

    # --- watching ------------------------------------------------------------------------
    def _watch(self, t_s: float) -> None:
        """The ground's lamp, logged as it changes (following now only: a scrub is history)."""
        c = self.window.controller
        s = c.session
        if self.feed is None or s is None or not c.live:
            return
        status = s.signal_at(t_s).status
        if status == self._status:
            return
        self._status = status
        self.link.note(t_s, status)
        if status == "LOS":
            QApplication.beep()
            self.alarm.setVisible(True)
        elif status == "AOS":
            self.alarm.setVisible(False)

    def _grown(self, session: Session) -> None:
        """Limit crossings at the newest sample, logged; the link panel's missed frames."""
        if self.feed is None or not session.live:
            return
        self._show_recording()
        sig = session.analysis.signal
        self.link.missed_frames = sum(g.frames_missed for g in sig.dropouts)
        f = session.flight
        for name, lim in session.limits.items():
            if name not in f.channels:
                continue
            level = lim.level(float(f.channels[name][-1]))
            if level != self._levels.get(name, "ok"):
                self.link.note(float(f.t_s[-1]), f"{name}: {level}")
            self._levels[name] = level

    def _show_recording(self) -> None:
        rx = self.receiver
        on = rx is not None and rx.record_path is not None
        self.recording.setVisible(on)
        if rx is not None and rx.record_path is not None:
            path = rx.record_path
            size = path.stat().st_size if path.exists() else 0
            self.recording.setText(f"● REC {path.name} {size / 1e6:.1f} MB")
            self.recording.setToolTip(str(path))
