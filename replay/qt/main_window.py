"""The main window: it assembles the views around the controller and wires menus and keys.

It computes nothing itself: loading runs on the loader's thread, time lives in the clock, and
each view draws itself from the session at the replay time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from replay import __version__
from replay.qt import dialogs, menus, theme
from replay.qt.controller import Controller
from replay.qt.lesson_panel import LessonPanel
from replay.qt.library import ScenarioLibrary
from replay.qt.loader import Loader
from replay.qt.map_view import GroundTrackMap
from replay.qt.plots import PlotStack
from replay.qt.signal_panel import SignalPanel
from replay.qt.timeline import TimelineScrubber
from replay.qt.transport import TransportBar
from replay.session import Session

MAX_RECENT = 8


class MainWindow(QMainWindow):
    """Transport and timeline on top; plots left; map, signal panel and lesson right.

    While no flight is open the scenario library fills the window.
    """

    # Made by menus.build.
    follow_action: QAction
    nominal_action: QAction
    truth_action: QAction
    present_action: QAction

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
        self.presenting = False
        self.pages = QStackedWidget(self)
        self.library = ScenarioLibrary(self)
        self.library.open_requested.connect(self.open_file)
        self.pages.addWidget(self.library)
        self.setCentralWidget(self.pages)
        self._make_views()
        self.controller.session_changed.connect(self._session_shown)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self.loader.progress.connect(self._progress)
        self._keys()
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
    def _make_views(self) -> None:
        """Build the replay page (again, for presentation mode: fonts are read when built)."""
        c = self.controller
        self.transport = TransportBar(c, self)
        self.timeline = TimelineScrubber(self)
        self.plots = PlotStack(self)
        self.map = GroundTrackMap(self)
        self.signal_panel = SignalPanel(self)
        self.lesson_panel = LessonPanel(c, self)
        self.views = (self.timeline, self.plots, self.map, self.signal_panel)
        page = QWidget(self)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.transport)
        box.addWidget(self.timeline)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.signal_panel, "Signal")
        self.tabs.addTab(self.lesson_panel, "Lesson")
        self.right = QSplitter(Qt.Orientation.Vertical, self)
        self.right.addWidget(self.map)
        self.right.addWidget(self.tabs)
        self.right.setSizes([520, 380])
        self.centre = QSplitter(Qt.Orientation.Horizontal, self)
        self.centre.addWidget(self.plots)
        self.centre.addWidget(self.right)
        self.centre.setSizes([780, 640])
        box.addWidget(self.centre, 1)
        self.replay_page = page
        self.pages.addWidget(page)
        for view in self.views:
            c.clock.time_changed.connect(view.seek)
            c.session_changed.connect(view.set_session)
        self.timeline.scrubbed.connect(c.seek)
        self.plots.seek_requested.connect(c.seek)
        self.signal_panel.seek_requested.connect(c.seek)

    def _drop_views(self) -> None:
        c = self.controller
        for view in self.views:
            c.clock.time_changed.disconnect(view.seek)
            c.session_changed.disconnect(view.set_session)
        c.clock.time_changed.disconnect(self.lesson_panel.seek)
        c.session_changed.disconnect(self.lesson_panel.set_session)
        self.pages.removeWidget(self.replay_page)
        self.replay_page.deleteLater()

    def _keys(self) -> None:
        c = self.controller
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

    # --- teaching and presenting -----------------------------------------------------------
    def _session_shown(self, session: Session) -> None:
        self.pages.setCurrentWidget(self.replay_page)
        self.tabs.setCurrentWidget(self.lesson_panel if session.lesson else self.signal_panel)
        self.set_nominal(self.nominal_action.isChecked())
        self.map.teaching.show_truth(self.truth_action.isChecked())

    def set_nominal(self, on: bool) -> None:
        """Overlay the nominal flight (dashed) and mark the first divergence, or not."""
        s = self.controller.session
        ref = s.reference if (on and s is not None) else None
        div = s.divergence if s is not None else None
        self.plots.set_reference(ref, div.t_s if (ref is not None and div) else None)
        parted = None
        if ref is not None and s is not None and div is not None and s.analysis.track is not None:
            i = max(s.flight.index_at(div.t_s), 0)
            tr = s.analysis.track
            parted = (
                self.map.track_lon(i, float(tr.lon_deg[i])),
                float(tr.lat_deg[i]),
                div.t_s,
                f"T+{div.t_s:.1f} s: {div.channel} off by "
                + div.off_by(s.flight.units.get(div.channel, "")),
            )
        self.map.teaching.set_reference(ref, parted)
        self.map.refit_labels()

    def set_truth(self, on: bool) -> None:
        """Show where the vehicle really came down (only ever after the loss of signal)."""
        self.map.teaching.show_truth(on)
        self.map.refit_labels()

    def set_presentation(self, on: bool) -> None:
        """Full screen with fonts for the back of a room (the views are rebuilt to take them)."""
        if on == self.presenting:
            return
        self.presenting = on
        app = QApplication.instance()
        theme.apply(app, theme.PRESENTATION_SCALE if on else 1.0)  # type: ignore[arg-type]
        t, session = self.controller.clock.t_s, self.controller.session
        self._drop_views()
        self._make_views()
        menus.rebind_views(self)
        if session is not None:
            self.controller.set_session(session, t)
        else:
            self.pages.setCurrentWidget(self.library)
        self.showFullScreen() if on else self.showNormal()

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
