"""The window at projector sizes: 1280x720 and 1024x768, at a desk and presenting (issue 14).

Every plot on screen keeps a data area of at least 100 px (more plots than fit are paged, not
squeezed), nothing pushes the window wider than the screen, the transport bar and the event
labels fit, and the channel table shows several rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from replay.qt.main_window import MainWindow
from replay.qt.plot_channel import plottable
from replay.session import Session

#: Window sizes, at a desk and presenting (full screen with the room's fonts on a projector).
CASES = [
    pytest.param((1280, 720), False, id="1280x720-desk"),
    pytest.param((1280, 720), True, id="1280x720-presenting"),
    pytest.param((1024, 768), False, id="1024x768-desk"),
    pytest.param((1024, 768), True, id="1024x768-presenting"),
]
MIN_PLOT_PX = 100
Opener = Callable[[Session, float, tuple[int, int], bool], MainWindow]


@pytest.fixture
def window_at(qtbot: QtBot, tmp_path: Path) -> Iterator[Opener]:
    """Opens a window showing a session at a time, at a size, presenting or not."""
    made: list[MainWindow] = []

    def open_at(session: Session, t_s: float, size: tuple[int, int], present: bool) -> MainWindow:
        w = MainWindow(QSettings(str(tmp_path / f"w{len(made)}.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(w)
        made.append(w)
        w.resize(*size)
        w.show()
        w.show_session(session, "layout", t_s=t_s)
        if present:
            w.set_presentation(True)  # full screen with the room's fonts, then the projector's
            w.showNormal()
            w.resize(*size)
        for _ in range(5):
            QApplication.processEvents()
        return w

    yield open_at
    for w in made:
        if w.presenting:
            w.set_presentation(False)
        w.close()


def inside(widget: QWidget, parent: QWidget) -> bool:
    """Whether ``widget`` lies wholly inside ``parent`` (in ``parent``'s coordinates)."""
    rect = QRect(widget.mapTo(parent, widget.rect().topLeft()), widget.size())
    return parent.rect().contains(rect)


@pytest.mark.parametrize(("size", "presenting"), CASES)
def test_every_plot_on_screen_keeps_a_readable_height(
    window_at: Opener, ms04: Session, size: tuple[int, int], presenting: bool
) -> None:
    w = window_at(ms04, 390.0, size, presenting)
    assert w.size().toTuple() == size  # nothing pushes the window past the projector's width
    plots = w.page.plots
    for name in plottable(ms04)[:12]:  # more plots than any of these windows fits
        plots.add_channel(name)
    QApplication.processEvents()
    n = len(plots.channels())
    for first in range(n):  # scroll through them all
        plots.pages.pager.bar.setValue(first)
        QApplication.processEvents()
        shown = plots.shown_plots()
        assert 1 <= len(shown) < n
        assert shown[-1] is plots.plot(plots.channels()[min(first + len(shown), n) - 1])
        for p in shown:
            assert p.item.scene() is plots.graphics.scene()
            assert p.view.height() >= MIN_PLOT_PX, (p.name, p.view.height())
            assert p.view.sceneBoundingRect().bottom() <= plots.graphics.height()
        hidden = [p for p in (plots.plot(c) for c in plots.channels()) if p not in shown]
        assert all(p.item.scene() is None for p in hidden)
    assert plots.bar.note.text()  # says which plots are shown


@pytest.mark.parametrize(("size", "presenting"), CASES)
def test_the_bars_labels_and_table_fit(
    window_at: Opener, ms04: Session, size: tuple[int, int], presenting: bool
) -> None:
    w = window_at(ms04, 390.0, size, presenting)
    page = w.page
    bar = page.transport
    shown = [b for b in bar.buttons.values() if b.isVisible()]
    for widget in [*shown, bar.speed, bar.utc]:
        assert inside(widget, bar), widget
    assert bar.buttons["play"].isVisible() and bar.buttons["home"].isVisible()
    assert inside(bar.t_plus, page)
    for label in (bar.t_plus, bar.utc):
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
    for row in (page.plots.bar, page.map.bar):
        for b in row.findChildren(QWidget):
            if b.isVisible() and hasattr(b, "text") and b.text():
                assert inside(b, row), b.text()
                assert b.fontMetrics().horizontalAdvance(b.text()) <= b.width()
    lane = page.plots.strips.lane
    page.plots.grab()  # paint: the lane places its labels
    drawn = lane.drawn
    assert {m.text for m, _, _ in drawn} >= {"Lift-off", "Loss of signal"}
    area = lane.mapRectToDevice(lane.viewRect())
    for mark, _, (left, right) in drawn:  # never past the lane's edges ("paration")
        assert area.left() <= left and right <= area.right() + 0.5, mark.text
    page.tabs.setCurrentWidget(page.signal_panel)
    QApplication.processEvents()
    table = page.signal_panel.table
    rows = table.viewport().height() / table.verticalHeader().defaultSectionSize()
    assert rows >= 3.0  # several channels, not one


def test_a_short_flight_opens_fitted_to_its_data(window_at: Opener) -> None:
    """Antares Orb-3: 20 s of data in a 10:20 recording get the width, not 30 px."""
    from tests.qt.conftest import _session

    orb3 = _session("antares-orb-3")
    w = window_at(orb3, 18.0, (1280, 720), False)
    page = w.page
    bar = page.timeline
    assert page.fit_to_data and bar.fitted and w.commands.fit.isChecked()
    data_px = bar.x_of(20.0) - bar.x_of(0.0)
    assert data_px > 0.5 * bar.width()
    lo, hi = page.plots.visible_range()
    assert hi - lo < 40.0  # the plots span the 30 s of data, not a minute or the recording
    w.commands.fit.setChecked(False)  # the whole recording again
    assert not bar.fitted and bar.x_of(20.0) - bar.x_of(0.0) < 0.05 * bar.width()
    assert page.plots.visible_range()[1] - lo >= 60.0
    state = w.view_state()
    assert state.fit_data is False
    w.commands.fit.trigger()
    assert page.fit_to_data and bar.fitted


def test_a_long_flight_opens_over_its_recording(window_at: Opener, ms04: Session) -> None:
    w = window_at(ms04, 390.0, (1280, 720), False)
    assert not w.page.fit_to_data and not w.page.timeline.fitted
    assert w.page.timeline.x_of(ms04.end_s) == pytest.approx(w.page.timeline.width() - 12)


@pytest.mark.parametrize(("size", "presenting"), CASES)
def test_the_plots_a_lesson_card_names_are_the_ones_on_screen(
    window_at: Opener, ms04: Session, size: tuple[int, int], presenting: bool
) -> None:
    """At T+5:45 the card says to watch the Blok I chamber pressure and the acceleration: when
    not every plot fits, those are the ones shown (the first it names), not the plots paged
    after them."""
    w = window_at(ms04, 345.0, size, presenting)
    lesson = ms04.lesson
    assert lesson is not None
    card = [c for c in lesson.cards if c.t_s <= 345.0][-1]
    assert card.watch
    shown = [p.name for p in w.page.plots.shown_plots()]
    missing = [name for name in card.watch[: len(shown)] if name not in shown]  # its first ones
    assert not missing, f"{card.title}: {missing} not on screen (shown: {shown})"
