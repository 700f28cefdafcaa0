"""The ground-track map shows what happened up to the replay time, and nothing after it."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from replay.analysis.flight_analysis import analyze
from replay.core.flight import Flight, FlightMeta, LaunchSite
from replay.geo import sun
from replay.physics.geodesy import ecef_from_geodetic
from replay.qt.map_items import Marker, PathItem, TracePrefix
from replay.qt.map_label import Label
from replay.qt.map_view import GroundTrackMap
from replay.session import Session


@pytest.fixture
def view(qtbot: QtBot) -> GroundTrackMap:
    w = GroundTrackMap()
    qtbot.addWidget(w)
    w.resize(1400, 800)
    return w


def _finite_jumps(x: np.ndarray) -> np.ndarray:
    both = np.isfinite(x[:-1]) & np.isfinite(x[1:])
    jumps: np.ndarray = np.abs(np.diff(x))[both]
    return jumps


def test_track_and_vehicle_are_drawn_up_to_the_replay_time(
    view: GroundTrackMap, ms04: Session
) -> None:
    view.set_session(ms04)
    tr = ms04.analysis.track
    assert tr is not None
    for t in (200.0, 100.0, 300.5):  # backwards too
        view.seek(t)
        i = ms04.flight.index_at(t)
        x, y = view.track.drawn()
        assert (x[-1], y[-1]) == (tr.lon_deg[i], tr.lat_deg[i])
        assert view.vehicle_position == (tr.lon_deg[i], tr.lat_deg[i])
        assert view.vehicle.isVisible()
        trace = view.track.trace
        assert trace is not None
        kept = trace.idx[trace.idx <= i]
        assert np.array_equal(x[np.isfinite(x)][: kept.size], tr.lon_deg[kept])
        assert x.size <= kept.size + 2  # nothing from after t


def test_iip_trace_ends_at_the_current_impact_point(view: GroundTrackMap, ms04: Session) -> None:
    view.set_session(ms04)
    iip = ms04.analysis.iip
    assert iip is not None
    view.seek(250.0)
    i = ms04.flight.index_at(250.0)
    x, y = view.iip.drawn()
    assert (x[-1], y[-1]) == (iip.lon_deg[i], iip.lat_deg[i])
    assert view.iip_marker.isVisible()
    assert (view.iip_marker.pos().x(), view.iip_marker.pos().y()) == (x[-1], y[-1])


def test_nothing_is_drawn_before_the_first_sample(view: GroundTrackMap, ms04: Session) -> None:
    view.set_session(ms04)
    view.seek(-60.0)
    assert view.track.drawn()[0].size == 0
    assert not view.vehicle.isVisible()
    assert not view.end.flag.isVisible()


def test_flag_and_impact_zone_appear_only_after_the_loss_of_signal(
    view: GroundTrackMap, ms04: Session
) -> None:
    view.set_session(ms04)
    # At 382.0 the last frame has just arrived; then a frame is overdue, a DROPOUT to the ground,
    # until the watchdog's 5 s of silence declare the loss at 387.0.
    for t in (300.0, 381.9, 382.0, 383.0, 386.9):
        view.seek(t)
        assert not view.end.flag.isVisible(), t
        assert not view.end.zone.isVisible(), t
    assert not view.los_flag_visible()
    view.seek(387.0)
    assert view.los_flag_visible()
    assert "Kazakhstan" in view.los_flag_text() and "Tyva" in view.impact_text()
    for item in (view.end.flag, view.end.label, view.end.line, view.end.zone):
        assert item.isVisible()
    los = ms04.analysis.los
    assert los is not None
    assert (view.end.flag.pos().x(), view.end.flag.pos().y()) == (los.lon_deg, los.lat_deg)
    text = " ".join(view.end.label.lines)
    assert "T+06:22.0" in text and "191 km" in text and "Aksu-Ayuly" in text
    assert "Shagonar" in " ".join(view.end.impact_label.lines)
    assert "unexpected: Sary-Shagan still had the vehicle" in text  # why it was not geometry
    assert view.end.impact_label.lines[0] == "PREDICTED IMPACT ZONE"
    assert not view.events.label.isVisible()  # the flag tells the story now
    view.seek(300.0)
    assert not view.end.flag.isVisible()
    assert view.events.label.isVisible()


def test_following_frames_the_flag_and_the_impact_zone(view: GroundTrackMap, ms04: Session) -> None:
    view.set_session(ms04)
    view.seek(500.0)
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    impact = ms04.analysis.impact
    assert impact is not None
    for p in impact.zone.points:
        assert x0 < p.lon_deg < x1 and y0 < p.lat_deg < y1


def test_stations_light_up_while_they_see_the_vehicle(view: GroundTrackMap, ms04: Session) -> None:
    view.set_session(ms04)
    view.seek(382.0)
    assert "Sary-Shagan" in view.stations.lit_names()
    assert "Yeniseysk" not in view.stations.lit_names()  # never in view on this flight
    view.seek(60.0)
    assert view.stations.lit_names() == ["Baikonur IP-1"]  # Sary-Shagan rises at T+154.8
    view.seek(500.0)
    assert view.stations.lit_names() == []  # nobody hears a silent vehicle


def test_station_circles_grow_with_altitude(view: GroundTrackMap, ms04: Session) -> None:
    view.set_session(ms04)
    view.seek(30.0)
    low = view.stations._dim.path().boundingRect().width()
    view.seek(150.0)
    high = view.stations._dim.path().boundingRect().width()
    assert high > low > 0


def test_a_track_across_the_antimeridian_runs_on_into_the_next_world(
    view: GroundTrackMap,
) -> None:
    """From 172°E eastwards across 180° (as from Mahia): the map's world repeats, so the track,
    the vehicle, the flag and the impact zone are drawn on past 180°, never across the map."""
    t = np.arange(0.0, 400.0, 0.04)
    lat = 10.0 + 0.01 * t
    lon_cont = 172.0 + 0.04 * t  # 172°E → 188°E, i.e. across 180° to 172°W
    lon = (lon_cont + 180.0) % 360.0 - 180.0
    alt = 150e3 + 100.0 * t
    xyz = ecef_from_geodetic(lat, lon, alt)
    vel = np.gradient(xyz, t, axis=0)
    names = ("x_ecef_m", "y_ecef_m", "z_ecef_m", "vx_ecef_m_s", "vy_ecef_m_s", "vz_ecef_m_s")
    chans = dict(zip(names, [*xyz.T, *vel.T], strict=True))
    chans.update(lat_deg=lat, lon_deg=lon, alt_m=alt, frame=np.arange(t.size))
    units = {n: "m" for n in chans} | {"lat_deg": "deg", "lon_deg": "deg", "frame": "1"}
    units.update({n: "m/s" for n in names[3:]})
    meta = FlightMeta(
        launch_utc=datetime(2016, 12, 1, 12, tzinfo=UTC),
        site=LaunchSite("Sea", 10.0, 172.0),
        recording_end_s=460.0,  # the ground listened on: the end of the data is a loss
    )
    flight = Flight(t, chans, units, meta)
    session = Session(flight, analyze(flight, places=False))
    assert session.analysis.los is not None and session.analysis.impact is not None
    view.set_session(session)
    view.seek(399.0)
    x, _ = view.track.drawn()
    assert x.size and not np.isnan(x).any()  # one line, not cut at the map's edge...
    assert _finite_jumps(x).max() < 1.0  # ...and no segment spans the world
    assert x[0] == pytest.approx(172.0) and x[-1] > 187.5
    vehicle = view.vehicle_position
    assert vehicle is not None and vehicle[0] == pytest.approx(172.0 + 0.04 * 399.0)
    lo, hi = view.view_box.viewRange()[0]
    assert lo < vehicle[0] < hi  # followed into the next copy of the world
    iip_x = view.iip.drawn()[0]
    assert iip_x.size > 1 and _finite_jumps(iip_x).max() < 180.0
    view.seek(430.0)  # after the loss
    assert view.los_flag_visible()
    flag_x, impact_x = view.end.flag.pos().x(), view.end.impact.pos().x()
    assert flag_x == pytest.approx(lon_cont[-1], abs=0.01)
    assert abs(impact_x - flag_x) < 30.0  # beside the flag, not a world away
    for item in (view.end.zone, view.end.line):  # neither spans the world
        bounds = item.path().boundingRect()
        assert bounds.width() < 30.0 and bounds.left() > 170.0
    view.show_world()  # centred on the track, which it holds whole
    lo, hi = view.view_box.viewRange()[0]
    assert lo < 172.0 and hi > 188.0 and (lo + hi) / 2 == pytest.approx(180.0, abs=1.0)
    view.grab()  # paints without error


def test_the_world_view_of_an_ordinary_flight_is_centred_on_greenwich(
    view: GroundTrackMap, ms04: Session
) -> None:
    view.set_session(ms04)
    view.show_world()
    lo, hi = view.view_box.viewRange()[0]
    assert (lo + hi) / 2 == pytest.approx(0.0, abs=1.0) and hi - lo > 200.0


def test_trace_prefix_keeps_both_sides_of_every_break() -> None:
    rng = np.random.default_rng(3)
    n = 200_000
    lon = np.cumsum(rng.normal(0.02, 0.05, n)) % 360.0 - 180.0
    lat = np.sin(np.linspace(0, 20, n)) * 50.0
    lat[5000:5100] = np.nan
    trace = TracePrefix.build(lon, lat)
    assert trace.idx.size < 20_000
    assert _finite_jumps(trace.x).max() < 180.0
    assert np.isfinite(lat[trace.idx]).all()  # NaN runs are gaps, not vertices
    assert {4999, 5100} <= set(trace.idx.tolist())  # both ends of the gap
    for i in (0, 4999, 5000, 5050, 5100, 77_777, n - 1):
        count, anchor = trace.upto(i)
        assert 0 <= anchor <= i and trace.x[count - 1] == lon[anchor]
    empty = TracePrefix.build(np.full(1000, np.nan), np.full(1000, np.nan))
    assert empty.idx.size == 0 and empty.upto(500) == (0, -1)


def test_follow_keeps_the_vehicle_in_view(
    qtbot: QtBot, view: GroundTrackMap, nominal: Session
) -> None:
    view.set_session(nominal)
    assert view.following
    view.view_box.scaleBy((0.25, 0.25))  # zoomed in: the vehicle leaves the view if not followed
    view.view_box.zoomed.emit()
    width = np.diff(view.view_box.viewRange()[0])[0]
    for t in np.arange(0.0, 600.0, 7.0):
        view.seek(float(t))
        (x0, x1), (y0, y1) = view.view_box.viewRange()
        pos = view.vehicle_position
        assert pos is not None
        assert x0 < pos[0] < x1 and y0 < pos[1] < y1, t
        assert np.diff(view.view_box.viewRange()[0])[0] == pytest.approx(width)  # zoom kept
    with qtbot.waitSignal(view.follow_changed) as changed:
        view.view_box.panned.emit()  # a drag with the mouse
    assert changed.args == [False] and not view.following
    before = view.view_box.viewRange()
    view.seek(100.0)
    assert view.view_box.viewRange() == before  # the user's view is left alone
    view.set_follow(True)
    pos = view.vehicle_position
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    assert pos is not None and x0 < pos[0] < x1 and y0 < pos[1] < y1


def test_night_side_is_shaded_for_the_flight_utc(view: GroundTrackMap, ms04: Session) -> None:
    view.set_session(ms04)
    view.seek(0.0)
    assert view.night.fill.isVisible()
    epoch = ms04.flight.meta.launch_utc
    assert epoch is not None
    lat_s, lon_s = sun.subsolar_point(epoch)
    # Redrawn every 20 s of replay time: the Sun moves 0.08° in that time.
    assert view.night.subsolar == pytest.approx((lat_s, lon_s), abs=0.1)
    # 14:52 UTC on 1 December: dusk is long past at Baikonur, so the pad is in the shade...
    assert view.night.fill.path().contains(view.vehicle.pos())
    # ...and the subsolar point, over Brazil, is not.
    assert not view.night.fill.path().contains(QPointF(lon_s, lat_s))


def test_event_markers_appear_as_events_happen(view: GroundTrackMap, ms04: Session) -> None:
    view.set_session(ms04)
    view.seek(100.0)
    shown = [m for m in view.view_box.childGroup.childItems() if isinstance(m, Marker)]
    events = view.events.markers
    assert sum(m.isVisible() for m in events) == 2  # lift-off and max-Q
    assert set(events) <= set(shown)
    assert "Max-Q" in " ".join(view.events.label.lines)
    view.seek(290.0)
    assert sum(m.isVisible() for m in events) == 5  # the three at T+287 share one marker


def test_labels_are_readable_on_a_projector(view: GroundTrackMap, ms04: Session) -> None:
    view.set_session(ms04)
    view.seek(400.0)
    labels = [i for i in view.view_box.childGroup.childItems() if isinstance(i, Label)]
    assert len(labels) >= 10
    assert all(label.point_size >= 11 for label in labels)


def test_a_new_session_replaces_the_old_one(
    view: GroundTrackMap, ms04: Session, nominal: Session
) -> None:
    view.set_session(ms04)
    view.seek(500.0)
    view.set_session(nominal)
    view.seek(500.0)
    assert not view.end.flag.isVisible()  # the nominal flight never lost its signal
    view.set_session(None)
    view.seek(10.0)
    assert view.track.drawn()[0].size == 0
    assert not view.vehicle.isVisible()
    pixmap = view.grab()
    assert (pixmap.width(), pixmap.height()) == (1400, 800)


def test_a_flight_without_position_shows_the_world(view: GroundTrackMap) -> None:
    t = np.arange(0.0, 20.0, 0.04)
    meta = FlightMeta(launch_utc=None, site=None)
    flight = Flight(
        t, {"frame": np.arange(t.size), "q_pa": t * 10.0}, {"frame": "1", "q_pa": "Pa"}, meta
    )
    session = Session(flight, analyze(flight, places=False))
    assert session.analysis.track is None
    view.set_session(session)
    view.seek(10.0)
    assert view.vehicle_position is None and not view.vehicle.isVisible()
    assert not view.night.fill.isVisible()  # no epoch, no Sun
    view.grab()  # lays the widget out at its size
    assert view.view_box.viewRange()[0] == pytest.approx([-180.0, 180.0], abs=1.0)


def test_an_expected_loss_is_labelled_as_geometry(view: GroundTrackMap, htv6: Session) -> None:
    """HTV-6 flew on to orbit: its loss of signal was the last station setting, and the
    impact point is where it would have fallen without thrust, not a crash site."""
    view.set_session(htv6)
    los = htv6.analysis.los
    assert los is not None and los.expected is True
    view.seek(los.t_s + 5.0)
    text = " ".join(view.end.label.lines)
    assert "expected: the last station" in text and "was setting" in text
    assert view.end.impact_label.lines[0] == "IMPACT IF THRUST STOPPED"


def test_a_trace_broken_everywhere_stays_within_its_budget() -> None:
    rng = np.random.default_rng(3)
    n = 2_000_000
    lon = np.linspace(60.0, 120.0, n)
    lat = np.linspace(45.0, 50.0, n)
    lat[rng.integers(0, n, 5_000)] = np.nan  # NaN sprinkled through, as a noisy IIP has
    trace = TracePrefix.build(lon, lat, max_vertices=4000)
    assert trace.x.size <= 4 * 4000
    joined = np.isfinite(trace.x[:-1]) & np.isfinite(trace.x[1:])
    assert np.all(np.diff(trace.x)[joined] < 1.0)  # no line across a break
    clean = np.linspace(45.0, 50.0, n)
    runs = TracePrefix.build(lon, np.where((lon > 80) & (lon < 90), np.nan, clean))
    assert runs.x.size <= 4000 + 10 and np.isnan(runs.x).sum() == 1  # one gap, kept as one


def test_a_line_dirties_only_the_pixels_round_it_however_far_zoomed_in(
    view: GroundTrackMap, ms04: Session
) -> None:
    """Paths are padded by a few pixels at the view's scale, not a fixed half degree: zoomed
    in to a degree, a fixed margin would be the whole map, repainted at every frame."""
    view.set_session(ms04)
    view.grab()  # laid out at its size
    view.set_follow(False)
    view.set_home((63.0, 64.0, 45.6, 46.1))
    view.seek(60.0)
    view.grab()
    vb = view.view_box
    px_deg = max(abs(float(v)) for v in vb.viewPixelSize())
    items = vb.childGroup.childItems()
    paths = [i for i in items if isinstance(i, PathItem) and not i.path().isEmpty()]
    assert len(paths) >= 10  # track and IIP chunks, station circles, the night side...
    for item in paths:
        pad_px = (item.boundingRect().width() - item.path().controlPointRect().width()) / px_deg
        # MARGIN_PX each side, rounded up to a power of two degrees: at most twice that.
        assert 2 * PathItem.MARGIN_PX <= pad_px <= 4 * PathItem.MARGIN_PX + 1e-6
