"""The main window: it assembles the replay page, the controller, the loader and the actions.

It computes nothing itself: loading runs on the loader's thread, time lives in the clock, each
view draws itself from the session at the replay time (the controller drives the page's views,
:meth:`replay.qt.page.ReplayPage.views`), and every command is an action
(:mod:`replay.qt.actions`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QToolButton,
)

from replay import __version__
from replay.core.errors import TelemetryFormatError
from replay.core.view_state import ViewState
from replay.io import ReadOptions
from replay.qt import dialogs, menus, theme
from replay.qt.actions import Actions
from replay.qt.controller import Controller
from replay.qt.import_dialog import ImportDialog, ImportMemory
from replay.qt.library import ScenarioLibrary
from replay.qt.live_ui import LiveUi
from replay.qt.loader import Loader
from replay.qt.page import ReplayPage
from replay.session import Session

MAX_RECENT = 8


class MainWindow(QMainWindow):
    """The scenario library while no flight is open, then the replay page."""

    def __init__(
        self,
        settings: QSettings | None = None,
        open_first: str | None = None,
        read_options: ReadOptions | None = None,
        read_format: str | None = None,
    ) -> None:
        """``open_first``: a file to load at once (with the command line's ``read_options``
        and ``read_format``), while the window is being built."""
        super().__init__()
        self.settings = settings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "AscentReplay", "ascent-replay"
        )
        self.setWindowTitle(f"Ascent Replay {__version__}")
        self.setAcceptDrops(True)
        self.controller = Controller(self)
        self.loader = Loader(self)
        if open_first is not None:
            self.loader.load(open_first, read_options, read_format)
        self.error_box: QMessageBox | None = None
        self.imports = ImportMemory(self.settings)
        self.presenting = False
        self.pages = QStackedWidget(self)
        self.page = ReplayPage(self.controller, self)
        self.pages.addWidget(self.page)
        self.setCentralWidget(self.pages)
        #: The scenario library, the first page while no flight is open (not built when a
        #: file is opened at once: it would only delay the replay).
        self.library: ScenarioLibrary | None = None
        if open_first is None:
            self.show_library()
        self.controller.register(*self.page.views())
        self.controller.session_changed.connect(lambda _s: self.show_page())
        self.live = LiveUi(self, self)
        self.loader.loaded.connect(self._loaded)
        self.loader.finished.connect(self._finished)
        self.loader.failed.connect(self._failed)
        self.loader.cancelled.connect(self._cancelled)
        self.loader.progress.connect(self._progress)
        self.commands = Actions(
            self.controller,
            self.page,
            self,
            open_file=self.open_file,
            import_file=self.import_file,
            live=self.live,
            recent_files=self.recent_files,
            set_presentation=self.set_presentation,
        )
        self.recent_menu, self.samples_menu = menus.build(self.menuBar(), self.commands)
        menus.fill_recent(self.recent_menu, self.recent_files(), self.open_file)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 100)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop loading (Esc); the flight on screen stays")
        self.cancel_button.clicked.connect(self.loader.cancel)
        cancel_key = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        cancel_key.setWhatsThis("Stop loading a file (the flight on screen stays)")
        cancel_key.activated.connect(lambda: self.loader.cancel() if self.loader.busy else None)
        for w in (self.progress, self.cancel_button):
            w.setVisible(open_first is not None)
            self.statusBar().addPermanentWidget(w)
        self.file_label = QLabel("", self)
        self.statusBar().addWidget(self.file_label)
        self._restore()

    # --- presenting ----------------------------------------------------------------------
    def set_presentation(self, on: bool) -> None:
        """Full screen with fonts for the back of a room; the views are restyled in place."""
        if on == self.presenting:
            return
        self.presenting = on
        self.commands.present.blockSignals(True)  # showing the state must not set it again
        self.commands.present.setChecked(on)
        self.commands.present.blockSignals(False)
        theme.apply(QApplication.instance(), theme.PRESENTATION_SCALE if on else 1.0)  # type: ignore[arg-type]
        self.statusBar().setVisible(not on or self.loader.busy)  # the room sees no file path
        self.page.restyle()
        self.showFullScreen() if on else self.showNormal()

    def view_state(self) -> ViewState:
        """The replay time and every option the window's pictures depend on."""
        clock = self.controller.clock
        state = self.page.view_state(clock.t_s, clock.speed)
        return replace(state, presentation=self.presenting)

    def apply_view_state(self, state: ViewState) -> None:
        """Show the open flight with the options and at the time of ``state``. A comparison
        it names that cannot be read or aligned raises first, with nothing changed
        (:meth:`replay.qt.compare.Comparison.prepare`)."""
        comparison = self.page.workbench.comparison
        other = comparison.prepare(state.compare_file, state.compare_align)
        comparison.set_comparison(other, state.compare_align)
        self.set_presentation(state.presentation)
        self.commands.nominal.setChecked(state.nominal)
        self.commands.truth.setChecked(state.truth)
        self.commands.follow.setChecked(state.map_follow)
        self.page.apply(state)
        self.commands.units[self.page.units].setChecked(True)
        self.controller.clock.set_speed(state.speed)
        self.controller.seek(state.t_s)

    # --- files ---------------------------------------------------------------------------
    def open_file(
        self, path: str | Path, options: ReadOptions | None = None, fmt: str | None = None
    ) -> None:
        """Load ``path`` in the background (a foreign file's columns as ``options`` say, else
        as the user set them for files with its header); the current flight stays until it
        succeeds. A live pass stops (its recording stays in Open Recent)."""
        self.live.stop()
        if options is None:
            options = self.imports.options_for(path)
        self.progress.setValue(5)
        self.statusBar().show()
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage(f"Loading {Path(path).name} …")
        self.loader.load(path, options, fmt)

    def import_file(self, path: str | Path) -> ImportDialog | None:
        """Show ``path``'s first rows and columns' roles; Open loads it read that way."""
        try:
            dialog = ImportDialog(path, self.imports, self)
        except (TelemetryFormatError, OSError) as exc:
            self.error_box = dialogs.error(self, "Cannot import the file", str(exc))
            return None
        dialog.accepted_options.connect(self.open_file)
        dialog.open()
        return dialog

    def show_page(self) -> None:
        """The replay page (not the scenario library)."""
        self.pages.setCurrentWidget(self.page)

    def remember_file(self, path: str) -> None:
        """Put ``path`` first in Open Recent."""
        self._remember(path)

    def show_session(self, session: Session, path: str, t_s: float | None = None) -> None:
        """Replace the flight on screen (used by the loader and by snapshots)."""
        self.controller.set_session(session, t_s)
        title = session.flight.meta.title or Path(path).name
        self.setWindowTitle(f"{title} — Ascent Replay")
        self.file_label.setText(str(path))
        self._remember(path)

    def _loaded(self, session: Session, path: str) -> None:
        self.statusBar().showMessage(f"Opened {Path(path).name}", 5000)
        self.show_session(session, path)

    def _finished(self, session: Session, path: str) -> None:
        """The rest of the flight's analysis: the views keep what the user has set up."""
        self._loading_done()
        current = self.controller.session
        if current is not None and current.same_flight(session):
            self.controller.refine(session)

    def show_library(self) -> None:
        """Show the scenario library page (built the first time)."""
        if self.library is None:
            self.library = ScenarioLibrary(self)
            self.library.open_requested.connect(self.open_file)
            self.pages.addWidget(self.library)
        self.pages.setCurrentWidget(self.library)

    def _failed(self, message: str, path: str) -> None:
        if self.controller.session is None:
            self.show_library()  # nothing open: offer the scenarios
        self._loading_done()
        self.statusBar().showMessage(f"Could not open {Path(path).name}", 8000)
        self.error_box = dialogs.error(self, "Could not open the file", message)
        if Path(path).is_file() and _a_table(path):  # its columns can be said: offer to
            choose = self.error_box.addButton("Choose columns…", QMessageBox.ButtonRole.ActionRole)
            choose.clicked.connect(lambda: self.import_file(path))

    def _cancelled(self, path: str) -> None:
        self._loading_done()
        self.statusBar().showMessage(f"Stopped loading {Path(path).name}", 8000)
        if self.controller.session is None:
            self.show_library()

    def _loading_done(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.statusBar().setVisible(not self.presenting)

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
        menus.fill_recent(self.recent_menu, self.recent_files(), self.open_file)

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
        units = str(self.settings.value("units", self.page.units))
        if units in self.commands.units:
            self.commands.units[units].trigger()
        for name, splitter in (("centre", self.page.centre), ("right", self.page.right)):
            state = self.settings.value(f"splitter/{name}")
            if state is not None:
                splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.live.feed is not None:
            rx = self.live.feed.receiver
            where = f" to {rx.record_path}" if rx.record_path else ""
            asked = QMessageBox.question(
                self,
                "A pass is being received",
                f"Stop receiving{' and recording' + where if where else ''} and close?",
            )
            if asked != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.live.stop()
        self.controller.clock.pause()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter/centre", self.page.centre.saveState())
        self.settings.setValue("splitter/right", self.page.right.saveState())
        self.settings.setValue("units", self.page.units)
        self.settings.sync()
        self.loader.shutdown()
        super().closeEvent(event)


def _a_table(path: str) -> bool:
    """Whether ``path`` is a foreign table (its columns can be chosen in the import dialog)."""
    from replay.io.preview import preview

    try:
        preview(path)
    except (TelemetryFormatError, OSError):
        return False
    return True
