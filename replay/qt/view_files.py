"""File ▸ Save view… and Open view…: the window's view (``view_state()``) to a file and back
(``apply_view_state()``); the file form is docs/views.md."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from PySide6.QtWidgets import QFileDialog, QWidget

from replay.core.view_state import ViewState
from replay.qt import dialogs
from replay.session import Session

VIEW_FILTER = "Views (*.toml);;All files (*)"


class Viewed(Protocol):
    """What the actions need of a window: its view, and a way to bring it to one."""

    def view_state(self) -> ViewState: ...

    def apply_view_state(self, state: ViewState) -> None: ...


def save_view(window: QWidget, path: str | None = None) -> str | None:
    """Write the window's view to ``path`` (asked for when ``None``); the path, or ``None``."""
    from replay.core.view_file import write_view

    if path is None:
        path, _ = QFileDialog.getSaveFileName(window, "Save view", "view.toml", VIEW_FILTER)
    if not path:
        return None
    viewed: Viewed = window  # type: ignore[assignment]
    try:
        write_view(viewed.view_state(), path)
    except (OSError, ValueError) as exc:
        dialogs.error(
            window, "Save view failed", f"{path}: {getattr(exc, 'strerror', None) or exc}"
        )
        return None
    return path


def open_view(
    window: QWidget, session: Session | None, path: str | None = None
) -> ViewState | None:
    """Bring the window showing ``session`` to the view in ``path`` (asked for when ``None``);
    channels the flight lacks are left out. The view applied, or ``None``."""
    from replay.core.view_file import read_view

    if session is None:
        return None
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "Open view", "", VIEW_FILTER)
    if not path:
        return None
    viewed: Viewed = window  # type: ignore[assignment]
    try:
        state = for_flight(read_view(path), session)
        viewed.apply_view_state(state)  # a comparison that cannot be shown raises first
    except (OSError, ValueError) as exc:
        dialogs.error(window, "Cannot open the view", str(exc))
        return None
    return state


def for_flight(state: ViewState, session: Session) -> ViewState:
    """``state`` without the channels the session's flight does not have."""
    have = session.flight.channels
    return replace(state, channels=tuple(c for c in state.channels if c in have))
