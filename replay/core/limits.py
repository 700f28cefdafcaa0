"""Caution and warning limits per channel, defined with the vehicle data (``[[limits]]``).

A flight finds its vehicle through ``# vehicle_id:`` in its header, or through its scenario.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from replay.core.flight import Flight

Level = Literal["ok", "caution", "warning"]


@dataclass(frozen=True, slots=True)
class ChannelLimits:
    """Bands outside which a value needs attention (``None``: no limit on that side)."""

    channel: str
    caution_low: float | None = None
    caution_high: float | None = None
    warning_low: float | None = None
    warning_high: float | None = None

    def level(self, value: float) -> Level:
        """How far out of limits a single value is (NaN is ``ok``: there is nothing to judge)."""
        if not math.isfinite(value):
            return "ok"
        if _beyond(value, self.warning_low, self.warning_high):
            return "warning"
        if _beyond(value, self.caution_low, self.caution_high):
            return "caution"
        return "ok"

    def levels(self, values: npt.NDArray[np.float64]) -> npt.NDArray[np.int8]:
        """0 ok, 1 caution, 2 warning for every value."""
        out = np.zeros(values.shape, dtype=np.int8)
        out[_beyond_array(values, self.caution_low, self.caution_high)] = 1
        out[_beyond_array(values, self.warning_low, self.warning_high)] = 2
        return out


def _beyond(v: float, low: float | None, high: float | None) -> bool:
    return (low is not None and v < low) or (high is not None and v > high)


def _beyond_array(
    v: npt.NDArray[np.float64], low: float | None, high: float | None
) -> npt.NDArray[np.bool_]:
    out = np.zeros(v.shape, dtype=bool)
    if low is not None:
        out |= v < low
    if high is not None:
        out |= v > high
    return out


def limits_for(flight: Flight) -> dict[str, ChannelLimits]:
    """The limits of the flight's vehicle, keyed by channel (empty when the vehicle is unknown)."""
    from replay.resources import asset_names, read_toml

    vehicle = flight.meta.extra.get("vehicle_id", "")
    if not vehicle and flight.meta.scenario_id in asset_names("scenarios"):
        vehicle = str(read_toml("scenarios", flight.meta.scenario_id).get("vehicle", ""))
    if vehicle not in asset_names("vehicles"):
        return {}
    rows = read_toml("vehicles", vehicle).get("limits", [])
    return {str(r["channel"]): _limits(r) for r in rows if str(r["channel"]) in flight.channels}


def _limits(row: dict[str, Any]) -> ChannelLimits:
    def get(key: str) -> float | None:
        return None if key not in row else float(row[key])

    return ChannelLimits(
        str(row["channel"]),
        get("caution_low"),
        get("caution_high"),
        get("warning_low"),
        get("warning_high"),
    )
