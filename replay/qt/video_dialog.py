"""File ▸ Export video…: what to render (times, speed, frame rate, size), then the rendering
with a progress dialog and Cancel. The frames come from an offscreen copy of the window
brought to the window's view (:class:`replay.qt.video.FrameRenderer`); the window itself is
left as it is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QProgressDialog,
    QWidget,
)

from replay.core.view_state import ViewState
from replay.qt import dialogs
from replay.qt.video import FrameRenderer, VideoExport
from replay.session import Session

VIDEO_FILTER = "MP4 video (*.mp4);;Animated WebP (*.webp);;GIF (*.gif)"
SIZES = ((1600, 950), (1280, 720), (1920, 1080), (960, 540))


@dataclass(frozen=True, slots=True)
class VideoRequest:
    """What to render: replay times, speed, frames per second and the video's size."""

    t_from_s: float
    t_to_s: float
    speed: float = 1.0
    fps: float = 25.0
    size: tuple[int, int] = SIZES[0]


class VideoOptions(QDialog):
    """Asks for a :class:`VideoRequest`, filled in with the 30 s from the replay time."""

    def __init__(self, session: Session, t_s: float, speed: float, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export video")
        form = QFormLayout(self)
        lo, hi = session.start_s, session.end_s
        self.t_from, self.t_to = (self._time(lo, hi) for _ in range(2))
        self.t_from.setValue(min(max(t_s, lo), hi))
        self.t_to.setValue(min(self.t_from.value() + 30.0, hi))
        self.speed = QDoubleSpinBox(self, decimals=2, minimum=0.1, maximum=100.0, value=speed)
        self.fps = QDoubleSpinBox(self, decimals=0, minimum=1.0, maximum=60.0, value=25.0)
        self.video_size = QComboBox(self)
        for w, h in SIZES:
            self.video_size.addItem(f"{w} × {h}", (w, h))
        for label, field in (
            ("From (s)", self.t_from),
            ("To (s)", self.t_to),
            ("Speed (×)", self.speed),
            ("Frames per second", self.fps),
            ("Size", self.video_size),
        ):
            form.addRow(label, field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _time(self, lo: float, hi: float) -> QDoubleSpinBox:
        return QDoubleSpinBox(self, decimals=2, minimum=lo, maximum=hi, singleStep=1.0)

    def request(self) -> VideoRequest:
        return VideoRequest(
            self.t_from.value(),
            self.t_to.value(),
            self.speed.value(),
            self.fps.value(),
            self.video_size.currentData(),
        )


def export_video(
    window: QWidget,
    session: Session | None,
    view: ViewState,
    path: str | None = None,
    request: VideoRequest | None = None,
) -> VideoExport | None:
    """Render ``session`` with the window's ``view`` to a video; asks for the file and the
    options when not given. Returns the running export (``None`` if nothing was started)."""
    from replay.videos import EncoderMissing, VideoWriter, ffmpeg_exe, frame_times

    if session is None:
        return None
    try:
        ffmpeg_exe()
    except EncoderMissing as exc:
        dialogs.error(window, "Export video", str(exc))
        return None
    if request is None:
        options = VideoOptions(session, view.t_s, view.speed, window)
        if options.exec() != QDialog.DialogCode.Accepted:
            return None
        request = options.request()
    if path is None:
        path, _ = QFileDialog.getSaveFileName(window, "Export video", "replay.mp4", VIDEO_FILTER)
    if not path:
        return None
    try:
        times = frame_times(request.t_from_s, request.t_to_s, request.speed, request.fps)
        writer = VideoWriter(path, request.size, request.fps)
    except (OSError, ValueError) as exc:
        dialogs.error(window, "Export video", f"{Path(path).name}: {exc}")
        return None
    path_shown = session.flight.path or ""
    renderer = FrameRenderer(session, path_shown, request.size, view, window=type(window))
    job = VideoExport(renderer, times, writer, window)
    progress = QProgressDialog("Rendering the video…", "Cancel", 0, int(times.size), window)
    progress.setWindowTitle("Export video")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.canceled.connect(job.cancel)
    job.progress.connect(progress.setValue)
    job.finished.connect(lambda _path: progress.reset())

    def failed(why: str) -> None:
        progress.reset()
        dialogs.error(window, "Export video", why)

    job.failed.connect(failed)
    job.ended.connect(progress.hide)
    job.ended.connect(progress.deleteLater)
    job.dialog = progress
    job.start()
    return job
