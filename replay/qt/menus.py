"""The menu bar: File (open, recent, samples, export), View and Help."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from replay.qt import dialogs

if TYPE_CHECKING:
    from replay.qt.main_window import MainWindow

FILE_FILTER = "Telemetry (*.csv *.csv.gz *.jsonl *.ndjson *.tsv *.txt *.dat *.gz);;All files (*)"


def build(w: MainWindow) -> tuple[QMenu, QMenu]:
    """Fill the menu bar; returns the Open Recent and Open Sample menus."""
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    _action(w, file_menu, "&Open…", lambda: _open_dialog(w), QKeySequence.StandardKey.Open)
    _action(w, file_menu, "&Listen for a live stream…", lambda: listen(w), "Ctrl+L")
    _action(w, file_menu, "Sce&narios…", lambda: scenarios(w), "Ctrl+Shift+O")
    recent = file_menu.addMenu("Open &Recent")
    samples = file_menu.addMenu("Open &Sample")
    _fill_samples(w, samples)
    file_menu.addSeparator()
    _action(w, file_menu, "Export view as &PNG…", lambda: export_png(w), "Ctrl+E")
    _action(w, file_menu, "Export visible range as &CSV…", lambda: export_csv(w), "Ctrl+Shift+E")
    _action(w, file_menu, "Export plots for &slides (PNG and SVG)…", lambda: export_slides(w))
    _action(w, file_menu, "Export debrief &report…", lambda: export_report(w), "Ctrl+R")
    file_menu.addSeparator()
    _action(w, file_menu, "&Quit", w.close, QKeySequence.StandardKey.Quit)
    view = bar.addMenu("&View")
    # The map is rebuilt in presentation mode: look it up when triggered, not now.
    follow = lambda on: w.map.set_follow(on)  # noqa: E731, PLW0108
    w.follow_action = _action(w, view, "&Follow the vehicle on the map", follow, "F")
    w.follow_action.setCheckable(True)
    w.follow_action.setChecked(True)
    view.addSeparator()
    w.nominal_action = _action(w, view, "&Nominal versus actual", w.set_nominal, "N")
    w.nominal_action.setCheckable(True)
    w.nominal_action.setChecked(True)
    w.truth_action = _action(w, view, "Show where it really &fell (truth)", w.set_truth, "T")
    w.truth_action.setCheckable(True)
    view.addSeparator()
    w.present_action = _action(w, view, "&Presentation mode", w.set_presentation, "F11")
    w.present_action.setCheckable(True)
    rebind_views(w)
    help_menu = bar.addMenu("&Help")
    _action(w, help_menu, "&Keyboard shortcuts", lambda: dialogs.shortcuts(w), "F1")
    _action(w, help_menu, "&About Ascent Replay", lambda: dialogs.about(w))
    return recent, samples


def _action(w: MainWindow, menu: QMenu, text: str, slot: object, keys: object = None) -> QAction:
    action = QAction(text, w)
    if keys is not None:
        action.setShortcut(QKeySequence(keys))  # type: ignore[call-overload]
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def rebind_views(w: MainWindow) -> None:
    """Connect the menu to views that were (re)built."""
    w.map.follow_changed.connect(w.follow_action.setChecked)  # a pan turns following off


def scenarios(w: MainWindow) -> object:
    from replay.qt.library import LibraryDialog

    dialog = LibraryDialog(w)
    dialog.library.open_requested.connect(w.open_file)
    dialog.open()
    return dialog


def export_slides(w: MainWindow, folder: str | None = None) -> list[str]:
    """The plot stack at slide resolution (1920x1080) as PNG, and as SVG."""
    if w.controller.session is None:
        return []
    if folder is None:
        folder = QFileDialog.getExistingDirectory(w, "Export plots for slides")
    if not folder:
        return []
    from replay.qt.slides import export_plots

    return [str(p) for p in export_plots(w.plots, w.controller.clock.t_s, Path(folder))]


def export_report(w: MainWindow, path: str | None = None) -> str | None:
    """The debrief report of the open flight (one self-contained HTML file)."""
    session = w.controller.session
    if session is None or session.flight.path is None:
        return None
    if path is None:
        path, _ = QFileDialog.getSaveFileName(
            w, "Export debrief report", "report.html", "HTML (*.html)"
        )
    if not path:
        return None
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtWidgets import QApplication

    from replay.report.html import build_report, default_snapshot_time

    # The dashboard as it was at the loss of signal, then back to where the class was.
    clock, was = w.controller.clock, w.controller.clock.t_s
    at = default_snapshot_time(session)
    clock.pause()
    clock.seek(at)
    QApplication.processEvents()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    w.grab().toImage().save(buffer, "PNG")  # type: ignore[call-overload]  # the stub says bytes; Qt wants str
    clock.seek(was)
    try:
        html = build_report(session, bytes(data.data()), snapshot_at_s=at)
        Path(path).write_text(html, encoding="utf-8")
    except OSError as exc:
        dialogs.error(w, "Export failed", f"{path}: {exc.strerror or exc}")
        return None
    return path


def refresh_recent(w: MainWindow) -> None:
    w.recent_menu.clear()
    for path in w.recent_files():
        action = w.recent_menu.addAction(path)
        action.triggered.connect(lambda _checked=False, p=path: w.open_file(p))
    w.recent_menu.setEnabled(bool(w.recent_files()))


def _fill_samples(w: MainWindow, menu: QMenu) -> None:
    from replay.resources import asset_names, read_toml, sample

    for sid in asset_names("scenarios"):
        try:
            path = sample(sid)
        except FileNotFoundError:
            continue
        title = str(read_toml("scenarios", sid).get("name", sid))
        action = menu.addAction(title)
        action.triggered.connect(lambda _checked=False, p=str(path): w.open_file(p))


def _open_dialog(w: MainWindow) -> None:
    start = str(Path(w.recent_files()[0]).parent) if w.recent_files() else ""
    path, _ = QFileDialog.getOpenFileName(w, "Open telemetry", start, FILE_FILTER)
    if path:
        w.open_file(path)


def listen(w: MainWindow, port: int | None = None) -> object | None:
    """Open a live window on a UDP port; its recording comes back here for replay."""
    from datetime import UTC, datetime

    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QInputDialog

    from replay.qt.live_window import LiveWindow
    from replay.stream.receiver import Receiver
    from replay.stream.transmit import DEFAULT_PORT

    if port is None:
        port, ok = QInputDialog.getInt(
            w, "Listen", "UDP port on 127.0.0.1:", DEFAULT_PORT, 1, 65535
        )
        if not ok:
            return None
    folder = (
        Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
        / "recordings"
    )
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / f"recording-{datetime.now(UTC):%Y%m%d-%H%M%S}.ccsds"
    try:
        receiver = Receiver(port, record=record).start()
    except OSError as exc:
        dialogs.error(w, "Cannot listen", f"127.0.0.1:{port}: {exc.strerror or exc}")
        return None
    live = LiveWindow(receiver)
    live.replay_requested.connect(w.open_file)
    live.show()
    w.live_windows.append(live)
    return live


def export_png(w: MainWindow, path: str | None = None) -> str | None:
    """Save the whole window as it looks now."""
    if path is None:
        path, _ = QFileDialog.getSaveFileName(w, "Export view as PNG", "replay.png", "PNG (*.png)")
    if path and not w.grab().save(path, "PNG"):
        dialogs.error(w, "Export failed", f"{path}: could not write the PNG")
        return None
    return path or None


def export_csv(w: MainWindow, path: str | None = None) -> str | None:
    """Save the samples of the plots' visible time range (native CSV when it has the state)."""
    session = w.controller.session
    if session is None:
        return None
    if path is None:
        path, _ = QFileDialog.getSaveFileName(w, "Export visible range", "range.csv", "CSV (*.csv)")
    if not path:
        return None
    from replay.io import generic_csv, native_csv

    t0, t1 = w.plots.visible_range()
    part = session.flight.between(t0, min(t1, w.controller.clock.t_s))
    try:
        try:
            native_csv.write(part, path)
        except ValueError:  # a foreign flight without the native state columns
            generic_csv.write(part, path)
    except OSError as exc:
        dialogs.error(w, "Export failed", f"{path}: {exc.strerror or exc}")
        return None
    return path
