"""An altitude-only file says so on the map, instead of showing an empty world (issue 13)."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from replay.analysis.flight_analysis import analyze
from replay.core.flight import Flight, FlightMeta
from replay.qt.map_view import NO_POSITION_TEXT, GroundTrackMap
from replay.session import Session


def _altimeter() -> Session:
    t = np.arange(-1.0, 30.0, 0.05)
    flight = Flight(t, {"alt_m": np.maximum(t, 0.0) ** 2}, {"alt_m": "m"}, FlightMeta())
    return Session(flight, analyze(flight, places=False))


def test_the_map_says_there_is_no_position_and_takes_it_back(qtbot: QtBot, ms04: Session) -> None:
    view = GroundTrackMap()
    qtbot.addWidget(view)
    view.resize(900, 500)
    assert not view.no_position_shown()  # nothing loaded: nothing to say
    view.set_session(_altimeter())
    view.seek(10.0)
    assert view.no_position_shown()
    view.show()
    qtbot.waitExposed(view)
    note = next(w for w in view.findChildren(QLabel) if w.text() == NO_POSITION_TEXT)
    assert note.isVisible() and note.width() > 100
    centre, map_centre = note.geometry().center(), view.graphics.geometry().center()
    assert abs(centre.x() - map_centre.x()) <= 1 and abs(centre.y() - map_centre.y()) <= 1
    view.set_session(ms04)  # a flight with a track: the world and its track, no note
    assert not view.no_position_shown()
    view.close()
