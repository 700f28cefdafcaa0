"""Load and analyse a telemetry file on a worker thread; the window stays responsive.

``Loader.load(path)`` returns at once. ``loaded(session, path)`` arrives on the GUI thread as
soon as the replay can start (:func:`replay.session.open_session`), then ``finished(session,
path)`` with the rest (:func:`replay.session.finish_session`: place names, impact zone,
nominal reference, truth), or ``failed(message, path)``; ``progress(text, fraction)`` in
between. A failure carries the reader's one-line message; the flight that was open stays open.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from replay.core.errors import TelemetryFormatError


class _Worker(QObject):
    loaded = Signal(object, str)
    finished = Signal(object, str)
    failed = Signal(str, str)
    progress = Signal(str, float)

    @Slot(str)
    def open(self, path: str) -> None:
        from replay.session import open_session

        with self._reporting(path):
            self.loaded.emit(open_session(path, progress=self.progress.emit), path)

    @Slot(object, str)
    def finish(self, session: object, path: str) -> None:
        from replay.session import Session, finish_session

        assert isinstance(session, Session)
        with self._reporting(path):
            self.finished.emit(finish_session(session, progress=self.progress.emit), path)

    @contextmanager
    def _reporting(self, path: str) -> Iterator[None]:
        try:
            yield
        except (TelemetryFormatError, OSError) as exc:
            self.failed.emit(str(exc), path)
        except Exception as exc:  # never let a worker die silently: say what happened
            self.failed.emit(
                f"{Path(path).name}: internal error: {type(exc).__name__}: {exc}", path
            )


class Loader(QObject):
    """A worker thread that turns file paths into sessions, one at a time."""

    loaded = Signal(object, str)
    finished = Signal(object, str)
    failed = Signal(str, str)
    progress = Signal(str, float)
    _open = Signal(str)
    _finish = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("replay-loader")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._open.connect(self._worker.open)
        self._finish.connect(self._worker.finish)
        self._worker.loaded.connect(self._opened)
        self._worker.finished.connect(self._done)
        self._worker.failed.connect(self._fail)
        self._worker.progress.connect(self.progress)
        self._thread.start()
        self.busy = False

    def load(self, path: str | Path) -> None:
        """Start loading ``path`` (queued behind a load already running)."""
        self.busy = True
        self._open.emit(str(path))

    def shutdown(self) -> None:
        self._thread.quit()
        self._thread.wait()

    def _opened(self, session: object, path: str) -> None:
        """Show the replay first; the rest of the analysis starts once the window has had a
        turn to paint it (both threads want Python's lock)."""
        self.loaded.emit(session, path)
        QTimer.singleShot(0, lambda: self._finish.emit(session, path))

    def _done(self, session: object, path: str) -> None:
        self.busy = False
        self.finished.emit(session, path)

    def _fail(self, message: str, path: str) -> None:
        self.busy = False
        self.failed.emit(message, path)
