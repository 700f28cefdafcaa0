"""The plot stack's menus: the right-click menu of a plot and the "+ Channel" list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from replay.qt.plot_channel import plottable
from replay.session import Session


class Channels(Protocol):
    """What the menus need of a plot stack."""

    @property
    def session(self) -> Session | None: ...

    def channels(self) -> list[str]: ...

    def edit_channel(self, name: str, on: bool) -> None: ...

    def set_following(self, follow: bool, window_s: float | None = None) -> None: ...

    def label_of(self, name: str) -> tuple[str, float]: ...

    @property
    def menu_extensions(self) -> list[Callable[[QMenu], None]]: ...

    @property
    def channel_menu_extensions(self) -> list[Callable[[QMenu], None]]: ...


#: The width of the sliding time window offered in the menu.
SLIDING_WINDOW_S = 60.0


def fill_channel_menu(menu: QMenu, stack: Channels) -> None:
    """Every numeric channel of the flight, checked where plotted; (un)checking adds or removes."""
    menu.clear()
    session = stack.session
    if session is None:
        menu.addAction("(no flight loaded)").setEnabled(False)
        return
    shown = set(stack.channels())
    for name in plottable(session):
        action = menu.addAction(stack.label_of(name)[0])
        action.setCheckable(True)
        action.setChecked(name in shown)
        action.toggled.connect(lambda on, n=name: stack.edit_channel(n, on))
    for extend in stack.channel_menu_extensions:
        extend(menu)


def stack_menu(
    parent: QWidget, stack: Channels, name: str | None, following: bool, window_s: float | None
) -> QMenu:
    """The right-click menu: remove this plot, add any channel, how the time axis follows."""
    menu = QMenu(parent)
    if name is not None and stack.session is not None:
        menu.addAction(f"Remove {stack.label_of(name)[0]}", lambda: stack.edit_channel(name, False))
    fill_channel_menu(menu.addMenu("Add channel"), stack)
    menu.addSeparator()
    group = QActionGroup(menu)
    for text, window in (
        ("Follow replay: flight so far", None),
        (f"Follow replay: last {SLIDING_WINDOW_S:.0f} s", SLIDING_WINDOW_S),
    ):
        act = QAction(text, menu, checkable=True)
        act.setChecked(following and window_s == window)
        act.triggered.connect(lambda _=False, w=window: stack.set_following(True, w))
        group.addAction(act)
        menu.addAction(act)
    for extend in stack.menu_extensions:
        menu.addSeparator()
        extend(menu)
    menu.aboutToHide.connect(menu.deleteLater)
    return menu
