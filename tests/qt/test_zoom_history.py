"""Box zoom and the zoom history of the plot stack: undo restores, redo re-applies."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from replay.qt.plots import PlotStack
from replay.qt.zoom_history import GESTURE_MS, ZoomHistory
from replay.session import Session
from tests.qt.user import drag, wait, wheel

CTRL = Qt.KeyboardModifier.ControlModifier


def make(qtbot: QtBot, session: Session) -> tuple[PlotStack, ZoomHistory]:
    stack = PlotStack()
    qtbot.addWidget(stack)
    history = ZoomHistory(stack)
    stack.resize(1100, 800)
    stack.set_session(session)
    stack.show()
    stack.seek(300.0)
    stack.grab()
    wait(0.05)  # the layout settles (the pager's column), as it has before a user drags
    return stack, history


def at(stack: PlotStack, t_s: float) -> QPointF:
    view = stack.plot("alt_m").view
    y = float(np.mean(view.viewRange()[1]))
    return QPointF(stack.graphics.mapFromScene(view.mapViewToScene(QPointF(t_s, y))))


def end_gesture() -> None:
    wait((GESTURE_MS + 100) / 1e3)


def test_ctrl_drag_zooms_to_the_box_and_undo_redo_walk_the_history(
    qtbot: QtBot, ms04: Session
) -> None:
    stack, history = make(qtbot, ms04)
    following = stack.visible_range()
    viewport = stack.graphics.viewport()
    pixel_s = stack.plot("alt_m").view.viewPixelSize()[0]
    drag(viewport, at(stack, 100.0), at(stack, 200.0), modifiers=CTRL)
    box = stack.visible_range()
    assert box[0] == pytest.approx(100.0, abs=2 * pixel_s)
    assert box[1] == pytest.approx(200.0, abs=2 * pixel_s)
    assert not stack.following()
    end_gesture()
    wheel(viewport, at(stack, 150.0), 2)  # two notches in: one step
    wheel(viewport, at(stack, 150.0), 1)
    wheeled = stack.visible_range()
    assert box[0] < wheeled[0] < 150.0 < wheeled[1] < box[1]
    end_gesture()
    assert len(history.undo_steps) == 2
    qtbot.keyClick(stack.graphics, Qt.Key.Key_Backspace)
    assert stack.visible_range() == pytest.approx(box)  # undo: the box again
    history.undo()
    assert stack.following()  # undo again: following the replay, as at the start
    assert stack.visible_range() == pytest.approx(following)
    history.undo()  # nothing more to undo
    assert stack.following()
    qtbot.keyClick(stack.graphics, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ShiftModifier)
    assert stack.visible_range() == pytest.approx(box)  # redo re-applies the box
    history.redo()
    assert stack.visible_range() == pytest.approx(wheeled)
    assert not history.redo_steps
    stack.close()


def test_a_new_zoom_after_undo_drops_the_redo_and_the_menu_offers_both(
    qtbot: QtBot, ms04: Session
) -> None:
    stack, history = make(qtbot, ms04)
    viewport = stack.graphics.viewport()
    drag(viewport, at(stack, 50.0), at(stack, 250.0), modifiers=CTRL)
    end_gesture()
    history.undo()
    assert history.redo_steps
    drag(viewport, at(stack, 20.0), at(stack, 80.0), modifiers=CTRL)
    assert not history.redo_steps and len(history.undo_steps) == 1
    menu = QMenu()
    history.add_to_menu(menu)
    enabled = {a.text().split("\t")[0]: a.isEnabled() for a in menu.actions()}
    assert enabled["Undo zoom"] and not enabled["Redo zoom"]
    stack.seek(310.0)  # playing on keeps the held box
    assert stack.visible_range() == pytest.approx((20.0, 80.0), abs=1.0)
    stack.close()


def test_a_plain_drag_still_pans(qtbot: QtBot, ms04: Session) -> None:
    stack, history = make(qtbot, ms04)
    before = stack.visible_range()
    drag(stack.graphics.viewport(), at(stack, 200.0), at(stack, 150.0))
    lo, hi = stack.visible_range()
    assert hi - lo == pytest.approx(before[1] - before[0], rel=1e-6)  # panned, same width
    assert lo > before[0]
    assert history.undo_steps[-1].following
    stack.close()
