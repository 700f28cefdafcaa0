"""Data health per channel, to show before playback: rate, gaps, NaN runs, flat-lined stretches.

A flat-lined stretch is a run of identical values lasting at least ``FLAT_MIN_S`` — a sensor that
froze or a value the downlink repeats. Channels that are constant by nature (a stage number, a
chamber pressure before ignition) show up too; the report says so rather than guessing intent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core.flight import Flight

FLAT_MIN_S = 2.0


@dataclass(frozen=True, slots=True)
class ChannelHealth:
    """How complete and alive one channel is."""

    name: str
    unit: str
    effective_rate_hz: float
    finite_fraction: float
    nan_runs: int
    longest_nan_s: float
    flat_runs: int
    longest_flat_s: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "channel": self.name,
            "unit": self.unit,
            "effective_rate_hz": self.effective_rate_hz,
            "finite_fraction": self.finite_fraction,
            "nan_runs": self.nan_runs,
            "longest_nan_s": self.longest_nan_s,
            "flat_runs": self.flat_runs,
            "longest_flat_s": self.longest_flat_s,
        }


def channel_health(flight: Flight, period_s: float) -> tuple[ChannelHealth, ...]:
    """The health of every channel (``period_s`` is the stream's nominal sample period)."""
    t = flight.t_s
    span = max(flight.duration_s, period_s)
    min_flat = max(round(FLAT_MIN_S / period_s), 2)
    out = []
    for name, values in flight.channels.items():
        a = np.asarray(values)
        finite = np.isfinite(a) if a.dtype.kind == "f" else np.ones(a.shape, dtype=bool)
        n_nan, longest_nan = _runs(~finite, t)
        n_flat, longest_flat = _flat_runs(a, t, min_flat)
        out.append(
            ChannelHealth(
                name=name,
                unit=flight.units.get(name, ""),
                effective_rate_hz=float(finite.sum()) / span,
                finite_fraction=float(finite.mean()),
                nan_runs=n_nan,
                longest_nan_s=longest_nan,
                flat_runs=n_flat,
                longest_flat_s=longest_flat,
            )
        )
    return tuple(out)


def _runs(mask: npt.NDArray[np.bool_], t: npt.NDArray[np.float64]) -> tuple[int, float]:
    """Number of runs of True in ``mask`` and the longest one's duration (first to last sample)."""
    if not mask.any():
        return 0, 0.0
    edges = np.diff(np.concatenate(([0], mask.view(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return int(starts.size), float(np.max(t[ends] - t[starts]))


def _flat_runs(a: npt.NDArray[Any], t: npt.NDArray[np.float64], min_len: int) -> tuple[int, float]:
    """Runs of at least ``min_len`` identical consecutive (finite) values."""
    if a.size < min_len:
        return 0, 0.0
    same = a[1:] == a[:-1]  # NaN != NaN, so NaN runs are not counted as flat
    edges = np.diff(np.concatenate(([0], same.view(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)  # in diff indices
    lengths = ends - starts + 1  # samples in the run
    long = lengths >= min_len
    if not long.any():
        return 0, 0.0
    return int(long.sum()), float(np.max(t[ends[long]] - t[starts[long]]))
