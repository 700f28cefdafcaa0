"""Teaching mode, driven like a teacher would: a whole lesson, the overlays, the library,
presenting and slides."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from replay.qt import theme
from replay.qt.main_window import MainWindow
from replay.resources import sample
from replay.session import Session


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    yield w
    w.controller.clock.pause()
    if w.presenting:
        w.set_presentation(False)
    w.close()


def open_in(qtbot: QtBot, w: MainWindow, sid: str) -> Session:
    with qtbot.waitSignal(w.loader.finished, timeout=30_000):
        w.open_file(str(sample(sid)))
    assert w.controller.session is not None
    return w.controller.session


def test_a_whole_lesson(qtbot: QtBot, window: MainWindow) -> None:
    session = open_in(qtbot, window, "progress-ms-04")
    lesson = session.lesson
    assert lesson is not None
    panel = window.page.lesson_panel
    assert window.page.tabs.currentWidget() is panel  # a flight with a lesson opens on it
    clock = window.controller.clock
    pauses = [c for c in lesson.cards if c.pauses]
    before = next(c for c in pauses if c.t_s < 382.0)
    # Play towards the failure: the pause before it stops playback exactly there.
    window.controller.seek(before.t_s - 3.0)
    clock.set_speed(10.0)
    clock.play()
    qtbot.waitUntil(lambda: not clock.playing, timeout=5000)
    assert clock.t_s == pytest.approx(before.t_s)
    assert panel.question.isVisible()
    assert before.question is not None and before.question in panel.question.text()
    assert not panel.answer.isVisible()
    # Reveal: the answer shows and the class can look at it, still paused; Continue plays on.
    assert panel.continue_button.text() == "Reveal the answer"
    panel.continue_button.click()
    assert panel.answer.isVisible()
    assert before.answer is not None and before.answer in panel.answer.text()
    assert not clock.playing and clock.t_s == pytest.approx(before.t_s)
    assert panel.continue_button.text() == "Continue ▶"
    panel.continue_button.click()
    assert clock.playing and not panel.continue_button.isVisible()
    clock.pause()
    # Cards follow seeks backwards and forwards.
    first = lesson.cards[1]
    window.controller.seek(first.t_s + 0.5)
    assert first.title in panel.card.toPlainText()
    window.controller.seek(lesson.cards[-1].t_s + 1.0)
    assert lesson.cards[-1].title in panel.card.toPlainText()
    panel.step(-1)
    assert clock.t_s == lesson.cards[-2].t_s
    # The teacher can turn the pauses off: playing over the answered and the other pause points.
    panel.pauses.setChecked(False)
    window.controller.seek(0.0)
    clock.set_speed(100.0)
    clock.play()
    qtbot.waitUntil(lambda: clock.t_s > max(c.t_s for c in pauses), timeout=15_000)
    clock.pause()
    assert not panel.question.isVisible()


def test_hidden_answers_stay_hidden(qtbot: QtBot, window: MainWindow) -> None:
    session = open_in(qtbot, window, "falcon9-crs-7")
    assert session.lesson is not None
    panel = window.page.lesson_panel
    panel.hide_answers.setChecked(True)
    card = next(c for c in session.lesson.cards if c.pauses)
    window.controller.seek(card.t_s - 1.0)
    window.controller.clock.set_speed(5.0)
    window.controller.clock.play()
    qtbot.waitUntil(panel.question.isVisible, timeout=5000)
    assert panel.continue_button.text() == "Continue ▶"  # nothing to reveal: one step
    panel.continue_button.click()
    assert not panel.answer.isVisible()
    assert window.controller.clock.playing
    window.controller.clock.pause()


def test_nominal_versus_actual_and_the_truth(qtbot: QtBot, window: MainWindow) -> None:
    session = open_in(qtbot, window, "progress-m-12m")
    window.page.lesson_panel.pauses.setChecked(False)  # no lesson running: everything shows
    window.page.set_lesson_layout(False)
    window.page.plots.set_channels(["alt_m", "q_kpa"])
    assert session.reference is not None and session.divergence is not None
    assert 318.0 < session.divergence.t_s < 325.0  # the chamber pressure decays before T+325
    alt = window.page.plots.plot("alt_m")
    assert alt.reference is not None and alt.reference.isVisible()
    window.controller.seek(300.0)
    assert not alt.divergence.isVisible()
    assert not window.page.map.teaching.parted.isVisible()  # the map does not give the lesson away
    assert window.page.map.teaching.reference.isVisible()  # the plan is shown from the start
    window.controller.seek(session.divergence.t_s + 1.0)
    assert alt.divergence.isVisible()
    assert window.page.map.teaching.parted.isVisible()
    assert window.page.map.teaching.parted_label.isVisible()
    window.controller.seek(300.0)  # and back
    assert not window.page.map.teaching.parted_label.isVisible()
    window.controller.seek(session.divergence.t_s + 1.0)
    window.commands.nominal.trigger()  # off
    assert alt.reference is None
    assert not window.page.map.teaching.parted.isVisible()
    # The truth appears only after the loss of signal, and only when asked for.
    window.commands.truth.trigger()
    window.controller.seek(300.0)
    assert not window.page.map.teaching.truth_shown
    window.controller.seek(400.0)
    assert window.page.map.teaching.truth_shown
    window.commands.truth.trigger()
    assert not window.page.map.teaching.truth_shown


def test_the_library_opens_a_replay(qtbot: QtBot, window: MainWindow) -> None:
    library = window.library
    assert library is not None and window.pages.currentWidget() is library  # nothing open yet
    assert {"progress-ms-04", "antares-orb-3", "soyuz-u-nominal"} <= set(library.cards)
    with qtbot.waitSignal(window.loader.finished, timeout=30_000):
        library.open_requested.emit(str(sample("antares-orb-3")))
    assert window.pages.currentWidget() is window.page
    assert "Antares" in window.windowTitle()


def test_presentation_mode_and_slides(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    open_in(qtbot, window, "progress-ms-04")
    window.controller.seek(382.5)
    small = window.page.transport.t_plus.font().pointSize()
    window.set_presentation(True)
    assert window.isFullScreen()
    assert theme.BASE_POINT_SIZE >= 17
    assert window.page.transport.t_plus.font().pointSize() >= 1.5 * small
    assert window.controller.clock.t_s == 382.5  # rebuilt views carry on where the class was
    window.controller.seek(390.0)
    assert window.page.signal_panel.status.text() == "LOS"
    assert window.page.map.los_flag_visible()
    files = window.commands.export_slides(str(tmp_path))
    png, svg = (Path(f) for f in files)
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1920, 1080)
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    window.set_presentation(False)
    assert theme.BASE_POINT_SIZE == 11
    assert not window.isFullScreen()


def test_export_the_debrief_report_from_the_app(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    open_in(qtbot, window, "progress-ms-04")
    window.controller.seek(100.0)
    path = window.commands.export_report(str(tmp_path / "report.html"))
    assert path is not None
    text = Path(path).read_text(encoding="utf-8")
    assert "Republic of Tyva" in text
    assert "data:image/png;base64," in text
    assert window.controller.clock.t_s == 100.0  # the class is back where it was


def test_presentation_mode_keeps_everything_the_class_had(qtbot: QtBot, window: MainWindow) -> None:
    """Pinned: presentation mode rebuilt the views, dropping added channels, the speed, the
    zoom and a pending question with its Continue button."""
    open_in(qtbot, window, "progress-ms-04")
    page, clock = window.page, window.controller.clock
    page.plots.add_channel("pc_blok_i_bar")
    page.plots.hold_range(200.0, 300.0)
    window.controller.seek(270.0)
    clock.set_speed(20.0)
    clock.play()
    qtbot.waitUntil(lambda: not clock.playing, timeout=5000)  # the T+280 question
    assert page.lesson_panel.continue_button.isVisible()
    before = window.view_state()
    window.set_presentation(True)
    after = window.view_state()
    assert after == replace(before, presentation=True)
    assert "pc_blok_i_bar" in page.plots.channels()
    assert clock.speed == 20.0 and clock.t_s == 280.0
    assert page.lesson_panel.continue_button.isVisible()
    assert page.lesson_panel.question.isVisible()
    window.set_presentation(False)
    assert window.view_state() == before


def test_the_lesson_sets_up_the_plots_and_the_teacher_can_return_to_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    session = open_in(qtbot, window, "progress-ms-04")
    assert session.lesson is not None
    plots = window.page.plots
    card = next(c for c in session.lesson.cards if c.t_s == 382.0)
    window.controller.seek(383.0)
    assert plots.channels() == list(card.watch)
    assert plots.plot("pc_blok_i_bar").title == "Third stage (Blok I) chamber pressure (bar)"
    assert "Watch: Sensed axial acceleration, Third stage (Blok I) chamber pressure" in (
        window.page.lesson_panel.card.toPlainText()
    )
    plots.edit_channel("q_kpa", True)  # the teacher picks a plot: the lesson stops imposing
    window.controller.seek(421.0)
    assert plots.channels() == [*card.watch, "q_kpa"]
    window.commands.lesson_layout.trigger()
    later = next(c for c in session.lesson.cards if c.t_s == 420.0)
    assert plots.channels() == list(later.watch)


def test_one_unit_system_for_every_view(qtbot: QtBot, window: MainWindow) -> None:
    session = open_in(qtbot, window, "progress-ms-04")
    window.page.lesson_panel.pauses.setChecked(False)
    window.page.set_lesson_layout(False)
    window.page.plots.set_channels(["alt_m", "v_relative_m_s"])
    window.controller.seek(300.0)
    window.commands.units["imperial"].trigger()
    plots, values = window.page.plots, window.page.signal_panel.values
    assert plots.plot("alt_m").title == "Altitude (ft)"
    assert plots.plot("v_relative_m_s").title == "Speed relative to Earth (mph)"
    i = session.flight.index_at(300.0)
    alt_m = float(session.flight.channels["alt_m"][i])
    _, y = plots.plot("alt_m").data()
    assert float(y[-1]) == pytest.approx(alt_m / 0.3048)
    row = values.names.index("alt_m")
    assert values.data(values.index(row, 0), 0) == "Altitude"
    assert values.data(values.index(row, 2), 0) == "ft"
    assert values.data(values.index(row, 1), 0) == f"{alt_m / 0.3048:,.0f}"
    state = window.view_state()
    assert state.units == "imperial"
    window.commands.units["km"].trigger()
    assert plots.plot("alt_m").title == "Altitude (km)"
    window.apply_view_state(state)
    assert plots.plot("alt_m").title == "Altitude (ft)"
    assert window.commands.units["imperial"].isChecked()


def test_the_maps_first_divergence_says_the_plots_unit(qtbot: QtBot, window: MainWindow) -> None:
    from replay.core.display import display_of

    session = open_in(qtbot, window, "progress-m-12m")
    div = session.divergence
    assert div is not None
    window.page.lesson_panel.pauses.setChecked(False)
    window.controller.seek(div.t_s + 1.0)
    label = window.page.map.teaching.parted_label
    unit = session.flight.units.get(div.channel, "")
    for system in ("imperial", "SI", "km"):
        window.commands.units[system].trigger()
        said = display_of(div.channel, unit, system).unit
        assert label.lines[1].endswith(f" {said}"), (system, label.lines)
