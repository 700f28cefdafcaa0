"""A second flight for comparison on the same plots and map, aligned at an event."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from replay.analysis.flight_analysis import analyze
from replay.cli import main as cli_main
from replay.qt.compare import COMPARE_COLOUR
from replay.qt.main_window import MainWindow
from replay.resources import sample
from replay.session import Session, load_session

SHIFT_S = 7.3


@cache
def m12m_late() -> Session:
    """Progress M-12M with its clock 7.3 s late: every time, sample and event shifted, and no
    liftoff recorded (its T+0 is taken for the liftoff, as for any file that has none)."""
    s = load_session(sample("progress-m-12m"), places=False, teaching=False)
    f = s.flight
    events = tuple(
        dataclasses.replace(e, t_s=e.t_s + SHIFT_S) for e in f.meta.events if e.id != "liftoff"
    )
    meta = dataclasses.replace(f.meta, events=events)
    late = dataclasses.replace(f, t_s=f.t_s + SHIFT_S, meta=meta)
    return Session(late, analyze(late, places=False, impact=False))


@pytest.fixture
def window(ms04_window: Callable[[float], MainWindow]) -> MainWindow:
    w = ms04_window(360.0)
    w.page.set_lesson_layout(False)  # the lesson's cards would pick the plots
    w.page.plots.set_channels(["alt_m", "pc_blok_i_bar"])
    return w


def event_t(session: Session, event_id: str) -> float:
    return next(e.t_s for e in session.analysis.events if e.id == event_id)


def test_aligned_at_an_event_both_events_fall_at_one_time(
    window: MainWindow, ms04: Session
) -> None:
    c = window.page.workbench.comparison
    other = m12m_late()
    c.set_comparison(other, "upper_stage_ignition")
    main_t = event_t(ms04, "upper_stage_ignition")
    assert event_t(other, "upper_stage_ignition") == pytest.approx(main_t + SHIFT_S)
    assert c.offset_s == pytest.approx(-SHIFT_S)
    assert c.event_time_s("upper_stage_ignition") == pytest.approx(main_t)
    for name in ("alt_m", "pc_blok_i_bar"):  # the comparison's marker on ours, on every plot
        xs = [line.value() for line in c.event_lines[name]]
        assert min(abs(x - main_t) for x in xs) < 1e-9
    # The curve is the other flight's samples moved by the offset, in the plot's units.
    xs, ys = c.curves["alt_m"].getData()
    k = int(np.searchsorted(xs, 200.0))
    j = int(np.searchsorted(other.flight.t_s, xs[k] + SHIFT_S))
    assert other.flight.t_s[j] - SHIFT_S == pytest.approx(xs[k])
    assert ys[k] == pytest.approx(other.flight.channel("alt_m")[j] / 1e3)
    legend = c.legend_html()
    assert "solid:</span> Progress MS-04" in legend  # the titles' names, short
    assert "Progress M-12M</b>" in legend
    assert "at Third stage ignition (-7.3 s)" in legend
    assert "at Third stage ignition (-7.3 s)" in c.legend.toolTip()  # if it does not fit
    assert COMPARE_COLOUR in c.legend.text() and c.legend.isVisible()
    # At liftoff instead (T+0 of each file): no shift, the events 7.3 s apart.
    c.set_comparison(other, "liftoff")
    assert c.offset_s == 0.0
    assert c.event_time_s("upper_stage_ignition") == pytest.approx(main_t + SHIFT_S)
    with pytest.raises(KeyError, match="they share: liftoff"):
        c.set_comparison(other, "no_such_event")
    c.set_comparison(None)
    assert not c.curves and not c.legend.isVisible() and not c.track.isVisible()


def test_the_comparison_is_on_the_map_where_it_was_at_the_same_time(
    window: MainWindow,
) -> None:
    c = window.page.workbench.comparison
    other = m12m_late()
    c.set_comparison(other, "upper_stage_ignition")
    window.controller.seek(300.0)
    tr = other.analysis.track
    assert tr is not None and c.track.isVisible()
    k = int(np.searchsorted(other.flight.t_s, 300.0 + SHIFT_S, side="right")) - 1
    pos = c.vehicle.pos()
    assert (pos.y(), pos.x() % 360.0) == pytest.approx((tr.lat_deg[k], tr.lon_deg[k] % 360.0))
    window.page.plots.add_channel("v_relative_m_s")  # a plot added later gets its curve too
    window.controller.seek(301.0)
    assert "v_relative_m_s" in c.curves
    window.page.set_units("imperial")  # and the curves follow the plots' units
    window.controller.seek(302.0)
    xs, ys = c.curves["alt_m"].getData()
    j = int(np.searchsorted(other.flight.t_s, xs[100] + SHIFT_S))
    assert ys[100] == pytest.approx(other.flight.channel("alt_m")[j] / 0.3048)


def white_pixels(path: Path) -> int:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    assert (image.width(), image.height()) == (1280, 720)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(720, image.bytesPerLine())
    pixels = rows[:, : 1280 * 3].reshape(-1, 3).astype(int)
    colour = np.array([int(COMPARE_COLOUR[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(pixels - colour).sum(axis=1) < 12).sum())


def test_snapshot_with_a_comparison(tmp_path: Path) -> None:
    common = [str(sample("progress-ms-04")), "--at", "345", "--size", "1280x720"]
    alone, compared = tmp_path / "alone.png", tmp_path / "compared.png"
    assert cli_main(["snapshot", *common, "-o", str(alone)]) == 0
    other = ["--compare", str(sample("progress-m-12m")), "--align", "upper_stage_ignition"]
    assert cli_main(["snapshot", *common, *other, "-o", str(compared)]) == 0
    # The comparison's dashed curves, event lines and track: pixels of its colour.
    assert white_pixels(alone) < 50
    assert white_pixels(compared) > 300


def test_snapshot_says_a_bad_alignment_before_drawing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.png"
    args = ["snapshot", str(sample("progress-ms-04")), "--at", "300", "-o", str(out)]
    assert cli_main([*args, "--align", "max_q"]) == 2
    assert "--align needs --compare" in capsys.readouterr().err
    assert cli_main([*args, "--compare", str(sample("progress-m-12m")), "--align", "nope"]) == 2
    assert "they share: liftoff, max_q" in capsys.readouterr().err
    assert not out.exists()


def test_file_menu_opens_a_comparison_and_aligns_it(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    other = str(sample("progress-m-12m"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (other, ""))
    asked: list[list[str]] = []

    def pick(*args: object) -> tuple[str, bool]:
        asked.append(list(args[3]))  # type: ignore[call-overload]
        return "fairing_jettison", True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    menu = window.commands.compare
    assert not menu.align.isEnabled() and not menu.close.isEnabled()
    menu.open.trigger()
    c = window.page.workbench.comparison
    assert c.other is not None and c.align == "fairing_jettison"
    assert asked[0][0] == "liftoff" and "upper_stage_ignition" in asked[0]
    assert menu.align.isEnabled() and menu.close.isEnabled()
    menu.close.trigger()
    assert c.other is None and not menu.close.isEnabled()
