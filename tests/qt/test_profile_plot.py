"""Ascent profile plots: added from the "+ Channel" menu, drawn up to the replay time, the
cursor at the replay time's sample and the stage events passed on the curve."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from replay.qt.main_window import MainWindow
from replay.qt.plot_lanes import short_label
from replay.session import Session


@pytest.fixture
def window(ms04_window: Callable[[float], MainWindow]) -> MainWindow:
    return ms04_window(200.0)


def add_from_the_channel_menu(w: MainWindow, text: str) -> None:
    stack = w.page.plots
    menu = stack.bar.add_menu  # the "+ Channel" button's menu, filled as it opens
    menu.aboutToShow.emit()
    action = next(a for a in menu.actions() if a.text() == text)
    action.trigger()


def test_altitude_against_downrange_follows_the_replay(window: MainWindow, ms04: Session) -> None:
    add_from_the_channel_menu(window, "Ascent profile: altitude against downrange")
    panel = window.page.workbench.profiles
    assert panel.shown() == ["alt_downrange"] and panel.isVisible()
    plot = panel.plots["alt_downrange"]
    f = ms04.flight
    for t in (200.0, 123.4, 350.0):
        window.controller.seek(t)
        k = int(np.searchsorted(f.t_s, t, side="right")) - 1
        want = (f.channel("downrange_km")[k], f.channel("alt_m")[k] / 1e3)
        assert plot.cursor_xy == pytest.approx(want)
        xs, ys = plot.curve.getData()
        assert (xs[-1], ys[-1]) == pytest.approx(want)  # the curve ends at the cursor
        assert np.nanmax(xs) <= want[0] + 1e-9  # nothing of the future
        cx, cy = plot.cursor.getData()
        assert (cx[0], cy[0]) == pytest.approx(want)
    # The stage events passed by T+350, each at its sample on the curve.
    ignition = next(e for e in ms04.analysis.events if e.id == "upper_stage_ignition")
    name = short_label(ignition.label)  # as the time plots' event lane says it
    at_ignition = [(x, y) for x, y, label in plot.event_points() if name in label]
    k = int(np.searchsorted(f.t_s, ignition.t_s, side="right")) - 1
    assert len(at_ignition) == 1  # events at one time share a marker and a label
    assert at_ignition[0] == pytest.approx(
        (f.channel("downrange_km")[k], f.channel("alt_m")[k] / 1e3)
    )
    window.controller.seek(100.0)
    assert not any(name in label for *_, label in plot.event_points())
    assert plot.item.getAxis("bottom").labelText == "Downrange distance (km)"
    add_from_the_channel_menu(window, "Ascent profile: altitude against downrange")
    assert panel.shown() == [] and not panel.isVisible()  # unchecked: gone


def test_speed_against_altitude(window: MainWindow, ms04: Session) -> None:
    add_from_the_channel_menu(window, "Ascent profile: speed against altitude")
    plot = window.page.workbench.profiles.plots["speed_alt"]
    f = ms04.flight
    window.controller.seek(250.0)
    k = int(np.searchsorted(f.t_s, 250.0, side="right")) - 1
    want = (f.channel("alt_m")[k] / 1e3, f.channel("v_relative_m_s")[k])
    assert plot.cursor_xy == pytest.approx(want)


def test_the_profile_takes_the_plots_units(window: MainWindow, ms04: Session) -> None:
    plot = window.page.workbench.profiles.add("alt_downrange")
    window.page.set_units("imperial")
    window.controller.seek(250.0)
    f = ms04.flight
    k = int(np.searchsorted(f.t_s, 250.0, side="right")) - 1
    feet = f.channel("alt_m")[k] / 0.3048
    assert plot.cursor_xy is not None and plot.cursor_xy[1] == pytest.approx(feet)
    assert plot.item.getAxis("left").labelText == "Altitude (ft)"


def test_a_saved_view_keeps_the_profiles(window: MainWindow, tmp_path: Path) -> None:
    from replay.core.view_file import PROFILE_IDS, read_view, write_view
    from replay.qt.profile_plot import PROFILES

    assert tuple(p.id for p in PROFILES) == PROFILE_IDS  # the file knows every profile
    panel = window.page.workbench.profiles
    panel.add("speed_alt")
    state = window.view_state()
    assert state.profiles == ("speed_alt",)
    saved = read_view(write_view(state, tmp_path / "v.toml"))
    panel.set_profiles(())
    assert panel.shown() == [] and not panel.isVisible()
    window.apply_view_state(saved)
    assert panel.shown() == ["speed_alt"] and panel.isVisible()
