"""What the views need of a flight, made once per flight, on the loader's thread when it can.

A flight of millions of samples needs its plot pyramids, its unwrapped ground track and the
thinned traces (half a second per million samples); made on the window's thread, they froze it.
The loader calls :func:`prepare` after reading; the views then find them made
(:func:`per_flight`). Everything here is numpy: no Qt object crosses threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from replay.session import Session

T = TypeVar("T")
#: Flights whose data are kept: the one shown and the one loading.
KEEP = 2
_MADE: dict[Callable[..., Any], OrderedDict[int, tuple[object, Any]]] = {}
_LOCK = threading.Lock()


def per_flight(make: Callable[[Session], T], session: Session) -> T:
    """``make(session)``, made once per flight (a refined session of the same flight shares
    it)."""
    key = id(session.flight)
    with _LOCK:
        cache = _MADE.setdefault(make, OrderedDict())
        found = cache.get(key)
        if found is not None and found[0] is session.flight:
            cache.move_to_end(key)
            made: T = found[1]
            return made
    made = make(session)
    with _LOCK:
        cache[key] = (session.flight, made)  # the flight is kept, so its id stays its own
        while len(cache) > KEEP:
            cache.popitem(last=False)
    return made


def prepare(session: Session) -> None:
    """Make what the plots and the map need to show ``session`` (on the loader's thread)."""
    from replay.qt.map_data import MapData
    from replay.qt.map_debris import debris_data
    from replay.qt.plot_channel import default_channels, title_of
    from replay.qt.plot_data import StackData

    data = per_flight(StackData, session)
    units = session.flight.units
    for name in default_channels(session):
        data.pyramid(name, title_of(name, units.get(name, ""))[1])
    per_flight(MapData, session)
    per_flight(debris_data, session)
