"""One time: after any action every view shows the clock's time, lesson pauses included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from replay.core.timefmt import format_t_plus
from replay.qt.main_window import MainWindow
from replay.session import Session


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, ms04: Session) -> Iterator[MainWindow]:
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    w.show_session(ms04, "ms04")
    yield w
    w.controller.clock.pause()
    w.close()


def test_a_lesson_pause_at_100x_stops_every_view_at_the_question(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Pinned: the clock said 280.00 while the timeline and the plots said 280.51."""
    clock = window.controller.clock
    window.controller.seek(250.0)
    clock.set_speed(100.0)
    clock.play()
    qtbot.waitUntil(lambda: not clock.playing, timeout=5000)
    assert clock.t_s == 280.0
    assert window.page.lesson_panel.question.isVisible()
    assert window.page.transport.t_plus.text() == format_t_plus(280.0)
    assert window.page.timeline.t_s == 280.0
    assert all(p.cursor.value() == 280.0 for p in window.page.plots._plots)
