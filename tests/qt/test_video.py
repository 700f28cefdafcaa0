"""``ascent-replay video`` and File ▸ Export video: frames rendered offscreen, decoded back and
held to a snapshot of the same time; saved views from the window and back."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from replay.cli import main
from replay.qt.app import snapshot
from replay.qt.main_window import MainWindow
from replay.qt.video import render_size, rgb_array
from replay.qt.video_dialog import VideoRequest
from replay.resources import asset, sample
from replay.session import Session

imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")

MS04 = str(sample("progress-ms-04"))


def decode(path: Path) -> tuple[tuple[int, int], list[np.ndarray]]:
    frames = imageio_ffmpeg.read_frames(str(path))
    w, h = next(frames)["size"]
    return (w, h), [np.frombuffer(f, np.uint8).reshape(h, w, 3) for f in frames]


def snapshot_rgb(
    path: Path, t_s: float, size: tuple[int, int], shown: tuple[int, int]
) -> np.ndarray:
    """``ascent-replay snapshot`` at ``t_s`` with the window at ``size``, scaled to ``shown``."""
    snapshot(MS04, t_s, str(path), size)
    image = QImage(str(path))
    if size != shown:
        image = image.scaled(
            *shown, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return rgb_array(image)


def assert_same_picture(frame: np.ndarray, shot: np.ndarray) -> None:
    """Equal but for codec loss: small on average, and few pixels far off. (At 320x190, H.264's
    loss on thin coloured lines averages 4.7 levels, with 0.05% of pixels off by more than 64;
    the frame of 15 s earlier is off by more than 64 in 6% of its pixels, 1 s earlier 0.2%.)"""
    assert far_off(frame, shot) < 0.001
    delta = np.abs(frame.astype(np.int16) - shot.astype(np.int16)).max(axis=2)
    assert delta.mean() < 6.0, delta.mean()


def far_off(a: np.ndarray, b: np.ndarray) -> float:
    """The fraction of pixels that differ by more than 64 levels in a colour."""
    return float((np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2) > 64).mean())


@pytest.mark.slow
def test_the_ms04_video_has_750_frames_that_match_snapshots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The command, at a thumbnail size to keep the test short (make bench: full size).
    out = tmp_path / "ms04.mp4"
    args = ["video", MS04, "--from", "370", "--to", "400", "--speed", "1", "--fps", "25"]
    assert main([*args, "--size", "320x190", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"{out}: 750 frames, 320x190, 25 fps, libx264"
    size, frames = decode(out)
    assert size == (320, 190) and len(frames) == 750
    probe = MainWindow(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    least = probe.minimumSizeHint()
    probe.loader.shutdown()  # its loader thread must end before the window goes
    probe.deleteLater()
    window = render_size((320, 190), (least.width(), least.height()))
    shot = snapshot_rgb(tmp_path / "385.png", 385.0, window, (320, 190))
    assert_same_picture(frames[375], shot)  # frame 375: T+385.0, after the loss of signal
    assert far_off(frames[0], shot) > 0.01  # T+370.0 is another picture


def test_a_full_size_frame_is_the_snapshot_of_its_time(tmp_path: Path) -> None:
    out = tmp_path / "clip.mp4"
    args = ["video", MS04, "--from", "120", "--to", "120.2", "--fps", "25", "-o", str(out)]
    assert main(args) == 0
    size, frames = decode(out)
    assert size == (1600, 950) and len(frames) == 5
    assert_same_picture(frames[0], snapshot_rgb(tmp_path / "120.png", 120.0, size, size))


def test_a_video_with_a_saved_view(tmp_path: Path) -> None:
    out = tmp_path / "los.gif"
    view = asset("views/progress-ms-04-los.toml")
    args = ["video", MS04, "--from", "380", "--to", "381", "--fps", "4", "--size", "640x380"]
    assert main([*args, "--view", str(view), "-o", str(out)]) == 0
    size, frames = decode(out)
    assert size == (640, 380) and len(frames) == 4
    # A view naming a channel this flight lacks: the rest of it is used.
    other = tmp_path / "other.toml"
    other.write_text(view.read_text().replace('"alt_m"', '"tank_temp_k"'), encoding="utf-8")
    assert main([*args, "--view", str(other), "-o", str(tmp_path / "o.webp")]) == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-o", "{tmp}/v.avi"], r"v\.avi: expected a name ending \.gif, \.mp4, \.webp"),
        (["--size", "big", "-o", "{tmp}/v.mp4"], "--size: expected WxH like 1600x950, got 'big'"),
        (["--size", "641x380", "-o", "{tmp}/v.mp4"], "--size: MP4 needs an even width"),
        (["--from", "400", "--to", "370", "-o", "{tmp}/v.mp4"], r"to \(370\.0\) must be later"),
        (["--fps", "nan", "-o", "{tmp}/v.mp4"], "--fps: expected a finite number, got nan"),
        (["--view", "{tmp}/none.toml", "-o", "{tmp}/v.mp4"], "--view: no such file"),
        (["--view", "{tmp}/bad.toml", "-o", "{tmp}/v.mp4"], r"--view: .*bad\.toml:1: not TOML"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    (tmp_path / "bad.toml").write_text("t_s = = 1\n", encoding="utf-8")
    args = ["video", MS04, *(a.format(tmp=tmp_path) for a in extra)]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("ascent-replay: ") and "\n" not in err
    assert re.search(message, err), err
    assert not (tmp_path / "v.mp4").exists()


def test_without_the_encoder_the_command_names_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)
    assert main(["video", MS04, "-o", str(tmp_path / "v.mp4")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "ascent-replay: writing a video needs the optional encoder: "
        "pip install 'ascent-replay[video]' (imageio-ffmpeg, which brings FFmpeg)"
    )


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, ms04: Session) -> Iterator[MainWindow]:
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    w.show_session(ms04, MS04, t_s=300.0)
    yield w
    w.close()


def test_export_video_from_the_window(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    before = window.view_state()
    out = tmp_path / "export.mp4"
    job = window.commands.export_video(str(out), VideoRequest(380.0, 381.0, 1.0, 10.0, (960, 540)))
    assert job is not None and job.dialog is not None
    with qtbot.waitSignal(job.finished, timeout=60_000) as done:
        pass
    assert done.args == [str(out)]
    size, frames = decode(out)
    assert size == (960, 540) and len(frames) == 10
    assert window.view_state() == before  # the window itself did not move


def test_cancel_stops_the_export_and_removes_the_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    out = tmp_path / "cancelled.mp4"
    job = window.commands.export_video(str(out), VideoRequest(300.0, 400.0, 1.0, 25.0, (960, 540)))
    assert job is not None
    with qtbot.waitSignal(job.progress, timeout=30_000):
        pass
    dialog = job.dialog
    assert isinstance(dialog, QProgressDialog) and dialog.isVisible()
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()
    assert not job.running
    assert not out.exists()
    assert not dialog.isVisible()


def test_save_a_view_and_open_it_again(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    plots = window.page.plots
    plots.add_channel("downrange_km")
    plots.hold_range(330.0, 390.0)
    window.controller.seek(385.0)
    saved = window.view_state()
    assert window.commands.save_view(str(path)) == str(path)
    plots.remove_channel("downrange_km")
    plots.set_following(True, None)
    window.controller.seek(10.0)
    assert window.view_state() != saved
    assert window.commands.open_view(str(path)) is not None
    assert window.view_state() == saved
