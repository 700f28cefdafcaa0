"""Nominal versus actual: the reference flight of the same vehicle, and where the two part.

The reference is the same scenario flown without its failure. The first divergence is the first
moment a channel of the actual flight stays beyond a stated tolerance of the reference for
``SUSTAIN_S`` (a single noisy sample is not a divergence).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from replay.core.flight import Flight

#: How far each channel may stray from the reference before the flights have parted.
TOLERANCES = {"alt_m": 1000.0, "v_relative_m_s": 30.0, "accel_axial_g": 0.3, "q_kpa": 3.0}
SUSTAIN_S = 0.5


@dataclass(frozen=True, slots=True)
class Divergence:
    """The first time the actual flight left the reference, on which channel and by how much."""

    t_s: float
    channel: str
    delta: float
    tolerance: float

    def off_by(self, unit: str = "") -> str:
        """The difference as people write it: ``-7.33 bar``, ``+1,270 m`` (no 1.27e+03)."""
        return _amount(self.delta, unit, signed=True)

    def tolerance_text(self, unit: str = "") -> str:
        return _amount(self.tolerance, unit, signed=False)


def _amount(value: float, unit: str, *, signed: bool) -> str:
    sign = "+" if signed else ""
    text = f"{value:{sign},.0f}" if abs(value) >= 1000 else f"{value:{sign}.3g}"
    return f"{text} {unit}" if unit else text


def nominal_reference(flight: Flight) -> Flight | None:
    """The scenario's nominal flight, when ``flight`` is a failed flight of one of ours."""
    from replay.resources import asset_names
    from replay.sim.scenario import load_scenario

    sid = flight.meta.scenario_id
    if sid not in asset_names("scenarios"):
        return None
    if load_scenario(sid).failure is None:
        return None  # a nominal flight is its own reference
    return _flown(sid, flight.meta.sample_rate_hz or 25.0)


@lru_cache(maxsize=4)
def _flown(scenario_id: str, rate_hz: float) -> Flight:
    """The scenario flown without its failure (0.4 s): once per process, not per open."""
    from replay.sim.generate import generate

    return generate(scenario_id, rate_hz=rate_hz, nominal=True).telemetry


def first_divergence(
    actual: Flight, reference: Flight, tolerances: dict[str, float] | None = None
) -> Divergence | None:
    """The earliest sustained departure of ``actual`` from ``reference`` (``None`` if none)."""
    tol = dict(TOLERANCES) if tolerances is None else tolerances
    if tolerances is None:  # chamber and tank pressures: a tenth of their nominal range
        for name, values in reference.channels.items():
            if name.endswith("_bar") and values.size:
                tol[name] = 0.1 * float(np.nanmax(np.abs(values)))
    t = actual.t_s
    inside = (t >= reference.t_s[0]) & (t <= reference.t_s[-1])
    best: Divergence | None = None
    for name, limit in tol.items():
        if name not in actual.channels or name not in reference.channels:
            continue
        ref = np.interp(t[inside], reference.t_s, reference.channels[name].astype(np.float64))
        delta = actual.channels[name][inside].astype(np.float64) - ref
        beyond = np.abs(delta) > limit
        k = _first_sustained(t[inside], beyond)
        if k is not None and (best is None or t[inside][k] < best.t_s):
            best = Divergence(float(t[inside][k]), name, float(delta[k]), limit)
    return best


def _first_sustained(t: np.ndarray, beyond: np.ndarray) -> int | None:
    """Index where the first run of ``beyond`` lasting at least SUSTAIN_S starts."""
    if not beyond.any():
        return None
    edges = np.diff(np.concatenate(([0], beyond.view(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    for a, b in zip(starts, ends, strict=True):
        if t[b] - t[a] >= SUSTAIN_S or b == t.size - 1:
            return int(a)
    return None
