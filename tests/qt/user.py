"""A user's hands for widget tests: keys, clicks, the wheel and drags, sent as Qt events."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def wait(wall_s: float) -> None:
    """Let the event loop run for ``wall_s`` of wall time (the clock's timer ticks)."""
    end = time.perf_counter() + wall_s
    while time.perf_counter() < end:
        QApplication.processEvents()
        time.sleep(0.001)


def wheel(widget: QWidget, at: QPointF, notches: int) -> None:
    """Turn the wheel over ``widget`` at ``at`` (positive: towards the user, zoom in)."""
    event = QWheelEvent(
        at,
        widget.mapToGlobal(at),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        NONE,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def drag(
    widget: QWidget,
    start: QPointF,
    end: QPointF,
    steps: int = 6,
    modifiers: Qt.KeyboardModifier = NONE,
) -> None:
    """Press the left button at ``start``, move to ``end`` holding it, release."""
    press, move = QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove
    QApplication.sendEvent(widget, _mouse(press, widget, start, LEFT, modifiers))
    for k in range(1, steps + 1):
        at = start + (end - start) * (k / steps)
        QApplication.sendEvent(widget, _mouse(move, widget, at, LEFT, modifiers))
        QApplication.processEvents()
    release = _mouse(
        QEvent.Type.MouseButtonRelease, widget, end, Qt.MouseButton.NoButton, modifiers
    )
    QApplication.sendEvent(widget, release)


def click(widget: QWidget, at: QPointF, modifiers: Qt.KeyboardModifier = NONE) -> None:
    """A left click at ``at`` (holding ``modifiers``, e.g. Shift)."""
    press = _mouse(QEvent.Type.MouseButtonPress, widget, at, LEFT, modifiers)
    QApplication.sendEvent(widget, press)
    release = _mouse(QEvent.Type.MouseButtonRelease, widget, at, Qt.MouseButton.NoButton, modifiers)
    QApplication.sendEvent(widget, release)


def move(widget: QWidget, at: QPointF) -> None:
    """The mouse moves to ``at`` with no button held (hovering)."""
    none = Qt.MouseButton.NoButton
    event = QMouseEvent(QEvent.Type.MouseMove, at, widget.mapToGlobal(at), none, none, NONE)
    QApplication.sendEvent(widget, event)


def _mouse(
    kind: QEvent.Type,
    widget: QWidget,
    at: QPointF,
    buttons: Qt.MouseButton,
    modifiers: Qt.KeyboardModifier = NONE,
) -> QMouseEvent:
    return QMouseEvent(kind, at, widget.mapToGlobal(at), LEFT, buttons, modifiers)
