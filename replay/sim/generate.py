"""Generate a scenario's telemetry: simulate the ascent, then synthesise what the ground received.

>>> g = generate("antares-orb-3", rate_hz=5.0)
>>> g.telemetry.meta.scenario_id, round(float(g.telemetry.t_s[-1]), 1)
('antares-orb-3', 20.0)
"""

from __future__ import annotations

import math
from dataclasses import replace

from replay.sim.ascent import simulate
from replay.sim.scenario import Scenario, load_scenario
from replay.sim.telemetry import Generated, synthesize
from replay.sim.vehicle import load_vehicle

DEFAULT_RATE_HZ = 25.0
DEFAULT_SEED = 1
MAX_RATE_HZ = 1000.0


def generate(
    scenario_id: str,
    *,
    rate_hz: float = DEFAULT_RATE_HZ,
    seed: int = DEFAULT_SEED,
    duration_s: float | None = None,
    nominal: bool = False,
    networks: tuple[str, ...] | None = None,
) -> Generated:
    """The telemetry (and truth) of ``scenario_id``; ``duration_s`` moves the recording's end.

    ``nominal=True`` flies the same vehicle and plan without the failure (no precursors, no
    fragments): the reference a failed flight is compared with. ``networks`` replaces the
    scenario's receiving networks: what those stations alone would have recorded.
    """
    if not (math.isfinite(rate_hz) and 0 < rate_hz <= MAX_RATE_HZ):
        raise ValueError(f"rate must be in (0, {MAX_RATE_HZ:g}] Hz, got {rate_hz!r}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if duration_s is not None and not (math.isfinite(duration_s) and duration_s > 0):
        raise ValueError(f"duration must be a positive number of seconds, got {duration_s!r}")
    scn = load_scenario(scenario_id)
    if nominal:
        plain = replace(scn.telemetry, precursors=(), fragments=None)
        scn = replace(scn, failure=None, telemetry=plain)
    if duration_s is not None:
        scn = replace(scn, telemetry=replace(scn.telemetry, recording_end_s=float(duration_s)))
    if networks is not None:
        if not networks or not all(isinstance(n, str) and n for n in networks):
            raise ValueError(f"networks must be a non-empty tuple of names, got {networks!r}")
        scn = replace(scn, telemetry=replace(scn.telemetry, networks=tuple(networks)))
    return _generate(scn, rate_hz, seed)


def _generate(scn: Scenario, rate_hz: float, seed: int) -> Generated:
    veh = load_vehicle(scn.vehicle_id)
    # Coast after spacecraft separation until the recording ends (nominal flights).
    coast_s = max(scn.telemetry.recording_end_s, 0.0)
    result = simulate(veh, scn, sample_rate_hz=rate_hz, coast_after_separation_s=coast_s)
    return synthesize(scn, veh, result, rate_hz=rate_hz, seed=seed)
