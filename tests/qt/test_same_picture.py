"""The picture at a replay time does not depend on how the user got there."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from replay.qt.main_window import MainWindow
from replay.session import Session
from tests.qt.pictures import differing, grab, save_difference

#: The largest fraction of pixels two renders of one state may differ in.
SAME = 0.002


@pytest.fixture
def windows(qtbot: QtBot, tmp_path: Path) -> Iterator[list[MainWindow]]:
    made: list[MainWindow] = []
    yield made
    for w in made:
        w.controller.clock.pause()
        w.close()


def _window(qtbot: QtBot, tmp_path: Path, made: list[MainWindow], session: Session) -> MainWindow:
    w = MainWindow(QSettings(str(tmp_path / f"s{len(made)}.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    w.show_session(session, "ms04")
    made.append(w)
    return w


def _play(window: MainWindow, speed: float, wall_s: float) -> None:
    clock = window.controller.clock
    clock.set_speed(speed)
    clock.play()
    end = time.perf_counter() + wall_s
    while time.perf_counter() < end and clock.playing:
        QApplication.processEvents()
        time.sleep(0.001)
    clock.pause()


def test_plots_after_playing_at_10x_match_a_fresh_seek(
    qtbot: QtBot, tmp_path: Path, windows: list[MainWindow], ms04: Session
) -> None:
    """Pinned: the flown curves vanished between the first seconds and the last ~10 s."""
    played = _window(qtbot, tmp_path, windows, ms04)
    _play(played, 10.0, 3.0)
    t = played.controller.clock.t_s
    assert t > 20.0
    fresh = _window(qtbot, tmp_path, windows, ms04)
    fresh.controller.seek(t)
    _assert_same(grab(played.page.plots), grab(fresh.page.plots), tmp_path / "plots")


def _assert_same(a: np.ndarray, b: np.ndarray, stem: Path) -> None:
    fraction = differing(a, b)
    if fraction >= SAME:
        paths = save_difference(a, b, str(stem))
        pytest.fail(f"the pictures differ in {fraction:.2%} of their pixels: {paths}")
