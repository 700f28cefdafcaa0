"""Flight events: those the file records, plus those the data shows where the file is silent.

Staging shows as a sudden fall of the sensed axial acceleration (engines stop, mass drops away),
and so does a loss of thrust: the data cannot tell them apart, so the event says both;
max-Q is the peak of dynamic pressure, taken from a dynamic-pressure channel or, failing that,
computed from the altitude and speed with the standard atmosphere.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from replay.core import channels as ch
from replay.core.flight import Event, Flight
from replay.physics.atmosphere import atmosphere

#: A fall of at least this much sensed acceleration within STEP_WINDOW_S is a staging step.
STEP_DROP_G = 0.6
STEP_WINDOW_S = 0.5
#: Two steps closer than this are one event.
STEP_MERGE_S = 5.0
_ACCEL_NAMES = ("accel_axial_g", "axial_g", "accel_g", "ax_g")
_Q_NAMES = {"q_kpa": 1e3, "q_pa": 1.0, "dynamic_pressure_pa": 1.0, "dynamic_pressure_kpa": 1e3}
_STAGING_IDS = ("separation", "cutoff", "staging", "jettison", "ignition")


def flight_events(flight: Flight) -> tuple[Event, ...]:
    """Recorded events, plus detected staging and max-Q where the file records none."""
    recorded = [Event(e.t_s, e.id, e.label, "recorded") for e in flight.meta.events]
    ids = " ".join(e.id for e in recorded)
    detected: list[Event] = []
    if "max_q" not in ids:
        detected += _max_q(flight)
    if not any(word in ids for word in _STAGING_IDS):
        detected += _staging(flight)
    return tuple(sorted(recorded + detected, key=lambda e: e.t_s))


def _max_q(flight: Flight) -> list[Event]:
    q_pa = _dynamic_pressure_pa(flight)
    if q_pa is None or not np.isfinite(q_pa).any():
        return []
    k = int(np.nanargmax(q_pa))
    if k == 0 or k == q_pa.size - 1 or q_pa[k] <= 0:  # a maximum at an end is not max-Q
        return []
    t = float(flight.t_s[k])
    return [Event(t, "max_q", f"Max-Q ({q_pa[k] / 1e3:.1f} kPa)", "detected")]


def _dynamic_pressure_pa(flight: Flight) -> npt.NDArray[np.float64] | None:
    for name, scale in _Q_NAMES.items():
        if name in flight.channels:
            return np.asarray(flight.channels[name], dtype=np.float64) * scale
    if not all(n in flight.channels for n in (*ch.VELOCITY_ECEF, "alt_m")):
        return None
    v2 = sum(np.asarray(flight.channels[n], dtype=np.float64) ** 2 for n in ch.VELOCITY_ECEF)
    alt = np.clip(np.asarray(flight.channels["alt_m"], dtype=np.float64), 0.0, 999e3)
    return np.asarray(0.5 * atmosphere(alt).density_kg_m3 * v2, dtype=np.float64)


def _staging(flight: Flight) -> list[Event]:
    name = next((n for n in _ACCEL_NAMES if n in flight.channels), None)
    if name is None:
        return []
    t = flight.t_s
    a = np.asarray(flight.channels[name], dtype=np.float64)
    ok = np.isfinite(a)
    t, a = t[ok], a[ok]
    if t.size < 3:
        return []
    later = np.interp(t + STEP_WINDOW_S, t, a)  # value half a second on
    drop = a - later
    # Only where the data really covers the window (no gap in between).
    covered = np.searchsorted(t, t + STEP_WINDOW_S) < t.size
    candidates = np.flatnonzero((drop >= STEP_DROP_G) & covered & (a > 0.5))
    out: list[Event] = []
    last = -np.inf
    for i in candidates.tolist():
        if t[i] - last < STEP_MERGE_S:
            continue
        # The step itself: the steepest sample-to-sample fall inside the window.
        k = int(np.searchsorted(t, t[i] + STEP_WINDOW_S))
        j = i + int(np.argmax(a[i:k] - a[i + 1 : k + 1])) if k > i + 1 else i
        last = float(t[j])
        n = len(out) + 1
        label = f"Acceleration fell {drop[i]:.1f} g (staging or loss of thrust)"
        out.append(Event(last, f"accel_drop_{n}", label, "detected"))
    return out
