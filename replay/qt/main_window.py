"""The main window: it assembles the views around the controller and wires menus and keys.

It computes nothing itself: loading runs on the loader's thread, time lives in the clock, and
each view draws itself from the session at the replay time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from replay import __version__
from replay.qt import dialogs, menus
from replay.qt.controller import Controller
from replay.qt.loader import Loader
from replay.qt.map_view import GroundTrackMap
from replay.qt.plots import PlotStack
from replay.qt.signal_panel import SignalPanel
from replay.qt.timeline import TimelineScrubber
from replay.qt.transport import TransportBar
from replay.session import Session

MAX_RECENT = 8


class MainWindow(QMainWindow):
    """Transport and timeline on top; plots left; map and signal panel right."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "AscentReplay", "ascent-replay"
        )
        self.setWindowTitle(f"Ascent Replay {__version__}")
        self.setAcceptDrops(True)
        self.controller = Controller(self)
        self.loader = Loader(self)
        self.error_box: QMessageBox | None = None
        self.live_windows: list[QWidget] = []
        self.transport = TransportBar(self.controller, self)
        self.timeline = TimelineScrubber(self)
        self.plots = PlotStack(self)
        self.map = GroundTrackMap(self)
        self.signal_panel = SignalPanel(self)
        self.views = (self.timeline, self.plots, self.map, self.signal_panel)
        self._layout()
        self._wire()
        self.recent_menu, self.samples_menu = menus.build(self)
        menus.refresh_recent(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.file_label = QLabel("", self)
        self.statusBar().addWidget(self.file_label)
        self._restore()

    # --- assembling ----------------------------------------------------------------------
    def _layout(self) -> None:
        top = QWidget(self)
        box = QVBoxLayout(top)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.transport)
        box.addWidget(self.timeline)
        self.right = QSplitter(Qt.Orientation.Vertical, self)
        self.right.addWidget(self.map)
        self.right.addWidget(self.signal_panel)
        self.right.setSizes([520, 380])
        self.centre = QSplitter(Qt.Orientation.Horizontal, self)
        self.centre.addWidget(self.plots)
        self.centre.addWidget(self.right)
        self.centre.setSizes([780, 640])
        box.addWidget(self.centre, 1)
        self.setCentralWidget(top)

    def _wire(self) -> None:
        c = self.controller
        for view in self.views:
            c.clock.time_changed.connect(view.seek)
            c.session_changed.connect(view.set_session)
        self.timeline.scrubbed.connect(c.seek)
        self.plots.seek_requested.connect(c.seek)
        self.signal_panel.seek_requested.connect(c.seek)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self.loader.progress.connect(self._progress)
        for keys, slot in (
            ("Space", c.toggle_play),
            ("Right", lambda: c.step(1)),
            ("Left", lambda: c.step(-1)),
            ("Shift+Right", lambda: c.jump(10.0)),
            ("Shift+Left", lambda: c.jump(-10.0)),
            ("]", c.next_event),
            ("[", c.previous_event),
            ("Home", c.home),
            ("End", c.end),
            ("+", c.clock.faster),
            ("=", c.clock.faster),
            ("-", c.clock.slower),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # --- files ---------------------------------------------------------------------------
    def open_file(self, path: str | Path) -> None:
        """Load ``path`` in the background; the current flight stays until it succeeds."""
        self.progress.setValue(5)
        self.progress.show()
        self.statusBar().showMessage(f"Loading {Path(path).name} …")
        self.loader.load(path)

    def show_session(self, session: Session, path: str, t_s: float | None = None) -> None:
        """Replace the flight on screen (used by the loader and by snapshots)."""
        self.controller.set_session(session, t_s)
        title = session.flight.meta.title or Path(path).name
        self.setWindowTitle(f"{title} — Ascent Replay")
        self.file_label.setText(str(path))
        self._remember(path)

    def _loaded(self, session: Session, path: str) -> None:
        self.progress.hide()
        self.statusBar().showMessage(f"Opened {Path(path).name}", 5000)
        self.show_session(session, path)

    def _failed(self, message: str, path: str) -> None:
        self.progress.hide()
        self.statusBar().showMessage(f"Could not open {Path(path).name}", 8000)
        self.error_box = dialogs.error(self, "Could not open the file", message)

    def _progress(self, what: str, fraction: float) -> None:
        self.progress.setValue(int(fraction * 100))
        self.progress.setFormat(what)

    def recent_files(self) -> list[str]:
        value: object = self.settings.value("recent", [])
        items = (
            [value]
            if isinstance(value, str)
            else list(value or [])
            if isinstance(value, list)
            else []
        )
        return [str(p) for p in items if p]

    def _remember(self, path: str) -> None:
        items = [p for p in self.recent_files() if p != str(path)]
        self.settings.setValue("recent", [str(path), *items][:MAX_RECENT])
        menus.refresh_recent(self)

    # --- drag and drop, settings ---------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.open_file(files[0])
            event.acceptProposedAction()

    def _restore(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1600, 950)
        for name, splitter in (("centre", self.centre), ("right", self.right)):
            state = self.settings.value(f"splitter/{name}")
            if state is not None:
                splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.controller.clock.pause()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter/centre", self.centre.saveState())
        self.settings.setValue("splitter/right", self.right.saveState())
        self.settings.sync()
        self.loader.shutdown()
        super().closeEvent(event)
