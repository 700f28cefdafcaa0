"""The video writer (Qt-free): frame times, formats by suffix, files decoded back."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from replay import videos
from replay.videos import EncoderMissing, VideoWriter, frame_times

imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")


def decode(path: Path) -> tuple[dict[str, object], list[np.ndarray]]:
    """Every frame of a video, decoded by FFmpeg, as (h, w, 3) RGB arrays."""
    frames = imageio_ffmpeg.read_frames(str(path))
    meta = next(frames)
    w, h = meta["size"]
    return meta, [np.frombuffer(f, np.uint8).reshape(h, w, 3) for f in frames]


def test_frame_times() -> None:
    t = frame_times(370.0, 400.0, 1.0, 25.0)
    assert t.size == 750 and t[0] == 370.0 and t[-1] == pytest.approx(399.96)
    assert frame_times(0.0, 60.0, 4.0, 25.0).size == 375  # four times real time
    for args, message in (
        ((10.0, 10.0, 1.0, 25.0), r"to \(10\.0\) must be later than from \(10\.0\)"),
        ((0.0, 10.0, 0.0, 25.0), "speed: expected a positive number, got 0.0"),
        ((0.0, 10.0, 1.0, 1000.0), "fps: expected a frame rate above 0 and at most 240"),
        ((0.0, float("inf"), 1.0, 25.0), "to: expected a finite time"),
        ((0.0, 1e6, 1.0, 60.0), "60000000 frames"),
    ):
        with pytest.raises(ValueError, match=message):
            frame_times(*args)


def _frames(n: int, w: int, h: int) -> list[np.ndarray]:
    out = []
    for k in range(n):
        f = np.full((h, w, 3), 30, np.uint8)
        f[:, (4 * k) % w : (4 * k) % w + 8] = (250, 200, 40)  # a moving bar
        out.append(f)
    return out


@pytest.mark.parametrize("suffix", [".mp4", ".webp", ".gif"])
def test_every_format_decodes_to_its_frames(tmp_path: Path, suffix: str) -> None:
    frames = _frames(12, 160, 96)
    with VideoWriter(tmp_path / f"v{suffix}", (160, 96), 10.0) as writer:
        for f in frames:
            writer.write(f)
    assert writer.codec == {".mp4": "libx264", ".webp": "libwebp_anim", ".gif": "gif"}[suffix]
    meta, decoded = decode(writer.path)
    assert meta["size"] == (160, 96)
    assert len(decoded) == 12
    delta = np.abs(decoded[5].astype(int) - frames[5].astype(int))
    assert delta.mean() < 4.0  # codec loss only


def test_the_writer_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"expected a video file name ending \.mp4, \.webp, \.gif"):
        VideoWriter(tmp_path / "v.avi", (160, 96), 25.0)
    with pytest.raises(ValueError, match="MP4 needs an even width and height, got 161x96"):
        VideoWriter(tmp_path / "v.mp4", (161, 96), 25.0)
    with VideoWriter(tmp_path / "v.mp4", (160, 96), 25.0) as writer:
        with pytest.raises(ValueError, match=r"frame: expected \(96, 160, 3\) uint8"):
            writer.write(np.zeros((96, 161, 3), np.uint8))
        writer.write(np.zeros((96, 160, 3), np.uint8))


def test_an_aborted_video_leaves_no_file(tmp_path: Path) -> None:
    writer = VideoWriter(tmp_path / "v.mp4", (160, 96), 25.0)
    writer.write(np.zeros((96, 160, 3), np.uint8))
    writer.abort()
    assert not (tmp_path / "v.mp4").exists()
    with (
        pytest.raises(RuntimeError, match="boom"),
        VideoWriter(tmp_path / "w.mp4", (160, 96), 25.0),
    ):
        raise RuntimeError("boom")
    assert not (tmp_path / "w.mp4").exists()


def test_without_the_encoder_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # import fails
    with pytest.raises(EncoderMissing, match=r"pip install 'ascent-replay\[video\]'"):
        videos.ffmpeg_exe()
