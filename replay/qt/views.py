"""What every view of a replay is to the rest of the window: a session to show, and a time.

The controller keeps the views in one list and tells them, in order, about a new session and
every new replay time; a view never moves the clock while it is being told (the clock refuses).
A new view plugs in by implementing :class:`TimeView` and being registered by the main window.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from replay.session import Session


@runtime_checkable
class TimeView(Protocol):
    """A view driven by the one replay clock."""

    @property
    def t_s(self) -> float:
        """The replay time the view shows now (the clock's, after every action)."""
        ...

    def set_session(self, session: Session) -> None:
        """Show a new flight; a :meth:`seek` to the clock's time follows at once."""
        ...

    def seek(self, t_s: float) -> None:
        """Show the flight as it was known at replay time ``t_s`` (s since lift-off)."""
        ...
