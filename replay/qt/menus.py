"""The menu bar, made of the window's actions: File (open, recent, samples, export), Replay,
View and Help."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from replay.qt.actions import Actions


def build(bar: QMenuBar, actions: Actions) -> tuple[QMenu, QMenu]:
    """Fill the menu bar; returns the Open Recent and Open Sample menus."""
    file_menu = bar.addMenu("&File")
    split = actions.file.index(None)
    _add(file_menu, actions.file[:split])
    recent = file_menu.addMenu("Open &Recent")
    samples = file_menu.addMenu("Open &Sample")
    fill_samples(samples, actions.open_file)
    file_menu.addSeparator()
    _add(file_menu, actions.file[split + 1 :])
    _add(bar.addMenu("&Replay"), actions.replay)
    _add(bar.addMenu("&View"), actions.view)
    _add(bar.addMenu("&Help"), actions.help)
    return recent, samples


def _add(menu: QMenu, actions: Sequence[QAction | None]) -> None:
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)


def fill_recent(menu: QMenu, paths: list[str], open_file: Callable[[str], None]) -> None:
    menu.clear()
    for path in paths:
        action = menu.addAction(path)
        action.triggered.connect(lambda _checked=False, p=path: open_file(p))
    menu.setEnabled(bool(paths))


def fill_samples(menu: QMenu, open_file: Callable[[str], None]) -> None:
    from replay.resources import asset_names, read_toml, sample

    for sid in asset_names("scenarios"):
        try:
            path = sample(sid)
        except FileNotFoundError:
            continue
        title = str(read_toml("scenarios", sid).get("name", sid))
        action = menu.addAction(title)
        action.triggered.connect(lambda _checked=False, p=str(path): open_file(p))
