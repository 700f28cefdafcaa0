"""Load and analyse a telemetry file on a worker thread; the window stays responsive.

``Loader.load(path)`` returns at once; ``loaded(session, path)`` or ``failed(message, path)``
arrives later on the GUI thread, with ``progress(text, fraction)`` in between. A failure carries
the reader's one-line message; the flight that was open stays open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from replay.core.errors import TelemetryFormatError


class _Worker(QObject):
    loaded = Signal(object, str)
    failed = Signal(str, str)
    progress = Signal(str, float)

    @Slot(str)
    def run(self, path: str) -> None:
        from replay.session import load_session

        try:
            session = load_session(path, progress=self.progress.emit)
        except (TelemetryFormatError, OSError) as exc:
            self.failed.emit(str(exc), path)
        except Exception as exc:  # never let a worker die silently: say what happened
            self.failed.emit(
                f"{Path(path).name}: internal error: {type(exc).__name__}: {exc}", path
            )
        else:
            self.loaded.emit(session, path)


class Loader(QObject):
    """A worker thread that turns file paths into sessions, one at a time."""

    loaded = Signal(object, str)
    failed = Signal(str, str)
    progress = Signal(str, float)
    _start = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("replay-loader")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._start.connect(self._worker.run)
        self._worker.loaded.connect(self._done)
        self._worker.failed.connect(self._fail)
        self._worker.progress.connect(self.progress)
        self._thread.start()
        self.busy = False

    def load(self, path: str | Path) -> None:
        """Start loading ``path`` (queued behind a load already running)."""
        self.busy = True
        self._start.emit(str(path))

    def shutdown(self) -> None:
        self._thread.quit()
        self._thread.wait()

    def _done(self, session: object, path: str) -> None:
        self.busy = False
        self.loaded.emit(session, path)

    def _fail(self, message: str, path: str) -> None:
        self.busy = False
        self.failed.emit(message, path)
