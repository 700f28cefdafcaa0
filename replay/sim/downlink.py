"""Which frames reach the ground: station coverage, then the dropouts a real link suffers.

A frame is received when some station of the vehicle's network sees the vehicle, except in
short dropouts at staging (plasma, antenna switching), at station hand-over and at random (bit
errors), and, for a tumbling spacecraft, outside the bursts when its antenna faces the ground.
Everything random comes from the generator passed in, so a seed gives the same file every time.

A dropout is a gap the stream comes back from: one that would still be open at the last frame
of the recording is not drawn, since a silence at the end reads as a loss of signal, and a
loss of signal is only where the scenario says the telemetry was lost (``telemetry_end_s``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from replay.core.flight import Event
from replay.core.types import FloatArray
from replay.physics.stations import Station, elevations_deg, visible_from
from replay.sim.telemetry_spec import Fragments, TelemetrySpec

BoolArray = npt.NDArray[np.bool_]


def received(
    t_s: FloatArray,
    r_ecef_m: FloatArray,
    stations: Sequence[Station],
    spec: TelemetrySpec,
    *,
    events: Sequence[Event],
    rng: np.random.Generator,
    telemetry_end_s: float | None = None,
) -> BoolArray:
    """The mask of frames (one per time in ``t_s``) that the ground receives.

    ``telemetry_end_s``: the vehicle sends nothing after this time (a failure the scenario
    describes); None: it transmits to the end of the recording.
    """
    el = elevations_deg(stations, r_ecef_m)
    seen = visible_from(stations, r_ecef_m, el)
    ok = seen.any(axis=1)
    ok &= ~_staging(t_s, spec, events, rng)
    ok &= ~_handovers(t_s, el, seen, spec, rng)
    ok &= ~_random(t_s, spec, rng)
    if spec.fragments is not None:
        ok &= _bursts(t_s, spec.fragments, rng)
    if telemetry_end_s is not None:
        ok &= t_s <= telemetry_end_s + 1e-9
    return ok


def _window_mask(
    t_s: FloatArray, starts: FloatArray, lengths: FloatArray, *, to_the_end: bool = False
) -> BoolArray:
    """True inside any ``[start, start + length)`` window; unless ``to_the_end``, only windows
    that close before the last frame (a dropout never runs into the end of the recording)."""
    if not to_the_end:
        closes = starts + lengths <= (t_s[-1] if t_s.size else 0.0)
        starts, lengths = starts[closes], lengths[closes]
    if starts.size == 0:
        return np.zeros(t_s.shape, dtype=bool)
    edges = np.zeros(t_s.size + 1, dtype=np.int64)
    np.add.at(edges, np.searchsorted(t_s, starts, side="left"), 1)
    np.add.at(edges, np.searchsorted(t_s, starts + lengths, side="left"), -1)
    return np.cumsum(edges[:-1]) > 0


def _staging(
    t_s: FloatArray, spec: TelemetrySpec, events: Sequence[Event], rng: np.random.Generator
) -> BoolArray:
    starts = np.array([e.t_s for e in events if e.id in spec.staging_events], dtype=np.float64)
    lengths = rng.uniform(*spec.staging_dropout_s, size=starts.size)
    return _window_mask(t_s, starts, lengths)


def _handovers(
    t_s: FloatArray, el: FloatArray, seen: BoolArray, spec: TelemetrySpec, rng: np.random.Generator
) -> BoolArray:
    """A short gap whenever the best station (highest above its horizon) changes."""
    best = np.where(seen.any(axis=1), np.argmax(np.where(seen, el, -np.inf), axis=1), -1)
    change = np.flatnonzero((best[1:] != best[:-1]) & (best[1:] >= 0) & (best[:-1] >= 0)) + 1
    starts = t_s[change]
    return _window_mask(t_s, starts, rng.uniform(*spec.handover_dropout_s, size=starts.size))


def _random(t_s: FloatArray, spec: TelemetrySpec, rng: np.random.Generator) -> BoolArray:
    if t_s.size < 2 or spec.random_dropouts_per_min <= 0:
        return np.zeros(t_s.shape, dtype=bool)
    span = float(t_s[-1] - t_s[0])
    count = int(rng.poisson(spec.random_dropouts_per_min * span / 60.0))
    period = span / max(t_s.size - 1, 1)
    starts = np.sort(rng.uniform(float(t_s[0]), float(t_s[-1]), size=count))
    lo, hi = spec.random_dropout_frames
    frames = rng.integers(lo, hi + 1, size=count)
    return _window_mask(t_s, starts, np.asarray(frames * period, dtype=np.float64))


def _bursts(t_s: FloatArray, frag: Fragments, rng: np.random.Generator) -> BoolArray:
    """Before ``from_t_s`` everything; after it only short bursts separated by long gaps."""
    starts, lengths = [], []
    t = frag.from_t_s
    end = float(t_s[-1]) if t_s.size else t
    while True:
        t += rng.uniform(*frag.gap_s)
        if t >= end:
            break
        length = rng.uniform(*frag.length_s)
        starts.append(t)
        lengths.append(length)
        t += length
    # Bursts are windows of reception, not dropouts: one may run to the end of the recording.
    inside = _window_mask(t_s, np.array(starts), np.array(lengths), to_the_end=True)
    return np.asarray((t_s < frag.from_t_s) | inside)
