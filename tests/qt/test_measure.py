"""Hovering the map, and two-point measurement on the plots and the map, in the window."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from replay.analysis.track import GroundTrack
from replay.core.flight import Flight
from replay.qt.main_window import MainWindow
from tests.qt.user import click, move

SHIFT = Qt.KeyboardModifier.ShiftModifier
EARTH_M = 6_371_008.8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Written here from the textbook, independent of the code under test."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_M * math.atan2(math.sqrt(a), math.sqrt(1 - a))


def bearing_by_vectors_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The initial bearing from unit vectors: the direction to the second point, projected on
    the local east and north at the first (another method than the code's)."""

    def unit(lat: float, lon: float) -> np.ndarray:
        la, lo = math.radians(lat), math.radians(lon)
        return np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])

    p, q = unit(lat1, lon1), unit(lat2, lon2)
    east = np.cross([0.0, 0.0, 1.0], p)
    east /= np.linalg.norm(east)
    north = np.cross(p, east)
    return math.degrees(math.atan2(float(q @ east), float(q @ north))) % 360.0


@pytest.fixture
def window(ms04_window: Callable[[float], MainWindow]) -> MainWindow:
    w = ms04_window(400.0)
    w.page.plots.set_channels(["alt_m", "v_relative_m_s", "q_kpa"])
    w.page.plots.grab()
    w.page.map.grab()
    return w


def flight_of(w: MainWindow) -> Flight:
    assert w.controller.session is not None
    return w.controller.session.flight


def track_of(w: MainWindow) -> GroundTrack:
    assert w.controller.session is not None and w.controller.session.analysis.track is not None
    return w.controller.session.analysis.track


def plot_point(w: MainWindow, name: str, t_s: float) -> QPointF:
    stack = w.page.plots
    view = stack.plot(name).view
    y = float(np.mean(view.viewRange()[1]))
    return QPointF(stack.graphics.mapFromScene(view.mapViewToScene(QPointF(t_s, y))))


def map_point(w: MainWindow, lon: float, lat: float) -> QPointF:
    m = w.page.map
    return QPointF(m.graphics.mapFromScene(m.view_box.mapViewToScene(QPointF(lon, lat))))


def test_two_shift_clicks_on_a_plot_measure_dt_dvalue_and_rate(window: MainWindow) -> None:
    bench, stack = window.page.workbench, window.page.plots
    f = flight_of(window)
    viewport = stack.graphics.viewport()
    click(viewport, plot_point(window, "alt_m", 100.0), SHIFT)
    assert "Shift+click the second point" in bench.plot_measure.label.text()
    click(viewport, plot_point(window, "q_kpa", 250.0), SHIFT)  # the first point's channel
    a, b = bench.plot_measure.points
    assert a.name == b.name == "alt_m"
    ka, kb = (int(np.searchsorted(f.t_s, p.t_s)) for p in (a, b))
    assert (f.t_s[ka], f.t_s[kb]) == (a.t_s, b.t_s)  # snapped to samples
    pixel_s = stack.plot("alt_m").view.viewPixelSize()[0]
    assert a.t_s == pytest.approx(100.0, abs=2 * pixel_s)
    assert b.t_s == pytest.approx(250.0, abs=2 * pixel_s)
    alt = f.channel("alt_m")
    assert a.value == pytest.approx(alt[ka] / 1e3) and b.value == pytest.approx(alt[kb] / 1e3)
    dt, dv = b.t_s - a.t_s, (alt[kb] - alt[ka]) / 1e3
    text = bench.plot_measure.text
    assert f"Δt {dt:+.2f} s" in text
    assert f"Δ +{dv:.1f} km" in text
    assert f"rate {dv / dt:.3g} km/s" in text  # 0.759 km/s
    assert window.controller.clock.t_s == 400.0  # measuring does not move the replay
    QApplication.sendEvent(
        stack.graphics,
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    )
    assert bench.plot_measure.points == [] and not bench.plot_measure.label.isVisible()


def test_two_shift_clicks_on_the_map_measure_great_circle_and_bearing(
    window: MainWindow,
) -> None:
    m, measure = window.page.map, window.page.workbench.map_measure
    m.view_box.setRange(xRange=(40.0, 110.0), yRange=(30.0, 70.0), padding=0)
    m.grab()
    viewport = m.graphics.viewport()
    click(viewport, map_point(window, 50.0, 60.0), SHIFT)  # far from the track: the place
    click(viewport, map_point(window, 100.0, 35.0), SHIFT)
    (la1, lo1), (la2, lo2) = measure.points
    px, py = m.view_box.viewPixelSize()
    assert lo1 == pytest.approx(50.0, abs=px)
    assert la1 == pytest.approx(60.0, abs=py)
    dist_m, bearing = measure.distance_bearing()  # type: ignore[misc]
    assert dist_m == pytest.approx(haversine_m(la1, lo1, la2, lo2), rel=1e-9)
    assert dist_m == pytest.approx(4_508e3, rel=0.01)  # by hand: cos c = 0.760, c = 40.5°
    assert bearing == pytest.approx(bearing_by_vectors_deg(la1, lo1, la2, lo2), abs=1e-6)
    assert f"{dist_m / 1e3:,.1f} km (great circle)" in measure.text
    assert f"bearing {bearing:.1f}°" in measure.text


def test_a_measure_near_the_track_snaps_to_it(window: MainWindow) -> None:
    m, bench = window.page.map, window.page.workbench
    tr = track_of(window)
    m.view_box.setRange(xRange=(60.0, 90.0), yRange=(40.0, 55.0), padding=0)
    m.grab()
    f = flight_of(window)
    i, j = (int(np.searchsorted(f.t_s, t)) for t in (150.0, 350.0))
    viewport = m.graphics.viewport()
    for k in (i, j):
        click(viewport, map_point(window, tr.lon_deg[k] + 0.05, tr.lat_deg[k]), SHIFT)
    (la1, lo1), (la2, lo2) = bench.map_measure.points
    assert abs(la1 - tr.lat_deg[i]) < 0.2 and abs(la2 - tr.lat_deg[j]) < 0.2
    assert la1 in tr.lat_deg and la2 in tr.lat_deg  # on samples of the track
    dist_m, _ = bench.map_measure.distance_bearing()  # type: ignore[misc]
    assert dist_m == pytest.approx(haversine_m(la1, lo1, la2, lo2), rel=1e-9)


def test_hovering_the_map_and_the_plots_marks_the_same_moment(window: MainWindow) -> None:
    m, bench = window.page.map, window.page.workbench
    tr = track_of(window)
    f = flight_of(window)
    m.view_box.setRange(xRange=(60.0, 90.0), yRange=(40.0, 55.0), padding=0)
    m.grab()
    k = int(np.searchsorted(f.t_s, 200.0))
    move(m.graphics.viewport(), map_point(window, tr.lon_deg[k], tr.lat_deg[k]))
    hover = bench.map_hover
    assert abs(hover.index - k) <= 25  # within a pixel or so of the sample under the mouse
    t = f.t_s[hover.index]
    assert hover.shown.startswith(f"T{t:+.1f} s  {tr.alt_m[hover.index] / 1e3:.1f} km")
    assert bench.crosshair.t_s == t  # the plots show the same moment
    assert window.controller.clock.t_s == 400.0
    # Hovering ahead of the replay on the map finds nothing: the track is not drawn there.
    window.controller.seek(250.0)
    k_late = int(np.searchsorted(f.t_s, 350.0))
    move(m.graphics.viewport(), map_point(window, tr.lon_deg[k_late], tr.lat_deg[k_late]))
    assert hover.index == -1
    # Hovering the plots marks the sample at that time on the map.
    bench.crosshair.hovered.emit(200.0)
    j = int(np.searchsorted(f.t_s, 200.0, side="right")) - 1
    assert hover.index == j
