"""A row of buttons that take short names when the row is narrow.

A 1024-px projector in presentation mode leaves a few hundred pixels to a column: buttons named
in full would push the window wider than the screen. Each widget of the row has a full and a
short text (an empty short text hides it); the row uses the short ones whenever the full ones
do not fit, and its minimum width is that of the short ones. Tooltips keep the full story.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QLabel, QWidget

Named = QAbstractButton | QLabel


class CompactRow(QWidget):
    """A horizontal row of widgets, some with a full and a short text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(4, 2, 4, 2)
        self._named: list[tuple[Named, str, str]] = []
        self._full_px = self._short_px = 0
        self.short = False

    def add(self, widget: QWidget, full: str | None = None, short: str | None = None) -> None:
        """Add ``widget``; with texts, it is named ``full``, or ``short`` when narrow."""
        self.row.addWidget(widget)
        if isinstance(widget, Named) and full is not None:
            self._named.append((widget, full, full if short is None else short))

    def named(self, full: str) -> QWidget | None:
        """The widget whose full name is ``full`` (whatever it is called now)."""
        return next((w for w, name, _ in self._named if name == full), None)

    def restyle(self) -> None:
        """Measure the names again with the theme's fonts (presentation mode)."""
        self._name(short=False)
        self._full_px = self._width()
        self._name(short=True)
        self._short_px = self._width()
        self.refit()

    def refit(self) -> None:
        """Fit the names again (the room besides them, :meth:`extra_px`, changed)."""
        self.setMinimumWidth(self._short_px + self.extra_px(short=True))
        self._fit(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def extra_px(self, short: bool) -> int:
        """Room the row needs besides its named widgets (``short``: with short names)."""
        return 0

    def _fit(self, width: int) -> None:
        self._name(short=width < self._full_px + self.extra_px(short=False))

    def _name(self, short: bool) -> None:
        self.short = short
        for w, full, brief in self._named:
            w.setText(brief if short else full)
            w.setVisible(bool(brief) or not short)

    def _width(self) -> int:
        """The width the named widgets need as they are named now (the rest may shrink)."""
        margins = self.row.contentsMargins()
        spacing = max(self.row.spacing(), 0)
        widths = [w.sizeHint().width() + spacing for w, _, _ in self._named if w.text()]
        return sum(widths) + margins.left() + margins.right() + 8


def map_bar(
    follow: Callable[[bool], None], fit: Callable[[], None], world: Callable[[], None]
) -> tuple[CompactRow, QAbstractButton]:
    """The ground track's title and its Follow vehicle / Fit flight / World buttons; returns
    the row and the (checkable) follow button."""
    from replay.qt import theme

    title = QLabel("Ground track")
    title.setObjectName("title")
    follow_button = theme.tool_button("Follow vehicle", follow, checkable=True)
    follow_button.setChecked(True)
    follow_button.setToolTip("Keep the vehicle in view at the current zoom (F)")
    fit_button = theme.tool_button("Fit flight", fit)
    fit_button.setToolTip("Frame the launch site, the track and the impact zone")
    world_button = theme.tool_button("World", world)
    world_button.setToolTip("The whole world")
    bar = CompactRow()
    bar.row.setContentsMargins(6, 4, 6, 4)
    bar.add(title, "Ground track", "")
    bar.row.addStretch(1)
    bar.add(follow_button, "Follow vehicle", "Follow")
    bar.add(fit_button, "Fit flight", "Fit")
    bar.add(world_button, "World", "World")
    bar.restyle()
    return bar, follow_button
