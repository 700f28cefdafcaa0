"""What File ▸ Export writes: the window as PNG, the visible range as CSV, the debrief report.

Each function is given its target and raises ``OSError`` when it cannot write it; asking for the
target and showing the error belong to the actions (:mod:`replay.qt.actions`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWidgets import QApplication, QWidget

from replay.qt.controller import Controller
from replay.qt.plots import PlotStack


def export_png(window: QWidget, path: str) -> str:
    """Save the window as it looks now."""
    if not window.grab().save(path, "PNG"):
        raise OSError(f"{path}: could not write the PNG")
    return path


def export_csv(controller: Controller, plots: PlotStack, path: str) -> str | None:
    """The samples of the plots' visible time range up to the replay time (native CSV when the
    flight has the native state columns, else generic CSV); ``None`` with no flight."""
    session = controller.session
    if session is None:
        return None
    from replay.io import generic_csv, native_csv

    t0, t1 = plots.visible_range()
    part = session.flight.between(t0, min(t1, controller.clock.t_s))
    try:
        native_csv.write(part, path)
    except ValueError:  # a foreign flight without the native state columns
        generic_csv.write(part, path)
    return path


def export_report(controller: Controller, window: QWidget, path: str) -> str | None:
    """The debrief report of the open flight, with the window as it was at the loss of signal;
    the replay goes back to where the class was. ``None`` with no flight from a file."""
    session = controller.session
    if session is None or session.flight.path is None:
        return None
    from replay.report.html import build_report, default_snapshot_time

    clock, was = controller.clock, controller.clock.t_s
    at = default_snapshot_time(session)
    clock.pause()
    clock.seek(at)
    QApplication.processEvents()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    window.grab().toImage().save(buffer, "PNG")  # type: ignore[call-overload]  # the stub says bytes; Qt wants str
    clock.seek(was)
    html = build_report(session, bytes(data.data()), snapshot_at_s=at)
    Path(path).write_text(html, encoding="utf-8")
    return path
