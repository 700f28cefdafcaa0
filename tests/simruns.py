"""Cached simulation runs and the test data folder, shared by the physics and sim tests."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

from replay.sim.ascent import AscentResult, simulate
from replay.sim.scenario import load_scenario
from replay.sim.vehicle import load_vehicle

DATA_DIR = Path(__file__).parent / "data"


@cache
def run_scenario(name: str, nominal: bool = False) -> AscentResult:
    """Simulate a scenario once per test session (optionally with its failure removed)."""
    scn = load_scenario(name)
    if nominal:
        scn = dataclasses.replace(scn, failure=None)
    return simulate(load_vehicle(scn.vehicle_id), scn)
