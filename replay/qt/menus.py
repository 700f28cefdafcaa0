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
    recent = file_menu.addMenu("Open &Recent")
    samples = file_menu.addMenu("Open &Sample")
    _fill_samples(w, samples)
    file_menu.addSeparator()
    _action(w, file_menu, "Export view as &PNG…", lambda: export_png(w), "Ctrl+E")
    _action(w, file_menu, "Export visible range as &CSV…", lambda: export_csv(w), "Ctrl+Shift+E")
    file_menu.addSeparator()
    _action(w, file_menu, "&Quit", w.close, QKeySequence.StandardKey.Quit)
    view = bar.addMenu("&View")
    follow = _action(w, view, "&Follow the vehicle on the map", w.map.set_follow, "F")
    follow.setCheckable(True)
    follow.setChecked(True)
    w.map.follow_changed.connect(follow.setChecked)  # a pan on the map turns following off
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
