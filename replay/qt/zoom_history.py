"""Zoom that people expect on the plot stack: Ctrl+drag zooms the time axis to a box, and
every change of the time range the user makes can be undone and redone (Backspace and
Shift+Backspace, or the right-click menu), back to following the replay.

One wheel turn or one drag is one step: changes closer together than :data:`GESTURE_MS`
make one. The plots stay linked in time, so one history serves the whole stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from replay.qt.plot_items import StackViewBox
from replay.qt.plots import PlotStack
from replay.session import Session

#: Range changes closer together than this (ms) are one step of the history.
GESTURE_MS = 400
#: A box narrower than this (pixels) is a slip of the hand, not a zoom.
MIN_BOX_PX = 4.0
UNDO_KEY, REDO_KEY = "Backspace", "Shift+Backspace"


@dataclass(frozen=True, slots=True)
class Zoom:
    """A time axis: following the replay (with its window), or holding ``lo_s``..``hi_s``."""

    following: bool
    window_s: float | None
    lo_s: float
    hi_s: float


def box_zoom(view: pg.ViewBox, ev: Any) -> bool:
    """Ctrl+drag with the left button: draw a box and zoom the time axis to it."""
    ctrl = Qt.KeyboardModifier.ControlModifier
    if ev.button() != Qt.MouseButton.LeftButton or not (ev.modifiers() & ctrl):
        return False
    ev.accept()
    start, end = ev.buttonDownPos(ev.button()), ev.pos()
    if not ev.isFinish():
        view.updateScaleBox(start, end)
        return True
    view.rbScaleBox.hide()
    if abs(end.x() - start.x()) < MIN_BOX_PX:
        return True
    box = view.childGroup.mapRectFromParent(QRectF(start, end)).normalized()
    view.setXRange(box.left(), box.right(), padding=0)
    view.sigRangeChangedManually.emit([True, False])  # the stack stops following
    return True


class ZoomHistory(QObject):
    """Undo and redo of the stack's time range (see the module)."""

    changed = Signal()

    def __init__(self, stack: PlotStack) -> None:
        super().__init__(stack)
        self._stack = stack
        self.undo_steps: list[Zoom] = []
        self.redo_steps: list[Zoom] = []
        self._last = stack.visible_range()
        self._restoring = False
        self._gesture = QTimer(self, singleShot=True, interval=GESTURE_MS)
        StackViewBox.drag_handler = box_zoom
        stack.strips.strip_view.sigXRangeChanged.connect(self._x_changed)
        stack.follow_changed.connect(self._follow_changed)
        stack.menu_extensions.append(self.add_to_menu)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in ((UNDO_KEY, self.undo), (REDO_KEY, self.redo)):
            QShortcut(QKeySequence(keys), stack, slot, context=context)

    # --- the replay's views protocol -------------------------------------------------------------
    @property
    def t_s(self) -> float:
        return self._stack.t_s

    def set_session(self, session: Session) -> None:
        """A new flight starts a new history (the same flight, grown live, keeps it)."""
        if not session.same_flight(self._stack.session):
            self.undo_steps.clear()
            self.redo_steps.clear()
            self._gesture.stop()
            self.changed.emit()

    def seek(self, t_s: float) -> None:
        pass

    # ---------------------------------------------------------------------------------------------
    def current(self) -> Zoom:
        s = self._stack
        return Zoom(s.following(), s.window_s, *s.visible_range())

    def undo(self) -> None:
        """Back to the time range before the last change (nothing if there is none)."""
        if self.undo_steps:
            self.redo_steps.append(self.current())
            self._apply(self.undo_steps.pop())

    def redo(self) -> None:
        """Again the range the last undo left."""
        if self.redo_steps:
            self.undo_steps.append(self.current())
            self._apply(self.redo_steps.pop())

    def add_to_menu(self, menu: QMenu) -> None:
        """The history's entries in the plots' right-click menu."""
        undo = menu.addAction(f"Undo zoom\t{UNDO_KEY}", self.undo)
        undo.setEnabled(bool(self.undo_steps))
        redo = menu.addAction(f"Redo zoom\t{REDO_KEY}", self.redo)
        redo.setEnabled(bool(self.redo_steps))
        menu.addAction("Zoom to a box: Ctrl+drag").setEnabled(False)

    def _apply(self, zoom: Zoom) -> None:
        self._restoring = True
        try:
            if zoom.following:
                self._stack.set_following(True, zoom.window_s)
            else:
                self._stack.hold_range(zoom.lo_s, zoom.hi_s)
        finally:
            self._restoring = False
        self._gesture.stop()
        self._last = self._stack.visible_range()
        self.changed.emit()

    def _push(self, zoom: Zoom) -> None:
        if self._gesture.isActive():  # the same wheel turn or drag goes on
            self._gesture.start()
            return
        self.undo_steps.append(zoom)
        self.redo_steps.clear()
        self._gesture.start()
        self.changed.emit()

    def _x_changed(self, _view: object, rng: tuple[float, float]) -> None:
        before, self._last = self._last, (float(rng[0]), float(rng[1]))
        if self._restoring or self._stack.following() or before == self._last:
            return  # the replay moves the axis, or we do
        self._push(Zoom(False, None, *before))

    def _follow_changed(self, following: bool) -> None:
        if self._restoring:
            return
        if following:  # back to following: undo holds the range again
            self._gesture.stop()
            self._push(Zoom(False, None, *self._last))
            self._gesture.stop()
        else:  # the user's first zoom or pan: undo follows the replay again
            self._push(Zoom(True, self._stack.window_s, *self._last))
