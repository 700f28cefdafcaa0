"""The crosshair: values under the mouse, checked against the flight's own arrays."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from replay.analysis.readout import NO_DATA
from replay.core.flight import Flight
from replay.qt.crosshair import HINT, NOT_YET, Crosshair
from replay.qt.plots import PlotStack
from replay.session import Session


def stack_with_crosshair(qtbot: QtBot, session: Session) -> tuple[PlotStack, Crosshair]:
    stack = PlotStack()
    qtbot.addWidget(stack)
    hair = Crosshair(stack)
    stack.resize(1100, 800)
    stack.set_session(session)
    stack.show()
    stack.grab()
    return stack, hair


def move_to(widget: QWidget, at: QPoint) -> None:
    pos = QPointF(at)
    none = Qt.MouseButton.NoButton
    event = QMouseEvent(
        QEvent.Type.MouseMove, pos, widget.mapToGlobal(pos), none, none,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def point_of(stack: PlotStack, name: str, t: float) -> QPoint:
    view = stack.plot(name).view
    y = float(np.mean(view.viewRange()[1]))
    return QPoint(stack.graphics.mapFromScene(view.mapViewToScene(QPointF(t, y))))


def test_hovering_reads_every_plotted_channel_at_the_time(qtbot: QtBot, ms04: Session) -> None:
    stack, hair = stack_with_crosshair(qtbot, ms04)
    stack.seek(400.0)
    stack.grab()
    f = ms04.flight
    with qtbot.waitSignal(hair.hovered, timeout=1000) as got:
        move_to(stack.graphics.viewport(), point_of(stack, "v_relative_m_s", 150.0))
    t = got.args[0]
    pixel_s = stack.plot("alt_m").view.viewPixelSize()[0]
    assert t == pytest.approx(150.0, abs=2 * pixel_s)
    assert hair.t_s == t
    k = int(np.searchsorted(f.t_s, t, side="right")) - 1  # the last sample at or before t
    assert f.t_s[k] <= t < f.t_s[k + 1]
    assert set(hair.readings) == set(stack.channels())
    for name, scale, unit, digits in (
        ("alt_m", 1e-3, "km", 2),  # 78.42 km: a sample is ~60 m higher than the one before
        ("v_relative_m_s", 1.0, "m/s", 0),
        ("accel_axial_g", 1.0, "g", 2),
        ("q_kpa", 1.0, "kPa", 2),
    ):
        number, shown_unit = hair.readings[name].split()
        assert shown_unit == unit
        want = f.channel(name)[k] * scale
        assert float(number.replace(",", "")) == pytest.approx(want, abs=0.51 * 10**-digits)
    alt = f.channel("alt_m")
    assert abs(alt[k + 1] - alt[k]) > 10.0 * 2  # so the sample after would not pass
    assert f"T{t:+.2f} s" in hair.label.text()
    assert stack.t_s == 400.0  # hovering never moves the replay
    QApplication.sendEvent(stack.graphics.viewport(), QEvent(QEvent.Type.Leave))
    assert hair.t_s is None and hair.label.text() == HINT
    stack.close()


def test_ahead_of_the_replay_and_holes_are_said(qtbot: QtBot, ms04: Session) -> None:
    f = ms04.flight
    alt = f.channel("alt_m").copy()
    hole = (f.t_s >= 100.0) & (f.t_s < 101.0)
    alt[hole] = np.nan
    sparse = f.t_s < 200.0  # nothing after T+200: the last value goes stale
    cut = Flight(
        f.t_s[sparse], {"alt_m": alt[sparse]}, {"alt_m": "m"}, f.meta,
    )  # fmt: skip
    session = Session(cut, ms04.analysis)
    stack, hair = stack_with_crosshair(qtbot, session)
    stack.seek(250.0)
    hair.show_at(100.5)
    assert hair.readings == {"alt_m": NO_DATA}
    hair.show_at(230.0)
    age = 230.0 - cut.t_s[-1]
    assert hair.readings["alt_m"].endswith(f"km (stale, {age:.1f} s old)")
    hair.show_at(260.0)
    assert hair.readings == {"alt_m": NOT_YET}
    stack.close()
