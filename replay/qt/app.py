"""Start the desktop app, or render it offscreen to a PNG (``snapshot``)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from replay.io import ReadOptions
    from replay.qt.main_window import MainWindow
    from replay.session import Session
    from replay.stream.receiver import RecordMode

SNAPSHOT_SIZE = (1600, 950)


def _application() -> object:
    from PySide6.QtWidgets import QApplication

    from replay.qt import theme
    from replay.qt.desktop import check_desktop

    app = QApplication.instance()
    if app is None:
        check_desktop()  # Qt would abort the process; say what is missing instead
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Ascent Replay")
        app.setOrganizationName("AscentReplay")
        collect_on_the_gui_thread()
    theme.apply(app)  # type: ignore[arg-type]
    return app


_COLLECTOR: list[object] = []


def collect_on_the_gui_thread() -> object:
    """Turn Python's automatic garbage collector off and collect from a timer on the GUI thread
    (pyqtgraph's ``GarbageCollector``; needs the QApplication). Left on, the collector also runs
    on the loader and receiver threads, and there it destroys Qt objects from the wrong thread:
    the process aborts. Idempotent; returns the collector (``check()`` collects now if due)."""
    if not _COLLECTOR:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _COLLECTOR.append(GarbageCollector(interval=1.0))
    return _COLLECTOR[0]


def run(path: str | None = None, options: ReadOptions | None = None, fmt: str | None = None) -> int:
    """Open the window on ``path`` (default: the bundled Progress MS-04 replay), read with
    ``options`` and ``fmt`` (the command line's), and run."""
    app, _window = start(path, options, fmt)
    return int(app.exec())  # type: ignore[attr-defined]


def start(
    path: str | None = None, options: ReadOptions | None = None, fmt: str | None = None
) -> tuple[object, MainWindow]:
    """The application and its window, showing and loading ``path`` (default: the bundled
    Progress MS-04 replay): the file is read while the window is being built."""
    app = _application()
    from replay.qt.map_backdrop import prefetch_backdrop

    prefetch_backdrop()
    from replay.qt.main_window import MainWindow
    from replay.resources import sample

    first = str(path or sample("progress-ms-04"))
    window = MainWindow(open_first=first, read_options=options, read_format=fmt)
    window.show()
    return app, window


def listen(
    port: int,
    record: Path,
    watchdog_s: float,
    host: str = "127.0.0.1",
    record_mode: RecordMode = "new",
) -> int:
    """Open the replay window live on a receiver: the same views as a replay, following the
    ground's time; stopping opens the recording as a replay."""
    from replay.qt.main_window import MainWindow
    from replay.stream.receiver import Receiver

    app = _application()
    try:  # bind first: a busy port or a recording that exists is said before a window opens
        Receiver(port, host=host).stop()
    except OSError as exc:
        raise ValueError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    if record_mode == "new" and record.exists():
        raise FileExistsError(record)
    window = MainWindow()
    window.page.signal_panel.watchdog.setValue(watchdog_s)
    window.controller.set_watchdog(watchdog_s)
    window.show()
    if not window.live.listen(port, host=host, record=record, record_mode=record_mode):
        return 2
    return int(app.exec())  # type: ignore[attr-defined]


def snapshot(
    path: str,
    at_s: float,
    out: str,
    size: tuple[int, int] = SNAPSHOT_SIZE,
    *,
    presentation: bool = False,
    session: Session | None = None,
    image_format: str = "PNG",
    options: ReadOptions | None = None,
    fmt: str | None = None,
    compare: Session | None = None,
    align: str = "liftoff",
    crosshair_s: float | None = None,
) -> Path:
    """Render the whole window at replay time ``at_s`` to ``out`` without a display.

    ``presentation`` renders it with the presentation fonts, as a projector would show it;
    ``session``, if given, is the file at ``path`` already loaded (it is not read again);
    ``compare``, another flight drawn on the same plots and map, its event ``align`` on ours;
    ``crosshair_s``, the crosshair drawn at that time, as if the mouse were over the plots.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt

    from replay.qt.main_window import MainWindow
    from replay.session import load_session

    app = _application()
    from replay.qt import theme

    theme.apply(app, theme.PRESENTATION_SCALE if presentation else 1.0)  # type: ignore[arg-type]
    if session is None:
        # bad input raises before any window exists
        session = load_session(path, fmt=fmt, options=options)
    with tempfile.TemporaryDirectory() as scratch:  # a snapshot must not touch the user's settings
        settings = QSettings(str(Path(scratch) / "snapshot.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.resize(*size)
        window.show()
        window.show_session(session, path, t_s=at_s)
        if compare is not None:  # another flight on the same plots and map, aligned at ``align``
            window.page.workbench.comparison.set_comparison(compare, align)
        for _ in range(3):
            app.processEvents()  # type: ignore[attr-defined]
        if crosshair_s is not None:  # once laid out: the values are placed in the plots
            window.page.workbench.crosshair.hovered.emit(crosshair_s)
            window.page.workbench.crosshair.show_at(crosshair_s)
        for _ in range(3):
            app.processEvents()  # type: ignore[attr-defined]
        image = window.grab()
        window.close()
    target = Path(out)
    if not image.save(str(target), image_format):
        raise OSError(f"could not write {target}")
    return target
