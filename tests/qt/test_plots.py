"""The plot stack: what the plots show at a replay time, gaps, markers, limits and the menus."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from replay.analysis.flight_analysis import analyze
from replay.core.flight import Flight
from replay.qt import theme
from replay.qt.plot_channel import default_channels
from replay.qt.plot_items import blend
from replay.qt.plots import PlotStack
from replay.session import Session


def _stack(qtbot: QtBot, session: Session) -> PlotStack:
    stack = PlotStack()
    qtbot.addWidget(stack)
    stack.resize(1100, 800)
    stack.set_session(session)
    stack.grab()  # lays the plots out at their size, as showing would
    return stack


def _crosses(x: np.ndarray, y: np.ndarray, a: float, b: float) -> bool:
    """Whether the drawn line joins a point at or before ``a`` to one at or after ``b``."""
    ok = np.isfinite(y)
    joined = ok[:-1] & ok[1:]
    return bool(np.any(joined & (x[:-1] <= a) & (x[1:] >= b)))


def _to_widget(stack: PlotStack, view: object, t: float, y: float) -> QPoint:
    scene = view.mapViewToScene(QPointF(t, y))  # type: ignore[attr-defined]
    return QPoint(stack.graphics.mapFromScene(scene))


def test_curves_stop_at_the_replay_time_with_the_cursor(qtbot: QtBot, ms04: Session) -> None:
    stack = _stack(qtbot, ms04)
    assert stack.channels() == ["alt_m", "v_relative_m_s", "accel_axial_g", "q_kpa"]
    stack.seek(100.0)
    for name in stack.channels():
        plot = stack.plot(name)
        x, y = plot.data()
        assert x.size > 100 and np.isfinite(y).any()
        assert x.max() <= 100.0
        assert x.min() <= ms04.start_s + 1.0  # the whole flight so far
        assert plot.cursor.value() == 100.0
    assert stack.strips.cursor.value() == 100.0
    _, alt_km = stack.plot("alt_m").data()
    at_100 = ms04.flight.channel("alt_m")[ms04.flight.index_at(100.0)]
    assert np.nanmax(alt_km) == pytest.approx(at_100 / 1e3)  # shown in km
    lo, hi = stack.visible_range()
    assert lo == ms04.start_s and 100.0 < hi < 130.0  # following: the flight so far


def test_a_dropout_breaks_the_curve_and_the_strip(qtbot: QtBot, ms04: Session) -> None:
    stack = _stack(qtbot, ms04)
    assert stack.strips.strip.spans is not None
    gap = ms04.analysis.signal.dropouts[2]  # 13 frames lost at staging, T+117.96 to T+118.52
    stack.seek(200.0)
    for name in stack.channels():
        x, y = stack.plot(name).data()
        assert not _crosses(x, y, gap.t_start_s, gap.t_end_s), name
        assert np.isnan(y).any()
    # Zoomed in to the samples themselves: a NaN between the last good sample and the next.
    stack.set_following(False)
    stack.strips.strip_view.setXRange(gap.t_start_s - 1.0, gap.t_end_s + 1.0, padding=0)
    x, y = stack.plot("accel_axial_g").data()
    inside = (x > gap.t_start_s) & (x < gap.t_end_s)
    assert inside.any() and np.isnan(y[inside]).all()
    assert gap.t_start_s in x and gap.t_end_s in x
    assert not _crosses(x, y, gap.t_start_s, gap.t_end_s)
    # The strip: no received span covers the gap, and the dropout is listed.
    rx_a, rx_b = stack.strips.strip.spans.received(200.0)
    mid = 0.5 * (gap.t_start_s + gap.t_end_s)
    assert not np.any((rx_a < mid) & (rx_b > mid))
    d_a, d_b = stack.strips.strip.spans.dropouts(200.0)
    assert (gap.t_start_s, gap.t_end_s) in zip(d_a.tolist(), d_b.tolist(), strict=True)


def test_a_one_frame_dropout_shows_in_the_strip_at_full_zoom(qtbot: QtBot, ms04: Session) -> None:
    stack = _stack(qtbot, ms04)
    gap = next(g for g in ms04.analysis.signal.dropouts if g.frames_missed == 1)
    stack.seek(ms04.end_s)  # the whole recording on about 1,000 pixels: the gap is 0.1 px
    pixel = _to_widget(stack, stack.strips.strip_view, gap.t_start_s, 0.5)
    image = stack.graphics.grab().toImage()
    colours = {image.pixelColor(pixel.x() + dx, pixel.y()).name() for dx in (0, 1)}
    assert QColor(theme.DROPOUT).name() in colours
    # ... and received data either side of it.
    left = image.pixelColor(pixel.x() - 6, pixel.y()).name()
    assert left == blend(theme.AOS, 170).name()


def test_the_loss_of_signal_appears_once_reached(qtbot: QtBot, ms04: Session) -> None:
    stack = _stack(qtbot, ms04)
    assert ms04.analysis.los is not None and stack.strips.strip.spans is not None
    los = ms04.analysis.los.t_s
    stack.seek(380.0)
    assert not stack.los_marker_visible()
    for name in stack.channels():
        assert stack.plot(name).backdrop.los is None
        assert stack.plot(name).shade.spans == []
    assert stack.strips.strip.spans.silence(380.0) is None
    stack.seek(390.0)
    assert stack.los_marker_visible()
    for name in stack.channels():
        plot = stack.plot(name)
        assert plot.backdrop.los == los
        assert [(a, b) for a, b, _ in plot.shade.spans] == [(los, 390.0)]
    # Red from when the watchdog declared it; amber (overdue) from the last frame until then.
    declared = los + ms04.watchdog_s
    assert stack.strips.strip.spans.silence(390.0) == (declared, 390.0)
    assert stack.strips.strip.spans.overdue(390.0) == (los, declared)
    stack.seek(384.0)
    assert not stack.los_marker_visible()
    assert stack.strips.strip.spans.silence(384.0) is None
    assert stack.strips.strip.spans.overdue(384.0) == (los, 384.0)
    stack.seek(390.0)
    stack.grab()
    assert any(mark.kind == "los" for mark, _, _ in stack.strips.lane.drawn)
    stack.seek(300.0)  # and back before it
    assert stack.plot("alt_m").backdrop.los is None


def test_event_markers_and_labels_only_once_passed(qtbot: QtBot, ms04: Session) -> None:
    stack = _stack(qtbot, ms04)
    stack.seek(100.0)
    passed = sorted({e.t_s for e in ms04.analysis.events if e.t_s <= 100.0})
    assert passed == pytest.approx([0.0, 62.997], abs=1e-3)
    assert stack.plot("q_kpa").backdrop.shown_events() == passed == stack.event_markers_shown()
    stack.grab()
    assert [m.text for m, _, _ in stack.strips.lane.drawn] == ["Lift-off", "Max-Q"]
    stack.seek(300.0)
    stack.grab()
    texts = [m.text for m, _, _ in stack.strips.lane.drawn]
    assert "Strap-on boosters cut-off, separation" in texts
    assert "Blok I tail section jettison" in texts
    assert len(stack.plot("alt_m").backdrop.shown_events()) == 6  # distinct times passed
    # Labels in one row never overlap, on a narrow window too.
    for width in (1100, 700):
        stack.resize(width, 600)
        stack.grab()
        rows: dict[int, list[tuple[float, float]]] = {}
        for _, row, span in stack.strips.lane.drawn:
            rows.setdefault(row, []).append(span)
        for spans in rows.values():
            spans.sort()
            assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))
        assert len(stack.strips.lane.drawn) >= 5


def test_add_and_remove_channels(qtbot: QtBot, ms04: Session) -> None:
    stack = _stack(qtbot, ms04)
    stack.seek(120.0)
    stack.add_channel("mach")
    assert stack.channels()[-1] == "mach"
    x, y = stack.plot("mach").data()
    assert x.max() <= 120.0 and np.nanmax(y) > 1.0
    stack.add_channel("mach")
    assert stack.channels().count("mach") == 1
    with pytest.raises(KeyError, match="no channel"):
        stack.add_channel("no_such_channel")
    gone = stack.plot("q_kpa")
    stack.remove_channel("q_kpa")
    assert "q_kpa" not in stack.channels()
    assert gone.view.linkedView(0) is None  # no longer follows the time axis
    stack.remove_channel("q_kpa")  # not shown: nothing happens
    colours = [stack.plot(n).colour for n in stack.channels()]
    assert len(set(colours)) == len(colours)

    # From the right-click menu of a plot ...
    menu = stack._stack_menu("alt_m")
    remove = next(a for a in menu.actions() if a.text() == "Remove Altitude (km)")
    remove.trigger()
    assert "alt_m" not in stack.channels()
    # ... and from the "+ Channel" button's menu, which lists every channel of the flight.
    stack.bar.add_menu.aboutToShow.emit()
    actions = {a.text(): a for a in stack.bar.add_menu.actions()}
    assert len(actions) == len(ms04.flight.channels)
    assert actions["Dynamic pressure (kPa)"].isChecked() is False
    actions["Dynamic pressure (kPa)"].setChecked(True)
    assert stack.channels()[-1] == "q_kpa"
    actions["Mach number"].setChecked(False)
    assert "mach" not in stack.channels()


def test_limit_bands(qtbot: QtBot, ms04: Session) -> None:
    stack = _stack(qtbot, ms04)
    bands = [(lo, hi) for lo, hi, _ in stack.plot("q_kpa").backdrop.bands]
    assert bands == [(45.0, 50.0), (50.0, math.inf)]  # caution amber, then warning red
    brushes = [b.color().name() for _, _, b in stack.plot("q_kpa").backdrop.bands]
    assert brushes == [blend(theme.CAUTION, 60).name(), blend(theme.WARNING, 70).name()]
    assert stack.plot("accel_axial_g").backdrop.bands
    assert stack.plot("alt_m").backdrop.bands == []
    # Near max-Q the Y range reaches up to the caution band, so the margin is in sight.
    stack.seek(70.0)
    _lo, hi = stack.plot("q_kpa").view.viewRange()[1]
    assert hi > 45.0


def test_the_time_axis_follows_until_the_user_zooms(qtbot: QtBot, ms04: Session) -> None:
    stack = _stack(qtbot, ms04)
    stack.seek(100.0)
    assert stack.following()
    stack.seek(300.0)
    lo, hi = stack.visible_range()
    assert lo == ms04.start_s and hi > 300.0
    # A user zoom (the view box reports it) holds the range while the replay goes on.
    stack.strips.strip_view.setXRange(50.0, 80.0, padding=0)
    stack.plot("alt_m").view.sigRangeChangedManually.emit([True, False])
    assert not stack.following()
    assert not stack.bar.follow_button.isChecked()
    stack.seek(350.0)
    assert stack.visible_range() == pytest.approx((50.0, 80.0))
    x, _ = stack.plot("alt_m").data()
    assert x.min() < 50.0 + 1 and x.max() < 80.0 + 1  # only what is in view
    # The button follows again.
    stack.bar.follow_button.click()
    assert stack.following()
    assert stack.visible_range()[0] == ms04.start_s
    # The sliding window.
    stack.set_following(True, 60.0)
    lo, hi = stack.visible_range()
    assert hi - lo == pytest.approx(60.0) and lo < 350.0 < hi


def _double_click(widget: QWidget, at: QPoint) -> None:
    """What Qt delivers for a double-click: press, release, double-click (no press), release."""
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, left),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
        (QEvent.Type.MouseButtonDblClick, left),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        pos = QPointF(at)
        event = QMouseEvent(kind, pos, widget.mapToGlobal(pos), left, buttons, none)
        QApplication.sendEvent(widget, event)


def test_clicks_ask_to_seek(qtbot: QtBot, ms04: Session) -> None:
    stack = _stack(qtbot, ms04)
    stack.show()
    stack.seek(300.0)
    stack.grab()
    viewport = stack.graphics.viewport()
    at = _to_widget(stack, stack.plot("alt_m").view, 120.0, 50.0)
    with qtbot.waitSignal(stack.seek_requested, timeout=1000) as got:
        _double_click(viewport, at)
    assert got.args[0] == pytest.approx(120.0, abs=1.0)
    # A click on the time axis, under the signal strip.
    axis = stack.strips.time_axis
    below = axis.mapToScene(axis.boundingRect().center())
    x = stack.graphics.mapFromScene(stack.strips.strip_view.mapViewToScene(QPointF(200.0, 0.5))).x()
    at = QPoint(x, stack.graphics.mapFromScene(below).y())
    with qtbot.waitSignal(stack.seek_requested, timeout=1000) as got:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=at)
    assert got.args[0] == pytest.approx(200.0, abs=1.0)
    stack.close()


def test_a_foreign_file_plots_its_own_channels(qtbot: QtBot) -> None:
    t = np.arange(0.0, 60.0, 0.1)
    t = np.delete(t, np.s_[200:230])  # three seconds lost
    channels = {
        "frame": np.arange(t.size),
        "tank_temp_k": 90.0 + np.sin(t),
        "bus_volts": 28.0 + 0.1 * np.cos(t),
        "label": np.array(["x"] * t.size),
    }
    units = {"frame": "1", "tank_temp_k": "K", "bus_volts": "V", "label": ""}
    flight = Flight(t, channels, units)
    session = Session(flight, analyze(flight, places=False), {})
    assert default_channels(session) == ["tank_temp_k", "bus_volts"]
    stack = _stack(qtbot, session)
    stack.seek(30.0)
    assert stack.channels() == ["tank_temp_k", "bus_volts"]
    assert stack.plot("bus_volts").title == "bus_volts (V)"
    x, y = stack.plot("tank_temp_k").data()
    assert x.max() <= 30.0
    assert not _crosses(x, y, t[199], t[200])
    stack.bar.add_menu.aboutToShow.emit()
    assert "label" not in {a.text() for a in stack.bar.add_menu.actions()}  # not numeric


def test_playing_on_grows_the_curve_without_gaps_or_future(qtbot: QtBot, nominal: Session) -> None:
    """Frame after frame the cached body and the fresh head join up, up to the replay time."""
    stack = _stack(qtbot, nominal)
    gaps = [(g.t_start_s, g.t_end_s) for g in nominal.analysis.signal.dropouts]
    t_s = nominal.flight.t_s
    levels_seen: set[int] = set()
    for t in np.arange(100.0, 140.0, 0.37):
        stack.seek(float(t))
        plot = stack.plot("q_kpa")
        x, y = plot.data()
        assert x.max() <= t
        assert np.all(np.diff(x) >= 0)  # the head starts where the body ends
        i = nominal.flight.index_at(float(t))
        assert plot.level is not None
        levels_seen.add(plot.level)
        if plot.level == 0:  # raw points: the newest one is the last sample received
            assert x.max() == t_s[i]
        else:  # min/max pairs: the newest is the partial bin the last sample is in
            assert x.max() >= t_s[max(i - 2**plot.level, 0)]
        for a, b in gaps:
            if b <= t:
                assert not _crosses(x, y, a, b)
    assert levels_seen - {0}  # the flight so far has more samples than pixels
    # Zoomed in, the samples themselves.
    stack.set_following(False)
    stack.strips.strip_view.setXRange(125.0, 135.0, padding=0)
    gap = next(g for g in nominal.analysis.signal.dropouts if 125.0 < g.t_start_s < 131.0)
    for t in np.arange(125.0, 135.0, 0.37):
        stack.seek(float(t))
        plot = stack.plot("q_kpa")
        x, y = plot.data()
        assert plot.level == 0
        assert x.max() == t_s[nominal.flight.index_at(float(t))]
        assert not _crosses(x, y, gap.t_start_s, gap.t_end_s)


def test_the_mouse_wheel_zooms_time_and_holds_the_range(qtbot: QtBot, ms04: Session) -> None:
    stack = _stack(qtbot, ms04)
    stack.show()
    stack.seek(300.0)
    stack.grab()
    before = stack.visible_range()
    at = QPointF(_to_widget(stack, stack.plot("q_kpa").view, 150.0, 20.0))
    viewport = stack.graphics.viewport()
    wheel = QWheelEvent(
        at,
        viewport.mapToGlobal(at),
        QPoint(0, 0),
        QPoint(0, 240),  # two notches towards the user: zoom in
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    lo, hi = stack.visible_range()
    assert not stack.following()
    assert before[0] < lo < 150.0 < hi < before[1]  # zoomed in about the mouse
    stack.seek(320.0)  # playing on keeps the user's range
    assert stack.visible_range() == (lo, hi)
    stack.close()


def test_a_seek_paints_the_stack_once(qtbot: QtBot, ms04: Session) -> None:
    """New Y ranges are settled before painting: a second full paint would double a seek."""
    stack = _stack(qtbot, ms04)
    stack.show()
    qtbot.waitExposed(stack)
    stack.seek(30.0)
    for _ in range(3):
        QApplication.processEvents()  # the first paint after showing the stack
    viewport = stack.graphics.viewport()
    paints: list[int] = []

    class Count(QWidget):
        def eventFilter(self, watched: object, event: QEvent) -> bool:
            if watched is viewport and event.type() == QEvent.Type.Paint:
                paints[-1] += 1
            return False

    counter = Count()
    viewport.installEventFilter(counter)
    for t in (50.0, 400.0, 120.0, 300.0, 10.0, 500.0):  # each seek brings new Y ranges
        paints.append(0)
        stack.seek(t)
        for _ in range(3):
            QApplication.processEvents()
    viewport.removeEventFilter(counter)
    assert paints == [1] * len(paints)


def test_samples_far_apart_are_drawn_as_dots(qtbot: QtBot) -> None:
    """A balloon logger writes a fix a minute: the one sample flown so far is seen (a lone
    sample draws no line), and every sample of a sparse stretch is marked."""
    from tests.qt.pictures import grab

    t = np.array([0.0, 5.0, 36.0, 67.0, 98.0, 129.0])
    alt = np.array([np.nan, 180.0, 185.0, 175.0, 190.0, 182.0])
    flight = Flight(t, {"alt_m": alt}, {"alt_m": "m"})
    session = Session(flight, analyze(flight, places=False), {})
    stack = _stack(qtbot, session)
    plot = stack.plot("alt_m")
    colour = QColor(plot.body.opts["pen"].color())

    def curve_pixels() -> int:
        picture = grab(stack).astype(np.int16)
        bgr = np.array([colour.blue(), colour.green(), colour.red()])
        return int((np.abs(picture[:, :, :3] - bgr).max(axis=2) < 40).sum())

    stack.seek(2.0)
    nothing_flown = curve_pixels()  # the accent of the buttons shares the colour
    stack.seek(30.0)  # one sample flown
    assert curve_pixels() - nothing_flown >= 9  # a dot 5 px across, not nothing
    stack.seek(129.0)
    plot_x, _ = plot.data()
    assert np.unique(plot_x[np.isfinite(plot_x)]).size >= 5
    assert curve_pixels() - nothing_flown > 5 * 9


def test_a_growing_live_pass_keeps_the_time_axis_between_its_steps(
    qtbot: QtBot, ms04: Session
) -> None:
    """A live pass's recording ends "now", later at every frame: the axis steps as a replay's
    does instead of ending there (it rescaled every plot at every frame)."""
    import dataclasses

    def live_until(t_s: float) -> Session:
        f = ms04.flight
        keep = f.t_s <= t_s
        meta = dataclasses.replace(f.meta, recording_start_s=0.0, recording_end_s=t_s + 0.3)
        grown = dataclasses.replace(
            f, t_s=f.t_s[keep], channels={k: v[keep] for k, v in f.channels.items()}, meta=meta
        )
        return Session(grown, analyze(grown, places=False, impact=False), pass_key="pass 1")

    stack = _stack(qtbot, live_until(30.0))
    ranges = set()
    for t in np.arange(30.0, 50.0, 0.2):  # a snapshot every 0.2 s, the clock just behind
        stack.set_session(live_until(t))
        stack.seek(t)
        ranges.add(tuple(round(v, 6) for v in stack.visible_range()))
    assert len(ranges) <= 2  # one step (at T+~37 s, 0.92 x 40 s) in 20 s of a growing pass
    lo, hi = min(ranges)
    assert lo == pytest.approx(float(ms04.flight.t_s[0])) and hi >= 50.0
