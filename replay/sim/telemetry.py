"""Turn a simulated ascent into what a ground station would have recorded.

The true trajectory is sampled on the frame grid (``k / rate``), the sensors add seeded noise and
are rounded to their resolution, failure precursors are applied, and only the frames the
ground receives are kept (``downlink``). The ground recording runs on to the flight's nominal end,
so a failure shows as silence. The falling vehicle after a failure is not telemetry; it is
returned separately as the *truth*.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core import channels as ch
from replay.core.flight import Event, Flight, FlightMeta, LaunchSite
from replay.core.types import FloatArray
from replay.physics.constants import OMEGA_EARTH_RAD_S
from replay.physics.geodesy import geodetic_from_ecef_unchecked
from replay.physics.stations import load_stations
from replay.sim.ascent import AscentResult
from replay.sim.breakup import DebrisField
from replay.sim.downlink import received
from replay.sim.scenario import Scenario
from replay.sim.telemetry_spec import Precursor
from replay.sim.trajectory import Trajectory
from replay.sim.vehicle import Vehicle

#: Events that belong to the simulator's truth, not to what the ground was told.
TRUTH_ONLY_EVENTS = frozenset({"thrust_termination", "telemetry_end", "failure", "impact"})

#: Sample rate of the truth after a failure (not telemetry, so no need for the frame rate).
TRUTH_RATE_HZ = 5.0
#: Sensor noise: absolute standard deviation, or relative when the name is in _RELATIVE.
_NOISE = {
    "nav_position_m": 2.0,
    "nav_velocity_m_s": 0.05,
    "v_inertial_m_s": 0.05,
    "v_relative_m_s": 0.05,
    "accel_axial_g": 0.002,
    "q_kpa": 0.005,
    "mach": 0.003,
    "fpa_deg": 0.02,
    "pitch_deg": 0.05,
    "heading_deg": 0.05,
    "pc": 0.003,
}
_RELATIVE = {"q_kpa", "mach", "pc"}
#: Decimals each channel is written with (its resolution).
_DECIMALS = {
    "position": 1,
    "velocity": 3,
    "angle_geo": 7,
    "alt_m": 2,
    "speed": 2,
    "accel_axial_g": 4,
    "q_kpa": 3,
    "mach": 3,
    "angle": 3,
    "pc": 2,
}


@dataclass(frozen=True, slots=True)
class Generated:
    """A generated flight: the telemetry file's content and, after a failure, the truth: the
    path of the main falling body and, when the scenario breaks up, its debris field."""

    telemetry: Flight
    truth: Flight | None
    debris: DebrisField | None = None


def synthesize(
    scn: Scenario, veh: Vehicle, result: AscentResult, *, rate_hz: float, seed: int
) -> Generated:
    """Build the received telemetry (and the truth after a failure) from a simulation."""
    spec = scn.telemetry
    rng_noise, rng_link = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    traj = result.trajectory
    on_grid = np.abs(traj.t_s * rate_hz - np.round(traj.t_s * rate_hz)) < 1e-6
    keep = on_grid & (traj.t_s <= spec.recording_end_s + 1e-9)
    k_pad = np.arange(math.ceil(spec.recording_start_s * rate_hz - 1e-9), 0)
    t = np.concatenate([k_pad / rate_hz, traj.t_s[keep]])
    true = _pad_channels(scn, traj, k_pad.size) | {}
    flown = _flight_channels(traj, np.flatnonzero(keep))
    true = {name: np.concatenate([true[name], flown[name]]) for name in flown}
    for extra in spec.channels:
        true[extra.name] = np.full(t.size, extra.nominal)
    for pre in spec.precursors:
        _apply_precursor(true, t, pre)
    sensed = _sense(true, t, spec, rng_noise)
    events = tuple(e for e in result.events if e.id not in TRUTH_ONLY_EVENTS)
    stations = load_stations(spec.networks)
    r = np.stack([sensed[n] for n in ch.POSITION_ECEF], axis=1)
    failure = scn.failure
    ok = received(
        t,
        r,
        stations,
        spec,
        events=events,
        rng=rng_link,
        telemetry_end_s=None if failure is None else failure.telemetry_end_t_s,
    )
    frames = np.round(t * rate_hz).astype(np.int64) - int(k_pad[0] if k_pad.size else 0) + 1
    columns = {name: values[ok] for name, values in sensed.items()}
    columns[ch.FRAME] = frames[ok]
    t_rx = t[ok]
    if t_rx.size == 0:
        raise ValueError(
            f"scenario {scn.id!r}: no station of {spec.networks} ever sees the vehicle"
        )
    first_loss = spec.fragments.from_t_s if spec.fragments else float(t_rx[-1])
    heard = tuple(e for e in events if e.t_s <= first_loss + 1e-9)
    meta = _meta(scn, veh, rate_hz, seed, heard)
    units = {**_UNITS, **{c.name: c.unit for c in spec.channels}}
    units |= {f"pc_{sid}_bar": "bar" for sid in traj.stage_ids}
    telemetry = Flight(t_rx, columns, {n: units[n] for n in columns}, meta)
    return Generated(telemetry, _truth(scn, result, meta), result.debris)


_UNITS = {
    **ch.REQUIRED_UNITS,
    "v_inertial_m_s": "m/s",
    "v_relative_m_s": "m/s",
    "accel_axial_g": "g",
    "q_kpa": "kPa",
    "mach": "1",
    "fpa_deg": "deg",
    "pitch_deg": "deg",
    "heading_deg": "deg",
    "stage": "1",
}


def _flight_channels(traj: Trajectory, idx: npt.NDArray[np.intp]) -> dict[str, FloatArray]:
    """The true values of every channel at the trajectory samples ``idx``."""
    r, v = traj.r_ecef_m[idx], traj.v_ecef_m_s[idx]
    up = r / np.linalg.norm(r, axis=1, keepdims=True)
    speed = np.linalg.norm(v, axis=1)
    fpa = np.degrees(
        np.arcsin(np.clip(np.einsum("ij,ij->i", v, up) / np.maximum(speed, 1e-9), -1.0, 1.0))
    )
    out = _state_columns(r, v)
    out |= {
        "v_inertial_m_s": np.linalg.norm(traj.v_eci0_m_s[idx], axis=1),
        "v_relative_m_s": speed,
        "accel_axial_g": traj.axial_g[idx],
        "q_kpa": traj.dynamic_pressure_pa[idx] / 1e3,
        "mach": traj.mach[idx],
        "fpa_deg": np.where(speed > 1.0, fpa, 90.0),
        "pitch_deg": traj.pitch_deg[idx],
        "heading_deg": traj.heading_deg[idx],
        "stage": traj.stage_index[idx].astype(np.float64) + 1.0,
    }
    for j, sid in enumerate(traj.stage_ids):
        out[f"pc_{sid}_bar"] = traj.chamber_pressure_bar[idx, j]
    return out


def _pad_channels(scn: Scenario, traj: Trajectory, n: int) -> dict[str, FloatArray]:
    """On the pad before liftoff: at rest on the rotating Earth, the stand pushing up at 1 g."""
    r0, v0 = traj.r_ecef_m[0], np.zeros(3)
    out = _state_columns(np.tile(r0, (n, 1)), np.tile(v0, (n, 1)))
    spin = OMEGA_EARTH_RAD_S * float(np.hypot(r0[0], r0[1]))
    const = {
        "v_inertial_m_s": spin,
        "v_relative_m_s": 0.0,
        "accel_axial_g": 1.0,
        "q_kpa": 0.0,
        "mach": 0.0,
        "fpa_deg": 90.0,
        "pitch_deg": 90.0,
        "heading_deg": float(traj.heading_deg[0]),
        "stage": 1.0,
    }
    out |= {name: np.full(n, value) for name, value in const.items()}
    out |= {f"pc_{sid}_bar": np.zeros(n) for sid in traj.stage_ids}
    return out


def _state_columns(r: FloatArray, v: FloatArray) -> dict[str, FloatArray]:
    cols = {name: np.ascontiguousarray(r[:, i]) for i, name in enumerate(ch.POSITION_ECEF)}
    cols |= {name: np.ascontiguousarray(v[:, i]) for i, name in enumerate(ch.VELOCITY_ECEF)}
    return cols


def _apply_precursor(values: dict[str, FloatArray], t: FloatArray, pre: Precursor) -> None:
    if pre.channel not in values:
        raise ValueError(f"precursor on unknown channel {pre.channel!r}; have {sorted(values)}")
    span = (t - pre.from_t_s) / (pre.to_t_s - pre.from_t_s)
    if pre.shape == "ramp":
        scale = 1.0 + (pre.factor - 1.0) * np.clip(span, 0.0, 1.0)
    else:
        wave = pre.amplitude * np.sin(2 * np.pi * (t - pre.from_t_s) / pre.period_s)
        scale = np.where((span >= 0) & (span <= 1), 1.0 + wave, 1.0)
    for name in (pre.channel, *pre.also_scale):
        values[name] = values[name] * scale


def _sense(
    true: dict[str, FloatArray], t: FloatArray, spec: Any, rng: np.random.Generator
) -> dict[str, Any]:
    """Noise and rounding as the sensors and the navigation system deliver them."""
    n = t.size
    out: dict[str, Any] = {}
    r = np.stack([true[c] for c in ch.POSITION_ECEF], 1) + rng.normal(
        0, _NOISE["nav_position_m"], (n, 3)
    )
    v = np.stack([true[c] for c in ch.VELOCITY_ECEF], 1) + rng.normal(
        0, _NOISE["nav_velocity_m_s"], (n, 3)
    )
    r, v = np.round(r, _DECIMALS["position"]), np.round(v, _DECIMALS["velocity"])
    out |= _state_columns(r, v)
    lat, lon, alt = geodetic_from_ecef_unchecked(r[:, 0], r[:, 1], r[:, 2])
    out |= {
        "lat_deg": np.round(lat, _DECIMALS["angle_geo"]),
        "lon_deg": np.round(lon, _DECIMALS["angle_geo"]),
        "alt_m": np.round(alt, 2),
    }
    extra_noise = {c.name: c.noise_sd for c in spec.channels}
    for name, values in true.items():
        if name in out or name in ch.POSITION_ECEF or name in ch.VELOCITY_ECEF:
            continue
        key = "pc" if name.startswith("pc_") else name
        if name == "stage":
            out[name] = values.astype(np.int64)
            continue
        sd = extra_noise.get(name, _NOISE.get(key, 0.0))
        noisy = values + rng.normal(0.0, 1.0, n) * (sd * np.abs(values) if key in _RELATIVE else sd)
        if key in _RELATIVE:
            noisy = np.maximum(noisy, 0.0)
        decimals = _DECIMALS.get(key, _DECIMALS["angle"] if name.endswith("_deg") else 2)
        out[name] = np.round(noisy, _DECIMALS["speed"] if name.startswith("v_") else decimals)
    return out


def _meta(
    scn: Scenario, veh: Vehicle, rate_hz: float, seed: int, events: tuple[Event, ...]
) -> FlightMeta:
    site = scn.site
    return FlightMeta(
        vehicle=f"{veh.name} / {veh.payloads[scn.payload_id].label}",
        scenario_id=scn.id,
        title=scn.name,
        launch_utc=scn.epoch_utc,
        site=LaunchSite(site.name, site.lat_deg, site.lon_deg, site.h_m),
        sample_rate_hz=rate_hz,
        recording_start_s=scn.telemetry.recording_start_s,
        recording_end_s=scn.telemetry.recording_end_s,
        events=events,
        extra={
            "generator": "ascent-replay generate",
            "seed": str(seed),
            "networks": ", ".join(scn.telemetry.networks),
            "vehicle_id": veh.id,
        },
    )


def _truth(scn: Scenario, result: AscentResult, meta: FlightMeta) -> Flight | None:
    """The falling (or drifting) vehicle after the failure, in the native layout."""
    truth = result.truth_after_failure
    if truth is None or truth.t_s.size < 2:
        return None
    t_all, unique = np.unique(truth.t_s, return_index=True)
    # The truth is for showing where the vehicle went: TRUTH_RATE_HZ is plenty, plus the impact.
    on_grid = np.abs(t_all * TRUTH_RATE_HZ - np.round(t_all * TRUTH_RATE_HZ)) < 1e-6
    on_grid[-1] = True
    keep = unique[on_grid]
    t = np.round(t_all[on_grid], 6)
    cols: dict[str, Any] = _state_columns(truth.r_ecef_m[keep], truth.v_ecef_m_s[keep])
    cols |= {
        "lat_deg": truth.lat_deg[keep],
        "lon_deg": truth.lon_deg[keep],
        "alt_m": truth.alt_m[keep],
        "v_relative_m_s": np.linalg.norm(truth.v_ecef_m_s[keep], axis=1),
        "q_kpa": truth.dynamic_pressure_pa[keep] / 1e3,
        "mach": truth.mach[keep],
    }
    cols = {k: np.round(v, 7 if k.endswith("_deg") else 3) for k, v in cols.items()}
    cols[ch.FRAME] = np.arange(t.size, dtype=np.int64)
    title = f"{scn.name}: truth after the failure (not telemetry)"
    meta = replace(
        meta,
        title=title,
        events=truth.events,
        recording_start_s=float(t[0]),
        recording_end_s=float(t[-1]),
        extra={**meta.extra, "kind": "truth"},
    )
    units = {n: _UNITS.get(n, "") for n in cols}
    return Flight(t, cols, units, meta)
