"""Load and analyse a telemetry file on a worker thread; the window stays responsive.

``Loader.load(path)`` returns at once. ``loaded(session, path)`` arrives on the GUI thread as
soon as the replay can start (:func:`replay.session.open_session`, and what the views need made
on this thread: :func:`replay.qt.prepared.prepare`), then ``finished(session, path)`` with the
rest (:func:`replay.session.finish_session`: place names, impact zone, nominal reference,
truth), or ``failed(message, path)``; ``progress(text, fraction)`` in between. ``cancel()``
stops a load within a block of the file (``cancelled(path)``), and a new ``load`` cancels the
one under way rather than waiting behind it. A failure carries the reader's one-line message;
the flight that was open stays open.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from replay.core.errors import TelemetryFormatError
from replay.io import ReadOptions
from replay.io.source import LoadCancelled


class _Worker(QObject):
    # Each carries the request's stop event: the loader drops what a newer request superseded.
    loaded = Signal(object, str, object)
    finished = Signal(object, str, object)
    failed = Signal(str, str, object)
    cancelled = Signal(str, object)
    progress = Signal(str, float)

    @Slot(str, object, object)
    def open(self, path: str, request: object, stop: threading.Event) -> None:
        from replay.qt.prepared import prepare
        from replay.session import open_session

        if self._skipped(path, stop):
            return
        with self._reporting(path, stop):
            options, fmt = request if isinstance(request, tuple) else (None, None)
            session = open_session(
                path,
                fmt=fmt,
                options=options,
                progress=self.progress.emit,
                cancelled=stop.is_set,
            )
            prepare(session)  # here, not on the window's thread: millions of samples take time
            if stop.is_set():
                raise LoadCancelled(path)
            self.loaded.emit(session, path, stop)

    @Slot(object, str, object)
    def finish(self, session: object, path: str, stop: threading.Event) -> None:
        from replay.session import Session, finish_session

        assert isinstance(session, Session)
        if self._skipped(path, stop):
            return
        with self._reporting(path, stop):
            done = finish_session(session, progress=self.progress.emit)
            self.finished.emit(done, path, stop)

    def _skipped(self, path: str, stop: threading.Event) -> bool:
        """Cancelled while it waited in the queue: say so, do nothing."""
        if stop.is_set():
            self.cancelled.emit(path, stop)
        return stop.is_set()

    @contextmanager
    def _reporting(self, path: str, stop: threading.Event) -> Iterator[None]:
        try:
            yield
        except LoadCancelled:
            self.cancelled.emit(path, stop)
        except (TelemetryFormatError, OSError) as exc:
            self.failed.emit(str(exc), path, stop)
        except Exception as exc:  # never let a worker die silently: say what happened
            message = f"{Path(path).name}: internal error: {type(exc).__name__}: {exc}"
            self.failed.emit(message, path, stop)


class Loader(QObject):
    """A worker thread that turns file paths into sessions, the newest request first."""

    loaded = Signal(object, str)
    finished = Signal(object, str)
    failed = Signal(str, str)
    cancelled = Signal(str)
    progress = Signal(str, float)
    _open = Signal(str, object, object)
    _finish = Signal(object, str, object)

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
        self._worker.cancelled.connect(self._stopped)
        self._worker.progress.connect(self.progress)
        self._thread.start()
        self._stop = threading.Event()
        self.busy = False

    def load(
        self, path: str | Path, options: ReadOptions | None = None, fmt: str | None = None
    ) -> None:
        """Start loading ``path`` (read with ``options`` and ``fmt``, if given); a load under
        way is cancelled, not waited for."""
        self._stop.set()
        self._stop = threading.Event()
        self.busy = True
        self._open.emit(str(path), (options, fmt), self._stop)

    def cancel(self) -> None:
        """Stop the load under way (within one block of the file: a fraction of a second)."""
        self._stop.set()

    def shutdown(self) -> None:
        self._stop.set()
        self._thread.quit()
        self._thread.wait()

    def _opened(self, session: object, path: str, stop: threading.Event) -> None:
        """Show the replay first; the rest of the analysis starts once the window has had a
        turn to paint it (both threads want Python's lock)."""
        if stop is not self._stop:
            return  # a newer file was asked for
        self.loaded.emit(session, path)
        QTimer.singleShot(0, lambda: self._finish.emit(session, path, stop))

    def _done(self, session: object, path: str, stop: threading.Event) -> None:
        if stop is self._stop:
            self.busy = False
            self.finished.emit(session, path)

    def _fail(self, message: str, path: str, stop: threading.Event) -> None:
        if stop is self._stop:
            self.busy = False
            self.failed.emit(message, path)

    def _stopped(self, path: str, stop: threading.Event) -> None:
        if stop is self._stop:  # the latest request was cancelled, not superseded
            self.busy = False
            self.cancelled.emit(path)
