"""Random walks of what users do, then the picture is compared with a fresh window.

Each walk is a seeded sequence of user actions (play at 1x/10x/100x, pause, step, seek, ±10 s,
next/previous event, wheel zoom and drag on the plots and the map, Follow, Fit, World, N, T,
add/remove a channel, presentation on/off, lesson Continue). After every action every view shows
the clock's time; after the walk the plot stack and the map look the same as a new window opened
on the same flight and brought straight to the walk's state (:class:`ViewState`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from replay.qt.compact_row import CompactRow
from replay.qt.main_window import MainWindow
from replay.qt.plot_channel import plottable
from replay.session import Session
from tests.qt.conftest import _session
from tests.qt.pictures import differing, grab, save_difference
from tests.qt.user import click, drag, wait, wheel

#: The largest fraction of pixels in which a walked window and a fresh one may differ.
SAME = 0.003
SIZE = (1400, 850)
WALKS = [("progress-ms-04", seed) for seed in range(4)] + [
    ("progress-m-12m", seed) for seed in range(10, 13)
]
Key = Qt.Key


@pytest.fixture
def made(qtbot: QtBot) -> Iterator[list[MainWindow]]:
    windows: list[MainWindow] = []
    yield windows
    for w in windows:
        w.controller.clock.pause()
        if w.presenting:
            w.set_presentation(False)
        w.close()


def _window(qtbot: QtBot, tmp_path: Path, made: list[MainWindow], s: Session) -> MainWindow:
    w = MainWindow(QSettings(str(tmp_path / f"w{len(made)}.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(*SIZE)
    w.show()
    w.show_session(s, "walk")
    made.append(w)
    return w


def _in(widget: QWidget, item: object, rng: random.Random) -> QPointF:
    """A random point inside a graphics item, in ``widget`` (a graphics view) coordinates."""
    rect = item.sceneBoundingRect()  # type: ignore[attr-defined]
    x = rect.left() + rect.width() * rng.uniform(0.2, 0.8)
    y = rect.top() + rect.height() * rng.uniform(0.2, 0.8)
    return QPointF(widget.mapFromScene(QPointF(x, y)))  # type: ignore[attr-defined]


def _actions(w: MainWindow, qtbot: QtBot, rng: random.Random) -> dict[str, Callable[[], None]]:
    page, c = w.page, w.controller
    plots, map_ = page.plots, page.map

    def key(k: Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(w, k, mod)

    def play() -> None:
        speed = rng.choice(["real time", "10×", "100×"])
        page.transport.speed.setCurrentIndex(page.transport.speed.findText(speed))
        key(Key.Key_Space)
        wait(rng.uniform(0.15, 0.8))
        if c.clock.playing:
            key(Key.Key_Space)

    def scrub() -> None:
        bar = page.timeline
        x = rng.uniform(bar.x_of(c.session.start_s), bar.x_of(c.session.end_s))  # type: ignore[union-attr]
        click(bar, QPointF(x, 25.0))

    def plot_wheel() -> None:
        view = plots.graphics
        item = rng.choice(plots.shown_plots()).view
        wheel(view.viewport(), _in(view, item, rng), rng.choice([-2, -1, 1, 2]))

    def plot_drag() -> None:
        view = plots.graphics
        start = _in(view, rng.choice(plots.shown_plots()).view, rng)
        drag(view.viewport(), start, start + QPointF(rng.uniform(-150, 150), 0.0))

    def map_wheel() -> None:
        view = map_.graphics
        wheel(view.viewport(), _in(view, map_.view_box, rng), rng.choice([-2, -1, 1, 2]))

    def map_drag() -> None:
        view = map_.graphics
        start = _in(view, map_.view_box, rng)
        drag(view.viewport(), start, start + QPointF(rng.uniform(-90, 90), rng.uniform(-60, 60)))

    def channel() -> None:
        shown = plots.channels()
        if len(shown) > 2 and rng.random() < 0.5:  # as the "+ Channel" menu does
            plots.edit_channel(rng.choice(shown), False)
        else:
            spare = [n for n in plottable(c.session) if n not in shown]  # type: ignore[arg-type]
            plots.edit_channel(rng.choice(spare), True)

    def proceed() -> None:
        if page.lesson_panel.continue_button.isVisible():
            qtbot.mouseClick(page.lesson_panel.continue_button, Qt.MouseButton.LeftButton)
            wait(rng.uniform(0.05, 0.3))
            c.clock.pause()

    def button(text: str) -> Callable[[], None]:
        def press() -> None:  # a button of a narrow row may be shown by its short name
            named = (row.named(text) for row in w.findChildren(CompactRow))
            qtbot.mouseClick(next(b for b in named if b is not None), Qt.MouseButton.LeftButton)

        return press

    return {
        "play": play,
        "step": lambda: key(rng.choice([Key.Key_Right, Key.Key_Left])),
        "jump": lambda: key(
            rng.choice([Key.Key_Right, Key.Key_Left]), Qt.KeyboardModifier.ShiftModifier
        ),
        "event": lambda: key(rng.choice([Key.Key_BracketRight, Key.Key_BracketLeft])),
        "scrub": scrub,
        "plot wheel": plot_wheel,
        "plot drag": plot_drag,
        "follow replay": button("Follow replay"),
        "map wheel": map_wheel,
        "map drag": map_drag,
        "follow vehicle": button("Follow vehicle"),
        "fit flight": button("Fit flight"),
        "world": button("World"),
        "N": lambda: key(Key.Key_N),
        "T": lambda: key(Key.Key_T),
        "channel": channel,
        "presentation": lambda: key(Key.Key_F11),
        "continue": proceed,
    }


@pytest.mark.parametrize(("sid", "seed"), WALKS)
def test_a_walk_draws_what_a_fresh_window_draws(
    qtbot: QtBot, tmp_path: Path, made: list[MainWindow], sid: str, seed: int
) -> None:
    session = _session(sid)
    rng = random.Random(seed)
    w = _window(qtbot, tmp_path, made, session)
    actions = _actions(w, qtbot, rng)
    names = sorted(actions)
    walk = ["play", *rng.choices(names, k=9), "play"]
    done: list[str] = []
    for name in walk:
        actions[name]()
        done.append(name)
        t = w.controller.clock.t_s
        late = {type(v).__name__: v.t_s for v in w.page.views() if v.t_s != t}
        assert not late, f"after {done}: the clock says {t}, these views {late}"
    if w.presenting and rng.random() < 0.5:  # end some walks presenting, others not
        qtbot.keyClick(w, Key.Key_F11)
    for view in (w.page.plots.graphics, w.page.map.graphics):  # the mouse leaves the window:
        QApplication.sendEvent(view.viewport(), QEvent(QEvent.Type.Leave))  # no crosshair
    state = w.view_state()
    wait(0.3)  # the window manager takes a moment to leave (or enter) full screen
    fresh = _window(qtbot, tmp_path, made, session)
    fresh.apply_view_state(state)
    wait(0.3)
    if not fresh.isFullScreen():
        fresh.resize(w.size())
    fresh.page.centre.setSizes(w.page.centre.sizes())
    fresh.page.right.setSizes(w.page.right.sizes())
    assert fresh.view_state() == state
    for name, widget in (("plots", "plots"), ("map", "map")):
        a = grab(getattr(w.page, widget))
        b = grab(getattr(fresh.page, widget))
        fraction = differing(a, b)
        if fraction >= SAME:
            paths = save_difference(a, b, str(tmp_path / name))
            pytest.fail(f"{name} differ in {fraction:.2%} after {done} ({state}): {paths}")
