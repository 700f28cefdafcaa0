"""Every command of the replay window as a ``QAction``: keys, menus and buttons share them.

Built from the controller and the replay page's views, not from the window: the window hands in
the three things only it can do (open a file, list recent files, present). Actions that write
files take an optional target; without one they ask for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from replay.core.display import UNIT_SYSTEMS
from replay.qt import dialogs, exports
from replay.qt.compare_menu import CompareMenu
from replay.qt.controller import Controller
from replay.qt.live_ui import LiveUi
from replay.qt.page import ReplayPage

if TYPE_CHECKING:
    from replay.core.view_state import ViewState
    from replay.qt.video import VideoExport
    from replay.qt.video_dialog import VideoRequest

FILE_FILTER = (
    "Telemetry (*.csv *.csv.gz *.jsonl *.ndjson *.json *.tsv *.txt *.dat *.ccsds *.gz);;"
    "All files (*)"
)
Slot = Callable[..., object]


class Actions(QObject):
    """The window's commands. ``replay`` are the transport's (also on keys); ``file``,
    ``view`` and ``help`` fill the menus of those names."""

    def __init__(
        self,
        controller: Controller,
        page: ReplayPage,
        window: QWidget,
        *,
        open_file: Callable[[str], None],
        import_file: Callable[[str], object],
        live: LiveUi,
        recent_files: Callable[[], list[str]],
        set_presentation: Callable[[bool], None],
    ) -> None:
        super().__init__(window)
        self._c, self._page, self._window = controller, page, window
        self.open_file, self.recent_files = open_file, recent_files
        self.import_file = import_file
        self.live = live
        c = controller
        self.replay = [
            self._make("Play / pause", c.toggle_play, "Space"),
            self._make("Next sample", lambda: c.step(1), "Right"),
            self._make("Previous sample", lambda: c.step(-1), "Left"),
            self._make("Forward 10 s", lambda: c.jump(10.0), "Shift+Right"),
            self._make("Back 10 s", lambda: c.jump(-10.0), "Shift+Left"),
            self._make("Next event", c.next_event, "]"),
            self._make("Previous event", c.previous_event, "["),
            self._make("Start", c.home, "Home"),
            self._make("End", c.end, "End"),
            self._make("Faster", c.clock.faster, ("+", "=")),
            self._make("Slower", c.clock.slower, "-"),
        ]
        self.replay += [
            self._make("Live (follow the ground's time)", c.go_live, "L"),
            self._make("Mark an event in the live log", live.mark, "M"),
        ]
        for action in self.replay:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
        m = page.map
        self.follow = self._make("&Follow the vehicle on the map", m.set_follow, "F", True)
        m.follow_changed.connect(self.follow.setChecked)  # a pan turns following off
        self.nominal = self._make("&Nominal versus actual", self.set_nominal, "N", True)
        self.truth = self._make("Show where it really &fell (truth)", self.set_truth, "T", True)
        self.present = self._make("&Presentation mode", set_presentation, "F11", True)
        self.fit = self._make(
            "Fit plots and timeline to the &data", page.set_fit_to_data, "D", True
        )
        self.fit.setChecked(page.fit_to_data)
        page.plots.fit_changed.connect(self.fit.setChecked)  # a new flight opens fitted or not
        self.follow.setChecked(True)
        self.nominal.setChecked(True)
        self.lesson_layout = self._make(
            "Return to the &lesson's layout", lambda: page.set_lesson_layout(True), "Ctrl+Shift+L"
        )
        self.units = self._unit_actions(page)
        self.view = [
            self.follow,
            self.fit,
            None,
            self.nominal,
            self.truth,
            self.lesson_layout,
            None,
            *self.units.values(),
            None,
            self.present,
        ]
        std = QKeySequence.StandardKey
        self.stop_replay = self._make(
            "S&top listening and replay the recording", self.stop_and_replay
        )
        self.stop_replay.setEnabled(False)  # only once something has been recorded
        c.session_changed.connect(lambda _s: self.stop_replay.setEnabled(live.recorded()))
        self.compare = CompareMenu(window, page.workbench.comparison, FILE_FILTER)
        self.file = [
            self._make("&Open…", self.open_dialog, std.Open),
            self._make("&Listen for a live stream…", self.listen, "Ctrl+L"),
            self.stop_replay,
            self._make("Sce&narios…", self.scenarios, "Ctrl+Shift+O"),
            self._make("&Import with columns…", self.import_dialog, "Ctrl+I"),
            None,
            self._make("Export view as &PNG…", self.export_png, "Ctrl+E"),
            self._make("Export visible range as &CSV…", self.export_csv, "Ctrl+Shift+E"),
            self._make("Export plots for &slides (PNG and SVG)…", self.export_slides),
            self._make("Export debrief &report…", self.export_report, "Ctrl+R"),
            self._make("Export &video…", self.export_video),
            None,
            self._make("Open vie&w…", self.open_view),
            self._make("Save vi&ew…", self.save_view),
            None,
            *self.compare.actions(),
            None,
            self._make("&Quit", window.close, std.Quit),
        ]
        self.help = [
            self._make("&Keyboard shortcuts", lambda: dialogs.shortcuts(window), "F1"),
            self._make("&About Ascent Replay", lambda: dialogs.about(window)),
        ]

    def _make(self, text: str, slot: Slot, keys: object = None, checkable: bool = False) -> QAction:
        action = QAction(text, self._window)
        if isinstance(keys, tuple):
            action.setShortcuts([QKeySequence(k) for k in keys])
        elif keys is not None:
            action.setShortcut(QKeySequence(keys))  # type: ignore[call-overload]
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        return action

    def _unit_actions(self, page: ReplayPage) -> dict[str, QAction]:
        """Units: km, m/s, kPa (the default) / SI / imperial: one choice for every view."""
        group = QActionGroup(self)
        texts = {
            "km": "Units: km, m/s, kPa, bar",
            "SI": "Units: SI (m, m/s, kPa, MPa, m/s²)",
            "imperial": "Units: imperial (ft, mph, psi)",
        }
        actions: dict[str, QAction] = {}
        for system in UNIT_SYSTEMS:
            action = QAction(texts[system], self._window, checkable=True)
            action.setChecked(system == page.units)
            action.triggered.connect(lambda _on=False, u=system: page.set_units(u))
            group.addAction(action)
            actions[system] = action
        return actions

    # --- overlays ------------------------------------------------------------------------------
    def set_nominal(self, on: bool) -> None:
        """The nominal flight on the plots and the map (and the first divergence), or not."""
        self._page.plots.set_nominal(on)
        self._page.map.set_nominal(on)

    def set_truth(self, on: bool) -> None:
        """Show where the vehicle really fell, framed with the predicted impact zone."""
        self._page.map.set_truth(on)
        if on:
            self._page.map.frame_truth()

    # --- files -------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        recent = self.recent_files()
        start = str(Path(recent[0]).parent) if recent else ""
        path, _ = QFileDialog.getOpenFileName(self._window, "Open telemetry", start, FILE_FILTER)
        if path:
            self.open_file(path)

    def import_dialog(self) -> None:
        """Pick a file, then say what its columns are (File → Import with columns…)."""
        recent = self.recent_files()
        start = str(Path(recent[0]).parent) if recent else ""
        path, _ = QFileDialog.getOpenFileName(self._window, "Import telemetry", start, FILE_FILTER)
        if path:
            self.import_file(path)

    def scenarios(self) -> QWidget:
        from replay.qt.library import LibraryDialog

        dialog = LibraryDialog(self._window)
        dialog.library.open_requested.connect(self.open_file)
        dialog.open()
        return dialog

    def listen(self, port: int | None = None) -> bool:
        """Receive a live pass on a UDP port in this window, recording it."""
        from replay.stream.transmit import DEFAULT_PORT

        if port is None:
            port, ok = QInputDialog.getInt(
                self._window, "Listen", "UDP port on 127.0.0.1:", DEFAULT_PORT, 1, 65535
            )
            if not ok:
                return False
        data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        folder = Path(data) / "recordings"
        folder.mkdir(parents=True, exist_ok=True)
        record = folder / f"recording-{datetime.now(UTC):%Y%m%d-%H%M%S-%f}.ccsds"
        return self.live.listen(port, record=record)

    def stop_and_replay(self) -> str | None:
        """Stop receiving and open the recording as a replay (only once something was
        recorded; before, it says so)."""
        if not self.live.recorded():
            self._window.statusBar().showMessage("Nothing recorded yet", 5000)  # type: ignore[attr-defined]
            return None
        return self.live.stop(open_recording=True)

    def export_png(self, path: str | None = None) -> str | None:
        """Save the whole window as it looks now."""
        path = path or self._ask_save("Export view as PNG", "replay.png", "PNG (*.png)")
        return self._writing(lambda p: exports.export_png(self._window, p), path)

    def export_csv(self, path: str | None = None) -> str | None:
        """Save the samples of the plots' visible time range."""
        if self._c.session is None:
            return None
        path = path or self._ask_save("Export visible range", "range.csv", "CSV (*.csv)")
        return self._writing(lambda p: exports.export_csv(self._c, self._page.plots, p), path)

    def export_slides(self, folder: str | None = None) -> list[str]:
        """The plot stack at slide resolution (1920x1080) as PNG, and as SVG."""
        if self._c.session is None:
            return []
        folder = folder or QFileDialog.getExistingDirectory(self._window, "Export plots for slides")
        if not folder:
            return []
        from replay.qt.slides import export_plots

        return [str(p) for p in export_plots(self._page.plots, self._c.clock.t_s, Path(folder))]

    def export_report(self, path: str | None = None) -> str | None:
        """The debrief report of the open flight (one self-contained HTML file)."""
        s = self._c.session
        if s is None or s.flight.path is None:
            return None
        path = path or self._ask_save("Export debrief report", "report.html", "HTML (*.html)")
        return self._writing(lambda p: exports.export_report(self._c, self._window, p), path)

    # --- saved views and video (issue 17; replay.qt.view_files, replay.qt.video_dialog) ----
    def save_view(self, path: str | None = None) -> str | None:
        """Write the window's view (its ``view_state()``) to a view file (docs/views.md)."""
        from replay.qt.view_files import save_view

        return save_view(self._window, path)

    def open_view(self, path: str | None = None) -> ViewState | None:
        """Bring the open flight to a saved view (the window's ``apply_view_state()``)."""
        from replay.qt.view_files import open_view

        return open_view(self._window, self._c.session, path)

    def export_video(
        self, path: str | None = None, request: VideoRequest | None = None
    ) -> VideoExport | None:
        """Render the replay with the window's view to MP4, WebP or GIF, with a progress
        dialog and Cancel; asks for what is not given."""
        from replay.qt.video_dialog import export_video
        from replay.qt.view_files import Viewed

        viewed: Viewed = self._window  # type: ignore[assignment]
        return export_video(self._window, self._c.session, viewed.view_state(), path, request)

    def _ask_save(self, title: str, name: str, kinds: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self._window, title, name, kinds)
        return str(path)

    def _writing(self, write: Callable[[str], str | None], path: str) -> str | None:
        if not path:
            return None
        try:
            return write(path)
        except OSError as exc:
            dialogs.error(self._window, "Export failed", f"{path}: {exc.strerror or exc}")
            return None
