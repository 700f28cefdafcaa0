"""Map labels: kept inside the view, and the lesson's labels placed clear of the others."""

from __future__ import annotations

import pyqtgraph as pg
from pytestqt.qtbot import QtBot

from replay.qt.map_items import add_to
from replay.qt.map_label import Label, place_clear


def _view(qtbot: QtBot) -> tuple[pg.PlotWidget, pg.ViewBox]:
    w = pg.PlotWidget()
    qtbot.addWidget(w)
    w.resize(600, 400)
    w.show()
    qtbot.waitExposed(w)
    vb = w.getViewBox()
    vb.setRange(xRange=(0.0, 100.0), yRange=(0.0, 100.0), padding=0.0)
    return w, vb


def test_a_label_near_the_edge_slides_inside_the_view(qtbot: QtBot) -> None:
    _w, vb = _view(qtbot)
    label = add_to(vb, Label(["A LONG TITLE THAT WOULD RUN OFF", "the right-hand edge"]), 5)
    label.setPos(98.0, 50.0)
    label.set_placement((0.0, 1.0), (8.0, -8.0))
    view = vb.mapRectToDevice(vb.boundingRect())
    assert label.screen_rect(vb).right() > view.right()  # as placed, it sticks out
    label.fit_into(vb)
    assert view.contains(label.screen_rect(vb))


def test_place_clear_moves_a_label_off_the_others(qtbot: QtBot) -> None:
    _w, vb = _view(qtbot)
    live = add_to(vb, Label(["LOSS OF SIGNAL", "covers up-left of the point"]), 5)
    live.setPos(50.0, 50.0)
    live.set_placement((1.0, 1.0), (-10.0, -10.0))
    lesson = add_to(vb, Label(["FIRST DIVERGENCE", "would sit on it"]), 5)
    lesson.setPos(50.0, 50.0)
    taken = [live.screen_rect(vb)]
    place_clear(lesson, vb, taken)
    assert not lesson.screen_rect(vb).intersects(taken[0])
    below = add_to(vb, Label(["SITE", "down-left of the point"]), 5)
    below.setPos(50.0, 50.0)
    below.set_placement((1.0, 0.0), (-10.0, 10.0))
    taken.append(below.screen_rect(vb))
    place_clear(lesson, vb, taken)
    assert not any(lesson.screen_rect(vb).intersects(r) for r in taken)


def test_place_clear_keeps_a_label_at_home_when_nothing_is_there(qtbot: QtBot) -> None:
    _w, vb = _view(qtbot)
    home = ((0.0, 0.0), (10.0, 10.0))  # down-right of the point: not the first corner tried
    site = add_to(vb, Label(["SITE"]), 5)
    site.setPos(30.0, 50.0)
    place_clear(site, vb, [], home)
    at_home = site.screen_rect(vb)
    point = vb.mapViewToDevice(pg.QtCore.QPointF(30.0, 50.0))
    assert at_home.left() > point.x() and at_home.top() > point.y()
    flag = add_to(vb, Label(["LOSS OF SIGNAL", "covers the site's home"]), 5)
    flag.setPos(30.0, 50.0)
    flag.set_placement((0.0, 0.0), (5.0, 5.0))
    place_clear(site, vb, [flag.screen_rect(vb)], home)
    assert not site.screen_rect(vb).intersects(flag.screen_rect(vb))
    place_clear(site, vb, [], home)  # the flag gone (a seek back): home again
    assert site.screen_rect(vb) == at_home
