"""The debris field on the map, shown with the truth (issue 14).

MS-04: the pieces' field is drawn where they fell, overlapping the area where debris was reported
west of Kyzyl, and the truth's label gives the distance from the predicted impact point to the
field's centre, checked against an independent great circle.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QSettings
from PySide6.QtGui import QPainterPath, QPolygonF
from PySide6.QtWidgets import QApplication, QGraphicsItem
from pytestqt.qtbot import QtBot

from replay.qt.main_window import MainWindow
from replay.resources import debris_name, samples_dir
from replay.session import Session
from replay.sim.debris_file import read_debris_field

MEAN_RADIUS_KM = 6371.0088


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1600, 950)
    w.show()
    yield w
    w.close()


def independent_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great circle by the angle between unit vectors (the app uses haversine)."""

    def unit(lat: float, lon: float) -> np.ndarray:
        a, b = math.radians(lat), math.radians(lon)
        return np.array([math.cos(a) * math.cos(b), math.cos(a) * math.sin(b), math.sin(a)])

    return MEAN_RADIUS_KM * math.acos(float(np.clip(unit(lat1, lon1) @ unit(lat2, lon2), -1, 1)))


def polygon(path: QPainterPath) -> QPainterPath:
    """A path's outline as a filled polygon (for the overlap of two outlines)."""
    out = QPainterPath()
    fill = path.toFillPolygon()
    out.addPolygon(QPolygonF([QPointF(fill.at(k)) for k in range(fill.size())]))
    return out


def test_the_debris_field_shows_with_the_truth_and_measures_the_prediction(
    window: MainWindow, ms04: Session
) -> None:
    window.show_session(ms04, "ms04", t_s=390.0)
    window.page.lesson_panel.pauses.setChecked(False)  # no lesson: everything shows
    teaching = window.page.map.teaching
    debris = teaching.debris
    assert debris.has_field and len(debris.dots) == 26
    assert not debris.outline.isVisible()  # the truth is off: nothing of it
    window.commands.truth.setChecked(True)
    QApplication.processEvents()
    assert debris.outline.isVisible() and all(d.isVisible() for d in debris.dots)
    assert debris.area.isVisible() and debris.report_label.isVisible()
    # Where the pieces fell overlaps where debris was reported (as drawn, in map coordinates).
    assert polygon(debris.outline.path()).intersects(polygon(debris.area.path()))
    # The truth's label: the distance from the predicted impact point to the field's centre.
    text = "\n".join(teaching.landed_label.lines)
    found = re.search(r"centre (\d+) km (\w+) of the predicted impact", text)
    assert found is not None, text
    d = read_debris_field(samples_dir() / debris_name("progress-ms-04"))
    lat, lon = np.radians(d.impact_lat_deg), np.radians(d.impact_lon_deg)
    v = np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]).sum(axis=1)
    c_lat, c_lon = (
        math.degrees(math.atan2(v[2], math.hypot(v[0], v[1]))),
        math.degrees(math.atan2(v[1], v[0])),
    )
    assert ms04.analysis.impact is not None
    nominal = ms04.analysis.impact.zone.nominal
    km = independent_km(nominal.lat_deg, nominal.lon_deg, c_lat, c_lon)
    assert abs(int(found.group(1)) - km) <= 0.5 + 1e-6  # measured 105 km
    assert found.group(2) == "W" and 90.0 < km < 120.0
    assert "13 km from the nearest piece" in "\n".join(debris.report_label.lines)
    window.controller.seek(300.0)  # before the loss of signal: no truth yet
    assert not debris.outline.isVisible() and not debris.report_label.isVisible()


def test_a_flight_without_a_debris_field_draws_none(window: MainWindow, nominal: Session) -> None:
    window.show_session(nominal, "nominal", t_s=500.0)
    window.commands.truth.setChecked(True)
    debris = window.page.map.teaching.debris
    assert not debris.has_field and not debris.dots and not debris.outline.isVisible()


def truth_items(window: MainWindow) -> list[QGraphicsItem]:
    """Everything the truth draws: the fall, where it landed, the field and the reports."""
    t = window.page.map.teaching
    d = t.debris
    return [t.truth, t.landed, t.landed_label, d.outline, d.area, d.report_label, *d.dots, *d.finds]


def test_a_lesson_holds_the_debris_field_back_with_the_truth(
    window: MainWindow, ms04: Session
) -> None:
    """The field and the reported area are part of the truth's reveal: while the MS-04
    lesson's truth is unanswered they stay hidden even with T on; revealing it shows them."""
    window.show_session(ms04, "ms04", t_s=390.0)
    panel = window.page.lesson_panel
    assert panel.pauses.isChecked() and ms04.lesson is not None
    assert any("truth" in c.reveals for c in ms04.lesson.cards)
    window.commands.truth.setChecked(True)
    QApplication.processEvents()
    assert "truth" in panel.held_back
    assert not any(item.isVisible() for item in truth_items(window))
    everything = ("los_verdict", "impact", "truth")
    panel.restore(tuple(range(len(ms04.lesson.cards))), everything)
    QApplication.processEvents()
    assert "truth" not in panel.held_back
    assert all(item.isVisible() for item in truth_items(window))
