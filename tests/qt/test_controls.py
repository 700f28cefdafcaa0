"""The controller, transport bar, timeline scrubber and signal panel, driven like a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from replay.qt.controller import Controller
from replay.qt.signal_panel import SignalPanel
from replay.qt.timeline import TimelineScrubber
from replay.qt.transport import TransportBar
from replay.session import Session


def test_controller_actions(ms04: Session) -> None:
    c = Controller()
    c.set_session(ms04)
    assert c.clock.t_s == 0.0  # opens at liftoff, paused
    c.next_event()
    assert c.clock.t_s == pytest.approx(ms04.analysis.events[1].t_s)
    c.previous_event()
    assert c.clock.t_s == 0.0
    c.step(1)
    assert c.clock.t_s == pytest.approx(0.04)
    c.step(-1)
    assert c.clock.t_s == 0.0
    c.jump(10.0)
    assert c.clock.t_s == pytest.approx(10.0)
    c.end()
    assert c.clock.t_s == ms04.end_s == 600.0
    c.previous_event()
    assert c.clock.t_s == pytest.approx(382.0)  # the loss of signal is a stop too
    c.home()
    assert c.clock.t_s == ms04.start_s == -10.0


def test_playback_follows_wall_time(qtbot: QtBot, ms04: Session) -> None:
    c = Controller()
    c.set_session(ms04)
    c.clock.set_speed(10.0)
    with qtbot.waitSignal(c.clock.playing_changed, timeout=1000):
        c.toggle_play()
    qtbot.waitUntil(lambda: c.clock.t_s >= 3.0, timeout=3000)  # 10x: about 0.3 s of wall time
    c.toggle_play()
    assert not c.clock.playing
    t = c.clock.t_s
    qtbot.wait(100)
    assert c.clock.t_s == t  # paused: time stands still


def test_transport_readout_and_speed_box_do_not_echo(qtbot: QtBot, ms04: Session) -> None:
    c = Controller()
    bar = TransportBar(c)
    qtbot.addWidget(bar)
    c.register(bar)
    c.set_session(ms04)
    c.seek(382.0)
    assert bar.t_plus.text() == "T+06:22.0"
    assert bar.utc.text() == "2016-12-01 14:58:14.0 UTC"
    changes: list[float] = []
    c.clock.speed_changed.connect(changes.append)
    c.clock.faster()  # the box shows it without setting the speed again
    assert bar.speed.currentText() == "2×"
    assert changes == [2.0]
    bar.speed.setCurrentIndex(bar.speed.findText("10×"))  # the user picks a speed
    assert c.clock.speed == 10.0
    qtbot.mouseClick(bar.buttons["play"], Qt.MouseButton.LeftButton)
    assert c.clock.playing and bar.buttons["play"].text() == "❚❚"
    c.clock.pause()


def test_scrubbing_seeks_continuously_and_seek_never_echoes(qtbot: QtBot, ms04: Session) -> None:
    bar = TimelineScrubber()
    qtbot.addWidget(bar)
    bar.resize(800, 60)
    bar.set_session(ms04)
    seen: list[float] = []
    bar.scrubbed.connect(seen.append)
    bar.seek(100.0)
    assert seen == []  # showing the time never emits
    x = int(bar.x_of(382.0))
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=QPoint(x, 25))
    qtbot.mouseMove(bar, QPoint(x + 50, 25))
    assert len(seen) >= 1
    assert seen[0] == pytest.approx(382.0, abs=1.0)
    image = bar.grab().toImage()
    assert image.pixelColor(int(bar.x_of(500.0)), 27).red() > 200  # the red LOS band


def test_signal_panel_states_values_and_events(qtbot: QtBot, ms04: Session) -> None:
    panel = SignalPanel()
    qtbot.addWidget(panel)
    panel.set_session(ms04)
    panel.seek(300.0)
    assert panel.status.text() == "AOS"
    gap = max(ms04.analysis.signal.dropouts, key=lambda g: g.duration_s)
    panel.seek((gap.t_start_s + gap.t_end_s) / 2)
    assert panel.status.text() == "DROPOUT"
    panel.seek(390.0)
    assert panel.status.text() == "LOS"
    assert "8.0 s ago" in panel.age.text()
    assert panel.values.text("alt_m").endswith("(stale)")
    seeks: list[float] = []
    panel.seek_requested.connect(seeks.append)
    item = panel.events.item(panel.events.count() - 1)
    panel.events.itemClicked.emit(item)
    assert seeks == [pytest.approx(382.0)]


def test_values_beyond_limits_are_coloured(qtbot: QtBot) -> None:
    from replay.qt import theme
    from replay.resources import sample
    from replay.session import load_session

    crs7 = load_session(sample("falcon9-crs-7"), places=False)
    panel = SignalPanel()
    qtbot.addWidget(panel)
    panel.set_session(crs7)
    panel.seek(100.0)
    assert panel.values.colour("s2_lox_tank_bar").name() == theme.TEXT.lower()
    panel.seek(139.0)
    assert panel.values.colour("s2_lox_tank_bar").name() == theme.WARNING.lower()
    # ... and that is the colour the table's cell is painted with.
    row = panel.values.names.index("s2_lox_tank_bar")
    cell = panel.values.index(row, 1)
    assert (
        panel.values.data(cell, Qt.ItemDataRole.ForegroundRole).color().name()
        == theme.WARNING.lower()
    )
