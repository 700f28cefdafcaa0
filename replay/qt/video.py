"""The replay as a video: one offscreen window, seeked frame by frame and grabbed (not a screen
capture), each frame handed to a :class:`replay.videos.VideoWriter`.

:class:`FrameRenderer` is the window; :func:`write_video` the command line's loop;
:class:`VideoExport` the window's File ▸ Export video…, one frame per event-loop turn so the
progress dialog and its Cancel stay live.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from replay.core.view_state import ViewState
from replay.session import Session
from replay.videos import VideoWriter


class FrameRenderer:
    """A replay window, never shown on screen, at the size of the video.

    A window cannot be made smaller than its layout's minimum (about 900x550): a smaller video
    is the window rendered at the least size of the video's shape that fits, scaled down.
    """

    def __init__(
        self,
        session: Session,
        path: str,
        size: tuple[int, int],
        view: ViewState | None = None,
        *,
        window: Callable[[QSettings], Any],
    ) -> None:
        """``window`` makes the replay window from its settings (``MainWindow``; passed in,
        as the window's own actions use this module)."""
        self._scratch = tempfile.TemporaryDirectory()  # the user's settings stay untouched
        ini = str(Path(self._scratch.name) / "video.ini")
        self.window = window(QSettings(ini, QSettings.Format.IniFormat))
        w = self.window
        w.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.size = size
        least = w.minimumSizeHint()
        w.resize(*render_size(size, (least.width(), least.height())))
        w.show()
        w.show_session(session, path, t_s=session.start_s if view is None else view.t_s)
        if view is not None:
            from replay.qt.view_files import for_flight

            # Presentation fonts come from the theme (as for a snapshot), not full screen;
            # channels the flight lacks are left out, as File > Open view does.
            w.apply_view_state(for_flight(replace(view, presentation=False), session))
        self._settle()

    def frame(self, t_s: float) -> npt.NDArray[np.uint8]:
        """The window at replay time ``t_s``: (height, width, 3) RGB bytes of the video's size."""
        self.window.controller.seek(t_s)
        QApplication.processEvents()  # paints what the views marked dirty, as the app does
        image = self.window.grab().toImage()
        w, h = self.size
        if (image.width(), image.height()) != (w, h):
            image = image.scaled(
                w,
                h,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        return rgb_array(image)

    def close(self) -> None:
        """Close the window (its loader thread ends with it); needed before the process ends."""
        self.window.close()
        self.window.deleteLater()
        self._scratch.cleanup()

    def __enter__(self) -> FrameRenderer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _settle(self) -> None:
        for _ in range(3):
            QApplication.processEvents()


def render_size(size: tuple[int, int], least: tuple[int, int]) -> tuple[int, int]:
    """The window size that renders a video of ``size``: the size itself, or the least size of
    its shape that is no smaller than the window's minimum ``least``."""
    k = max(1.0, least[0] / size[0], least[1] / size[1])
    return math.ceil(size[0] * k), math.ceil(size[1] * k)


def rgb_array(image: QImage) -> npt.NDArray[np.uint8]:
    """A QImage as an (height, width, 3) array of RGB bytes (a copy)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(rgb.constBits(), np.uint8).reshape(rgb.height(), rgb.bytesPerLine())
    return rows[:, : rgb.width() * 3].reshape(rgb.height(), rgb.width(), 3).copy()


def write_video(
    renderer: FrameRenderer,
    times: npt.NDArray[np.float64],
    writer: VideoWriter,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Render a frame at each of ``times`` into ``writer``; returns the number written."""
    for k, t in enumerate(times):
        writer.write(renderer.frame(float(t)))
        if progress is not None:
            progress(k + 1)
    return writer.frames


class VideoExport(QObject):
    """Renders a video one frame per event-loop turn; ``cancel()`` stops it and removes the
    partial file. Emits ``progress(frames done)``, then ``finished(path)`` or ``failed(why)``,
    and ``ended`` however it ended."""

    progress = Signal(int)
    finished = Signal(str)
    failed = Signal(str)
    ended = Signal()

    def __init__(
        self,
        renderer: FrameRenderer,
        times: npt.NDArray[np.float64],
        writer: VideoWriter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.renderer, self.times, self.writer = renderer, times, writer
        self._next = 0
        self._over = False
        #: The progress dialog showing this export, if any (kept alive with it).
        self.dialog: QObject | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        if not self._over:
            self._timer.stop()
            self.writer.abort()
            self._done()

    def _step(self) -> None:
        try:
            self.writer.write(self.renderer.frame(float(self.times[self._next])))
        except (OSError, ValueError, BrokenPipeError) as exc:
            self._timer.stop()
            self.writer.abort()
            self._done()
            self.failed.emit(f"{self.writer.path}: {exc}")
            return
        self._next += 1
        self.progress.emit(self._next)
        if self._next == self.times.size:
            self._timer.stop()
            path = self.writer.close()
            self._done()
            self.finished.emit(str(path))

    def _done(self) -> None:
        self._over = True
        self.renderer.close()
        self.ended.emit()
