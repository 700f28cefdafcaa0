"""The derived channels are listed under "+ Channel" by readable names and plot like any other."""

from __future__ import annotations

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from replay.qt.plots import PlotStack
from replay.session import Session


def test_derived_channels_are_offered_and_plotted(qtbot: QtBot, ms04: Session) -> None:
    stack = PlotStack()
    qtbot.addWidget(stack)
    stack.resize(1100, 800)
    stack.set_session(ms04)
    stack.grab()
    stack.seek(300.0)
    stack.bar.add_menu.aboutToShow.emit()
    actions = {a.text(): a for a in stack.bar.add_menu.actions()}
    for title in (
        "Downrange distance (km)",
        "Specific mechanical energy (MJ/kg)",
        "Time since the last frame (s)",
        "Mach number",
        "Flight-path angle (deg)",
    ):
        assert title in actions, sorted(actions)
    actions["Downrange distance (km)"].setChecked(True)
    actions["Specific mechanical energy (MJ/kg)"].setChecked(True)
    assert stack.channels()[-2:] == ["downrange_km", "specific_energy_j_kg"]
    f = ms04.flight
    _, km = stack.plot("downrange_km").data()
    assert np.nanmax(km) == pytest.approx(f.channel("downrange_km")[f.index_at(300.0)])
    _, mj = stack.plot("specific_energy_j_kg").data()
    energy = f.channel("specific_energy_j_kg")[: f.count_until(300.0)]
    assert np.nanmax(mj) == pytest.approx(np.nanmax(energy) / 1e6)  # shown in MJ/kg
