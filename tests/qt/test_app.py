"""The application set-up: garbage is collected on the GUI thread only."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from replay.qt.app import collect_on_the_gui_thread


def test_the_automatic_collector_is_off_once_qt_runs(qtbot: QtBot, qapp: QApplication) -> None:
    collector = collect_on_the_gui_thread()
    assert collector is collect_on_the_gui_thread()  # one per process
    assert not gc.isenabled()
    # Qt garbage in a cycle, then a worker thread allocating hard: no collection may run there.
    widget = QWidget()
    widget.cycle = widget  # type: ignore[attr-defined]
    del widget
    collected_on: list[str] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collected_on.append(threading.current_thread().name)

    kept: list[object] = []  # alive, so the count of new objects stays over the threshold

    gc.callbacks.append(note)
    try:
        worker = threading.Thread(target=lambda: kept.extend([] for _ in range(100_000)))
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: "MainThread" in collected_on, timeout=5000)  # the timer's turn
    finally:
        gc.callbacks.remove(note)
    assert set(collected_on) == {"MainThread"}
