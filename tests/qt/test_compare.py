"""A second flight for comparison on the same plots and map, aligned at an event."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

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


def test_a_saved_view_keeps_the_comparison_and_its_alignment(
    window: MainWindow, ms04: Session, tmp_path: Path
) -> None:
    from replay.qt.view_files import open_view, save_view

    c = window.page.workbench.comparison
    m12m = sample("progress-m-12m")
    c.set_comparison(load_session(m12m, places=False, teaching=False), "upper_stage_ignition")
    window.controller.seek(345.0)
    path = save_view(window, str(tmp_path / "compare.toml"))
    assert path is not None
    text = Path(path).read_text(encoding="utf-8")
    assert f'file = "{Path(m12m).resolve()}"' in text
    assert 'align = "upper_stage_ignition"' in text
    c.set_comparison(None)
    window.controller.seek(10.0)
    # Opened again: the same flight compared, aligned at the same event, at the same time.
    assert open_view(window, ms04, path) is not None
    assert c.path() == str(Path(m12m).resolve()) and c.align == "upper_stage_ignition"
    main_t = event_t(ms04, "upper_stage_ignition")
    assert c.event_time_s("upper_stage_ignition") == pytest.approx(main_t)
    assert window.controller.clock.t_s == pytest.approx(345.0)
    # A view naming an event the two flights do not share: one line, nothing on screen changed.
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("upper_stage_ignition", "no_such_event"), encoding="utf-8")
    window.controller.seek(100.0)
    assert open_view(window, ms04, str(bad)) is None
    box = window.findChildren(QMessageBox)[-1]
    assert "cannot align the comparison at 'no_such_event'; both flights have liftoff" in (
        box.text() + box.informativeText()
    )
    box.close()
    assert c.align == "upper_stage_ignition" and window.controller.clock.t_s == 100.0
    # A view without a comparison shows none.
    plain = tmp_path / "plain.toml"
    plain.write_text(text.split("[compare]")[0], encoding="utf-8")
    assert open_view(window, ms04, str(plain)) is not None
    assert c.other is None and not c.legend.isVisible()


def test_the_nominal_flight_is_one_case_of_the_comparison(
    window: MainWindow, ms04: Session
) -> None:
    menu = window.commands.compare
    c = window.page.workbench.comparison
    window.controller.hold_back(frozenset())  # no lesson pause holding anything back
    assert ms04.reference is not None and menu.nominal.isEnabled()
    menu.nominal.trigger()
    assert c.other is not None and c.other.flight is ms04.reference
    assert "its nominal flight (no failure)" in c.legend_html()
    # The same plan: the nominal's third stage lights when MS-04's did, on the same axis...
    main_t = event_t(ms04, "upper_stage_ignition")
    assert c.event_time_s("upper_stage_ignition") == pytest.approx(main_t, abs=0.5)
    # ...and before the failure its altitude curve is MS-04's (within 0.5 %).
    xs, ys = c.curves["alt_m"].getData()
    k = int(np.searchsorted(xs, 300.0))
    j = int(np.searchsorted(ms04.flight.t_s, xs[k]))
    assert ys[k] == pytest.approx(ms04.flight.channel("alt_m")[j] / 1e3, rel=5e-3)
    # A lesson holding the future back: the plan ahead of now is not shown.
    window.controller.hold_back(frozenset({"future"}))
    assert c.other is None and not menu.nominal.isEnabled()
    window.controller.hold_back(frozenset())
    menu.nominal.trigger()
    # Another flight opened: MS-04's plan is not compared with it.
    other = load_session(sample("progress-m-12m"), places=False)
    window.show_session(other, "progress-m-12m.csv.gz", t_s=100.0)
    assert c.other is None
    menu.nominal.trigger()
    assert c.other is not None and c.other.flight is other.reference
