"""The real window, driven as a user would: open, play, pause, seek, keys, a bad file, exports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent
from pytestqt.qtbot import QtBot

from replay.io import read_flight
from replay.qt import theme
from replay.qt.main_window import MainWindow
from replay.resources import sample

MS04 = str(sample("progress-ms-04"))


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    with qtbot.waitSignal(w.loader.finished, timeout=30_000):
        w.open_file(MS04)
    yield w
    w.controller.clock.pause()
    w.close()


def test_opens_the_flight_ready_to_play(window: MainWindow) -> None:
    assert "Progress MS-04" in window.windowTitle()
    assert window.controller.clock.t_s == 0.0
    assert not window.controller.clock.playing
    assert window.page.transport.t_plus.text() == "T+00:00.0"
    assert window.recent_files() == [MS04]


def test_keys(qtbot: QtBot, window: MainWindow) -> None:
    clock = window.controller.clock
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert clock.t_s == pytest.approx(0.04)
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert clock.t_s == pytest.approx(10.04)
    qtbot.keyClick(window, Qt.Key.Key_BracketRight)
    assert clock.t_s == pytest.approx(window.controller.session.analysis.events[1].t_s)  # type: ignore[union-attr]
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert clock.t_s == 600.0
    qtbot.keyClick(window, Qt.Key.Key_BracketLeft)
    assert clock.t_s == pytest.approx(382.0)
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert clock.t_s == -10.0
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    assert clock.speed == 2.0
    qtbot.keyClick(window, Qt.Key.Key_Minus)
    assert clock.speed == 1.0
    with qtbot.waitSignal(clock.playing_changed):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: clock.t_s > -9.9, timeout=3000)
    with qtbot.waitSignal(clock.playing_changed):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not clock.playing


def test_scrubbing_moves_every_view(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.page.timeline
    x = round(bar.x_of(200.0))
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=QPoint(x, 25))
    qtbot.mouseMove(bar, QPoint(round(bar.x_of(250.0)), 25))
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=QPoint(round(bar.x_of(250.0)), 25))
    t = window.controller.clock.t_s
    assert t == pytest.approx(250.0, abs=2.0)  # a pixel of the bar is about 0.5 s
    from replay.core.timefmt import format_t_plus

    assert window.page.transport.t_plus.text() == format_t_plus(t)
    assert bar.t_s == t
    assert window.page.map.vehicle_position is not None
    plots = window.page.plots  # the lesson's plots for this card
    assert plots.plot(plots.channels()[0]).data()[0][-1] <= t


def test_what_every_view_shows_at_the_loss_of_signal(qtbot: QtBot, window: MainWindow) -> None:
    window.page.tabs.setCurrentWidget(window.page.signal_panel)  # the lesson tab opens first
    window.controller.seek(382.0)
    assert window.page.transport.t_plus.text() == "T+06:22.0"
    assert window.page.transport.utc.text() == "2016-12-01 14:58:14.0 UTC"
    assert window.page.signal_panel.status.text() == "AOS"  # the last frame has just arrived
    assert _lamp_colour(window) == QColor(theme.AOS)
    window.controller.seek(383.0)  # a frame overdue: the ground cannot know it is the last
    assert window.page.signal_panel.status.text() == "DROPOUT"
    assert window.page.signal_panel.age.text() == "last frame    1.0 s ago"
    assert not window.page.map.los_flag_visible()
    assert not window.page.plots.los_marker_visible()
    window.controller.seek(386.9)
    assert window.page.signal_panel.status.text() == "DROPOUT"
    window.controller.seek(387.0)  # the watchdog's 5 s of silence: declared
    assert window.page.signal_panel.watchdog.value() == 5.0
    assert window.page.signal_panel.status.text() == "LOS"
    assert _lamp_colour(window) == QColor(theme.LOS)
    for label in (
        window.page.transport.t_plus,
        window.page.transport.utc,
        window.page.signal_panel.status,
    ):
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()  # not cut
    assert window.page.plots.los_marker_visible()
    assert window.page.map.los_flag_visible()
    assert "Kazakhstan" in window.page.map.los_flag_text()
    assert "Tyva" in window.page.map.impact_text()
    timeline = window.page.timeline
    image = timeline.grab().toImage()
    assert image.pixelColor(round(timeline.x_of(384.5)), 27).red() > 200  # the loss, declared
    # A lesson runs (MS-04 has one): what the replay has not reached is not on the timeline...
    assert image.pixelColor(round(timeline.x_of(500.0)), 27) == QColor(theme.GRID)
    window.page.lesson_panel.pauses.setChecked(False)  # ... without one, the whole recording
    image = timeline.grab().toImage()
    assert image.pixelColor(round(timeline.x_of(500.0)), 27).red() > 200


def test_a_bad_file_keeps_the_open_flight(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    bad = tmp_path / "broken.csv"
    bad.write_text("# ascent-replay telemetry\n# format_version: 7\n")
    before = window.controller.session
    window.controller.seek(100.0)
    with qtbot.waitSignal(window.loader.failed, timeout=10_000):
        window.open_file(bad)
    assert window.error_box is not None
    assert (
        window.error_box.text()
        == f"{bad}:2: unsupported format_version '7'; this ascent-replay reads version 1"
    )
    window.error_box.close()
    assert window.controller.session is before
    assert window.controller.clock.t_s == 100.0
    assert "Progress MS-04" in window.windowTitle()
    assert window.recent_files() == [MS04]


def test_drop_a_file_and_open_recent(qtbot: QtBot, window: MainWindow) -> None:
    other = str(sample("antares-orb-3"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(other)])
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.loader.finished, timeout=30_000):
        window.dropEvent(drop)
    assert "Antares" in window.windowTitle()
    assert window.recent_files() == [other, MS04]
    assert [a.text() for a in window.recent_menu.actions()] == [other, MS04]


def test_exports(window: MainWindow, tmp_path: Path) -> None:
    window.controller.seek(382.0)
    png = window.commands.export_png(str(tmp_path / "view.png"))
    assert png is not None and Path(png).stat().st_size > 10_000
    csv = window.commands.export_csv(str(tmp_path / "range.csv"))
    assert csv is not None
    part = read_flight(csv)
    t0, t1 = window.page.plots.visible_range()
    assert part.t_s[0] >= t0 - 1e-9
    assert part.t_s[-1] <= min(t1, 382.0) + 1e-9
    assert part.meta.scenario_id == "progress-ms-04"


def test_settings_remember_the_layout(qtbot: QtBot, tmp_path: Path) -> None:
    path = str(tmp_path / "layout.ini")
    w = MainWindow(QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 800)
    w.show()
    w.page.centre.setSizes([500, 900])
    sizes = w.page.centre.sizes()
    w.close()
    again = MainWindow(QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.resize(1400, 800)
    again.show()
    assert again.page.centre.sizes() == sizes  # the splitters come back as they were left
    assert QSettings(path, QSettings.Format.IniFormat).value("geometry") is not None
    again.close()


def _lamp_colour(window: MainWindow) -> QColor:
    """The colour of the lamp's disc as painted (its most saturated pixel)."""
    image = window.page.signal_panel.lamp.grab().toImage()
    pixels = (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height()))
    return max(pixels, key=lambda c: c.hsvSaturation() * c.value())


def test_the_replay_plays_before_the_rest_of_its_analysis_arrives(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Open in two steps: ready to play first; then the impact zone, place names, nominal and
    truth arrive, and what the user did in between stays (channels, zoom, time, playing)."""
    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    steps: list[str] = []
    w.loader.loaded.connect(lambda *_: steps.append("loaded"))
    w.loader.finished.connect(lambda *_: steps.append("finished"))
    with qtbot.waitSignal(w.loader.loaded, timeout=30_000):
        w.open_file(MS04)
    first = w.controller.session
    assert first is not None and first.analysis.impact is None and first.reference is None
    assert first.lesson is not None  # the lesson's pauses hold from the first second
    assert w.controller.clock.stops
    w.page.plots.edit_channel("pc_blok_i_bar", True)  # as from the menu: the user's plots stay
    w.page.plots.hold_range(100.0, 200.0)
    w.controller.seek(150.0)
    w.controller.clock.play()
    if "finished" not in steps:
        with qtbot.waitSignal(w.loader.finished, timeout=30_000):
            pass
    assert steps == ["loaded", "finished"]
    done = w.controller.session
    assert done is not None and done.flight is first.flight
    assert done.analysis.impact is not None and done.reference is not None
    assert "pc_blok_i_bar" in w.page.plots.channels()
    assert not w.page.plots.following() and w.page.plots.visible_range() == (100.0, 200.0)
    assert w.controller.clock.playing and w.controller.clock.t_s >= 150.0
    w.controller.clock.pause()
    w.controller.seek(390.0)
    assert "Tyva" in w.page.map.impact_text()
    w.close()


@pytest.fixture(scope="module")
def long_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 100 MB of native telemetry: loading it takes long enough to cancel."""
    from replay.io import write_flight
    from tests.factories import make_flight

    path = tmp_path_factory.mktemp("long") / "long.csv"
    write_flight(make_flight(400_000), path)
    return path


def test_cancel_stops_a_load_and_keeps_the_open_flight(
    qtbot: QtBot, window: MainWindow, long_file: Path
) -> None:
    before = window.controller.session
    seen: list[float] = []
    window.loader.progress.connect(lambda _what, f: seen.append(f))
    window.open_file(long_file)
    qtbot.waitUntil(lambda: any(0.06 < f < 0.5 for f in seen), timeout=20_000)  # reading
    assert window.cancel_button.isVisible()
    with qtbot.waitSignal(window.loader.cancelled, timeout=2_000):
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert window.controller.session is before
    assert not window.progress.isVisible() and not window.cancel_button.isVisible()
    assert "Stopped loading long.csv" in window.statusBar().currentMessage()


def test_a_second_open_does_not_wait_for_the_first(
    qtbot: QtBot, window: MainWindow, long_file: Path
) -> None:
    shown: list[str] = []
    window.loader.loaded.connect(lambda _s, path: shown.append(path))
    window.open_file(long_file)
    other = str(sample("antares-orb-3"))
    with qtbot.waitSignal(window.loader.finished, timeout=20_000):
        window.open_file(other)
    assert shown == [other]  # the first load was dropped, not shown late
    assert "Antares" in window.windowTitle()


def test_a_damaged_gzip_names_the_file_in_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    bad = tmp_path / "cut.csv.gz"
    bad.write_bytes(Path(MS04).read_bytes()[:300_000])
    with qtbot.waitSignal(window.loader.failed, timeout=10_000):
        window.open_file(bad)
    assert window.error_box is not None
    assert window.error_box.text().startswith(f"{bad}: the gzip data ends early")
    window.error_box.close()
    assert "Progress MS-04" in window.windowTitle()


def test_the_watchdog_time_is_set_in_the_signal_panel(qtbot: QtBot, window: MainWindow) -> None:
    """A longer watchdog: the class lives a longer silence; kept for the next flight too."""
    panel = window.page.signal_panel
    panel.watchdog.setValue(10.0)
    assert window.controller.session is not None
    assert window.controller.session.watchdog_s == 10.0
    window.controller.seek(390.0)
    assert panel.status.text() == "DROPOUT" and not window.page.map.los_flag_visible()
    window.controller.seek(392.0)
    assert panel.status.text() == "LOS" and window.page.map.los_flag_visible()
    assert "declared at T+06:32.0" in panel.events.item(panel.events.count() - 1).text()
    with qtbot.waitSignal(window.loader.finished, timeout=30_000):
        window.open_file(MS04)  # a flight opened after keeps the ground's setting
    assert window.controller.session.watchdog_s == 10.0
    assert panel.watchdog.value() == 10.0
