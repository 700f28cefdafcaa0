"""What a lesson holds back until the class has answered: reveals are data.

Each pause point of a lesson names what its answer reveals (``reveals = ["los_verdict"]`` in
the lesson's TOML). While a lesson runs (its pauses on), the views hold those things back until
the answer is shown, and keep them back if the teacher hides answers; and nothing of the future
is shown (the nominal flight ahead of the replay time, dropouts and events not yet reached on
the timeline and in the event log). Without a lesson, or with its pauses off, everything shows.

>>> sorted(REVEALS)
['future', 'impact', 'los_verdict', 'truth']
"""

from __future__ import annotations

from collections.abc import Iterable

#: Everything a view may hold back, and what it is.
REVEALS: dict[str, str] = {
    "los_verdict": "whether the loss of signal was expected from geometry, and why",
    "impact": "the predicted impact zone and its place",
    "truth": "where the vehicle really fell (the debris field)",
    "future": "what the replay has not reached: the nominal ahead, later events and dropouts",
}
#: Held back while any lesson runs; no pause reveals it.
FUTURE = "future"


def check_reveals(names: Iterable[str], where: str) -> tuple[str, ...]:
    """``names`` as a tuple if each is a known reveal (``ValueError`` naming the bad one)."""
    out = tuple(str(n) for n in names)
    for name in out:
        if name not in REVEALS or name == FUTURE:
            known = ", ".join(n for n in REVEALS if n != FUTURE)
            raise ValueError(f"{where}: unknown reveal {name!r}; expected one of {known}")
    return out
