"""Comparing two flights on one time axis (numpy-free, Qt-free): the shift that puts the
comparison's event on the main flight's (liftoff, or any event both have).

>>> from replay.core.flight import Event
>>> main = [Event(0.0, "liftoff", "Lift-off"), Event(287.0, "upper_stage_ignition", "Ignition")]
>>> other = [Event(0.0, "liftoff", "Lift-off"), Event(280.5, "upper_stage_ignition", "Ign.")]
>>> align_offset_s(main, other, "upper_stage_ignition")
6.5
>>> align_offset_s(main, other)
0.0
>>> common_events(main, other)
['liftoff', 'upper_stage_ignition']
"""

from __future__ import annotations

from collections.abc import Sequence

from replay.core.flight import Event

LIFTOFF = "liftoff"


def _first(events: Sequence[Event], event_id: str) -> Event | None:
    return min((e for e in events if e.id == event_id), key=lambda e: e.t_s, default=None)


def common_events(main: Sequence[Event], other: Sequence[Event]) -> list[str]:
    """The event ids both flights have, in the main flight's order (liftoff always: a flight's
    time is counted from its liftoff)."""
    theirs = {e.id for e in other}
    ids = [e.id for e in sorted(main, key=lambda e: e.t_s) if e.id in theirs]
    return list(dict.fromkeys([LIFTOFF, *ids]))


def align_offset_s(main: Sequence[Event], other: Sequence[Event], event_id: str = LIFTOFF) -> float:
    """What to add to the comparison's times to put its ``event_id`` on the main flight's.

    Liftoff is T+0 in both when neither records it. ``KeyError`` (naming the events both
    have) for an event one of them lacks.
    """
    a, b = _first(main, event_id), _first(other, event_id)
    if event_id == LIFTOFF and (a is None or b is None):
        return (a.t_s if a else 0.0) - (b.t_s if b else 0.0)
    if a is None or b is None:
        both = ", ".join(common_events(main, other))
        raise KeyError(f"no event {event_id!r} in both flights; they share: {both}")
    return a.t_s - b.t_s
