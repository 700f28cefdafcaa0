"""Map labels never overlap each other or the vehicle, and never run off the view (issue 14).

The real window is played through MS-04 and Antares Orb-3 at projector sizes, at a desk and
presenting, following the vehicle and in World view, with the truth shown after the loss of
signal: at every time, the boxes of the labels drawn are inside the map and none covers another
or the vehicle marker. What is measured is what is painted: each item's own device transform.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QRectF, QSettings
from PySide6.QtWidgets import QApplication, QGraphicsItem
from pytestqt.qtbot import QtBot

from replay.qt.main_window import MainWindow
from replay.qt.map_label import Label
from replay.qt.map_view import GroundTrackMap
from tests.qt.conftest import _session

CASES = [
    pytest.param("progress-ms-04", (1280, 720), False, id="ms04-1280x720-desk"),
    pytest.param("progress-ms-04", (1280, 720), True, id="ms04-1280x720-presenting"),
    pytest.param("progress-ms-04", (1024, 768), True, id="ms04-1024x768-presenting"),
    pytest.param("progress-ms-04", (1600, 950), False, id="ms04-1600x950-desk"),
    pytest.param("antares-orb-3", (1280, 720), False, id="orb3-1280x720-desk"),
    pytest.param("antares-orb-3", (1024, 768), True, id="orb3-1024x768-presenting"),
]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    yield w
    if w.presenting:
        w.set_presentation(False)
    w.close()


def painted(m: GroundTrackMap, item: QGraphicsItem, rect: QRectF) -> QRectF:
    """Where ``rect`` (item coordinates) of ``item`` is painted in the map's view."""
    return item.deviceTransform(m.graphics.viewportTransform()).mapRect(rect)


def labels_drawn(m: GroundTrackMap) -> list[tuple[str, QRectF]]:
    return [
        (item.lines[0], painted(m, item, item.box_rect()))
        for item in m.view_box.childGroup.childItems()
        if isinstance(item, Label) and item.on_map
    ]


def check(m: GroundTrackMap, when: str) -> int:
    """Assert that the labels drawn are clear of each other and the vehicle; how many."""
    vb = m.view_box
    view = QRectF(vb.mapRectToScene(vb.boundingRect()).toRect())
    drawn = labels_drawn(m)
    for k, (name, rect) in enumerate(drawn):
        assert view.contains(rect), f"{when}: {name!r} runs off the map ({rect}, {view})"
        for other, other_rect in drawn[k + 1 :]:
            both = rect.intersected(other_rect)
            assert both.isEmpty(), f"{when}: {name!r} covers {other!r}"
        if m.vehicle.isVisible():
            car = painted(m, m.vehicle, m.vehicle.boundingRect())
            assert rect.intersected(car).isEmpty(), f"{when}: {name!r} covers the vehicle"
    return len(drawn)


@pytest.mark.parametrize(("sid", "size", "presenting"), CASES)
def test_map_labels_never_overlap_each_other_or_the_vehicle(
    window: MainWindow, sid: str, size: tuple[int, int], presenting: bool
) -> None:
    session = _session(sid)
    w = window
    w.resize(*size)
    w.show()
    w.show_session(session, sid, t_s=0.0)
    if presenting:
        w.set_presentation(True)
        w.showNormal()
        w.resize(*size)
    QApplication.processEvents()
    m = w.page.map
    last = float(session.flight.t_s[-1])
    times = np.unique(np.concatenate([np.linspace(session.start_s, last + 30.0, 40), [last]]))
    shown = 0
    for world in (False, True):
        for truth in (False, True):
            w.commands.truth.setChecked(truth)
            (m.show_world if world else m.fit_flight)()
            w.commands.follow.setChecked(not world)
            for t in times:
                w.controller.seek(float(t))
                QApplication.processEvents()
                view = "world" if world else "following"
                shown += check(m, f"{sid} T{t:+.1f} {view} truth={truth}")
    assert shown > 5 * len(times)  # labels there were, not an empty map
