"""Writing rendered frames to a video file (Qt-free): MP4, animated WebP or GIF by suffix.

The encoder is FFmpeg, run by ``imageio-ffmpeg`` (the optional extra ``[video]``), chosen by
measurement over PyAV (``python -m bench encoders``; docs/benchmarks.md, "Choosing the video
encoder"): both wheels carry libx264; on 750 frames at 1600x950 imageio-ffmpeg encoded 1.31x
as fast as PyAV, and 1.14x with the rendering included (FFmpeg encodes in its own process, on
the other core, while Python renders the next frame), for 173 MB installed against 107 MB.
MP4 is H.264 (``libx264``) when the FFmpeg has it, else MPEG-4 part 2; WebP is animated and
loops; GIF gets a palette per frame.

>>> frame_times(370.0, 400.0, speed=1.0, fps=25.0).size  # 30 s at 25 frames a second
750
"""

from __future__ import annotations

import math
import subprocess
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import numpy.typing as npt

#: The suffixes a video can be written as.
SUFFIXES = (".mp4", ".webp", ".gif")
EXTRA = "video"
#: More frames than this is surely a mistake in the arguments (an hour at 60 fps).
MAX_FRAMES = 216_000


class EncoderMissing(RuntimeError):
    """The optional video encoder is not installed; the message says how to install it."""


def frame_times(
    t_from_s: float, t_to_s: float, speed: float, fps: float
) -> npt.NDArray[np.float64]:
    """The replay time of each frame: from ``t_from_s``, ``speed / fps`` seconds apart, up to
    (not including) ``t_to_s``. ``ValueError`` names a bad argument."""
    for name, value in (("from", t_from_s), ("to", t_to_s)):
        if not math.isfinite(value):
            raise ValueError(f"{name}: expected a finite time in seconds, got {value!r}")
    if not (math.isfinite(speed) and speed > 0.0):
        raise ValueError(f"speed: expected a positive number, got {speed!r}")
    if not (math.isfinite(fps) and 0.0 < fps <= 240.0):
        raise ValueError(f"fps: expected a frame rate above 0 and at most 240, got {fps!r}")
    if t_to_s <= t_from_s:
        raise ValueError(f"to ({t_to_s!r}) must be later than from ({t_from_s!r})")
    n = round((t_to_s - t_from_s) * fps / speed)
    if not 1 <= n <= MAX_FRAMES:
        raise ValueError(
            f"{n} frames from {t_from_s} s to {t_to_s} s at {speed}x and {fps} fps; "
            f"expected 1 to {MAX_FRAMES}"
        )
    return np.asarray(t_from_s + np.arange(n) * (speed / fps), dtype=np.float64)


def check_video_path(path: str | Path) -> Path:
    """``path`` if its suffix is one a video can be written as, else ``ValueError``."""
    target = Path(path)
    if target.suffix.lower() not in SUFFIXES:
        raise ValueError(
            f"{target}: expected a video file name ending {', '.join(SUFFIXES)}, "
            f"got {target.suffix or 'no suffix'!r}"
        )
    return target


def ffmpeg_exe() -> str:
    """The FFmpeg that ``imageio-ffmpeg`` brings; :class:`EncoderMissing` without it."""
    try:
        import imageio_ffmpeg
    except ImportError:
        raise EncoderMissing(
            "writing a video needs the optional encoder: "
            f"pip install 'ascent-replay[{EXTRA}]' (imageio-ffmpeg, which brings FFmpeg)"
        ) from None
    return str(imageio_ffmpeg.get_ffmpeg_exe())


@cache
def encoders() -> frozenset[str]:
    """The video encoders the FFmpeg has (``libx264``, ``libwebp_anim``, ``gif``, ...)."""
    out = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-encoders"], capture_output=True, text=True, check=False
    ).stdout
    return frozenset(line.split()[1] for line in out.splitlines() if line.startswith(" V"))


class VideoWriter:
    """Frames (height, width, 3) of uint8 RGB in, a video file out. Use as a context manager:
    leaving it normally finishes the file; an exception (or :meth:`abort`) removes it."""

    def __init__(self, path: str | Path, size: tuple[int, int], fps: float) -> None:
        self.path = check_video_path(path)
        w, h = size
        suffix = self.path.suffix.lower()
        if suffix == ".mp4" and (w % 2 or h % 2):
            raise ValueError(f"size: MP4 needs an even width and height, got {w}x{h}")
        if not (16 <= w <= 7680 and 16 <= h <= 4320):
            raise ValueError(f"size: expected 16x16 to 7680x4320, got {w}x{h}")
        self.size, self.fps, self.frames = (w, h), fps, 0
        self.codec, options = _codec(suffix)
        import imageio_ffmpeg

        self._gen: Any = imageio_ffmpeg.write_frames(
            str(self.path),
            (w, h),
            fps=fps,
            macro_block_size=1,
            quality=None,  # the codec's own options below
            ffmpeg_log_level="error",
            **options,
        )
        self._gen.send(None)  # starts FFmpeg

    def write(self, rgb: npt.NDArray[np.uint8]) -> None:
        """Append one frame; its shape must be the video's (height, width, 3)."""
        w, h = self.size
        if rgb.shape != (h, w, 3) or rgb.dtype != np.uint8:
            raise ValueError(f"frame: expected ({h}, {w}, 3) uint8, got {rgb.shape} {rgb.dtype}")
        self._gen.send(np.ascontiguousarray(rgb))
        self.frames += 1

    def close(self) -> Path:
        """Finish the file (FFmpeg writes what it holds) and return its path."""
        self._gen.close()
        return self.path

    def abort(self) -> None:
        """Stop FFmpeg and remove the partial file."""
        try:
            self._gen.close()
        finally:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> VideoWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def _codec(suffix: str) -> tuple[str, dict[str, Any]]:
    """The FFmpeg encoder and the ``write_frames`` options for a file suffix."""
    if suffix == ".mp4":
        if "libx264" in encoders():
            # +faststart: the index at the front, so a slide or a browser plays it at once.
            params = ["-preset", "medium", "-crf", "20", "-movflags", "+faststart"]
            return "libx264", {
                "codec": "libx264",
                "pix_fmt_out": "yuv420p",
                "output_params": params,
            }
        return "mpeg4", {"codec": "mpeg4", "pix_fmt_out": "yuv420p", "output_params": ["-q:v", "3"]}
    if suffix == ".webp":
        params = ["-loop", "0", "-quality", "80"]
        return "libwebp_anim", {
            "codec": "libwebp_anim",
            "pix_fmt_out": "yuv420p",
            "output_params": params,
        }
    # GIF: a 256-colour palette made for each frame, so the interface's colours survive.
    palette = "split[a][b];[a]palettegen=stats_mode=single[p];[b][p]paletteuse=new=1"
    return "gif", {
        "codec": "gif",
        "pix_fmt_out": "pal8",
        "output_params": ["-vf", palette, "-loop", "0"],
    }
