"""Teaching never gives the answer away: every lesson played at 1×, 20× and 100× to each of its
pauses, where no item on the map, the plots, the timeline or the signal panel states what that
pause's answer (or a later one's) reveals; "Reveal the answer" reveals it without resuming, and
"Continue" then plays on. Checked from the items' text and visibility, as a class would see them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from replay.qt.main_window import MainWindow
from replay.qt.signal_panel import KNOWN_ROLE
from replay.resources import sample
from replay.session import Session
from replay.teach.lesson import Card

LESSONS = ("progress-ms-04", "progress-m-12m", "falcon9-crs-7", "antares-orb-3", "progress-m-27m")
#: Seconds of flight played before each pause, by speed: a few seconds of wall time each.
LEAD_S = {1.0: 1.5, 20.0: 30.0, 100.0: 150.0}


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    yield w
    w.controller.clock.pause()
    w.close()


def verdict_words(session: Session) -> list[str]:
    los = session.analysis.los
    assert los is not None
    return [w for w in los.verdict.reason.split(";")[0].split() if len(w) > 6][:3]


def assert_held(w: MainWindow, session: Session, held: set[str]) -> None:
    """Nothing on screen states what ``held`` names."""
    page, t = w.page, w.controller.clock.t_s
    m = page.map
    if "los_verdict" in held:
        flag = m.los_flag_text() if m.los_flag_visible() else ""
        assert not any(word in flag for word in verdict_words(session)), flag
        assert "expected" not in flag
    if "impact" in held:
        for item in (m.end.zone, m.end.impact, m.end.impact_label, m.end.line):
            assert not item.isVisible()
    if "truth" in held:
        assert not m.teaching.truth_shown
    # The future: no nominal ahead of now, no later event listed, nothing later on the timeline.
    for name in page.plots.channels():
        ref = page.plots.plot(name).reference
        if ref is not None and ref.xData is not None and ref.xData.size:
            assert float(np.nanmax(ref.xData)) <= t + 1e-9, name
    events = page.signal_panel.events
    for i in range(events.count()):
        item = events.item(i)
        if not item.isHidden():
            assert float(item.data(KNOWN_ROLE)) <= t + 1e-9, item.text()
    assert page.timeline.future_held


def play_to(qtbot: QtBot, w: MainWindow, card: Card, speed: float, previous_s: float) -> None:
    clock = w.controller.clock
    w.controller.seek(max(card.t_s - LEAD_S[speed], previous_s))
    clock.set_speed(speed)
    clock.play()
    qtbot.waitUntil(lambda: not clock.playing, timeout=20_000)
    assert clock.t_s == pytest.approx(card.t_s)


@pytest.mark.parametrize("speed", sorted(LEAD_S))
@pytest.mark.parametrize("sid", LESSONS)
def test_no_pause_shows_its_answer(
    qtbot: QtBot, window: MainWindow, sid: str, speed: float
) -> None:
    with qtbot.waitSignal(window.loader.finished, timeout=30_000):
        window.open_file(str(sample(sid)))
    session = window.controller.session
    assert session is not None and session.lesson is not None
    window.commands.truth.setChecked(True)  # the teacher asked for the truth: still held back
    panel, clock = window.page.lesson_panel, window.controller.clock
    pauses = [c for c in session.lesson.cards if c.pauses]
    to_come = {r for c in pauses for r in c.reveals}
    assert "los_verdict" in to_come
    previous = session.start_s
    for card in pauses:
        play_to(qtbot, window, card, speed, previous)
        assert panel.question.isVisible() and not panel.answer.isVisible()
        assert_held(window, session, to_come)
        panel.continue_button.click()  # reveal
        assert not clock.playing and clock.t_s == pytest.approx(card.t_s)
        assert panel.answer.isVisible()
        to_come -= set(card.reveals)
        assert_held(window, session, to_come)
        if "impact" in card.reveals and session.analysis.impact is not None:
            assert window.page.map.end.zone.isVisible()
        if "truth" in card.reveals and session.truth is not None:
            assert window.page.map.teaching.truth_shown
        if "los_verdict" in card.reveals:
            assert any(w in window.page.map.los_flag_text() for w in verdict_words(session))
        panel.continue_button.click()  # continue
        assert clock.playing
        clock.pause()
        previous = card.t_s


def test_the_lamp_shows_a_dropout_before_the_loss_in_a_lesson(
    qtbot: QtBot, window: MainWindow
) -> None:
    with qtbot.waitSignal(window.loader.finished, timeout=30_000):
        window.open_file(str(sample("progress-ms-04")))
    clock, lamp = window.controller.clock, window.page.signal_panel.status
    seen: list[str] = []
    window.controller.seek(380.0)
    clock.time_changed.connect(lambda _t: seen.append(lamp.text()))
    clock.set_speed(2.0)
    clock.play()
    qtbot.waitUntil(lambda: clock.t_s > 388.0, timeout=10_000)
    clock.pause()
    order = [s for k, s in enumerate(seen) if k == 0 or seen[k - 1] != s]
    assert order == ["AOS", "DROPOUT", "LOS"]
    assert not window.page.map.end.zone.isVisible()  # the impact waits for its question


def test_without_a_lesson_running_everything_shows(
    qtbot: QtBot, window: MainWindow, ms04: Session
) -> None:
    window.show_session(ms04, str(sample("progress-ms-04")))
    panel = window.page.lesson_panel
    panel.pauses.setChecked(False)
    window.commands.truth.setChecked(True)
    window.controller.seek(400.0)
    assert window.page.map.end.zone.isVisible()
    assert window.page.map.teaching.truth_shown
    assert "Sary-Shagan" in window.page.map.los_flag_text()
    assert not window.page.timeline.future_held
    plots = window.page.plots
    ref = plots.plot(plots.channels()[0]).reference
    assert ref is not None and float(np.nanmax(ref.xData)) > 500.0  # the whole plan
