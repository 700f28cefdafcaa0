"""Fly a vehicle through a scenario: staged, guided ascent integrated with solve_ivp."""

import math
from dataclasses import dataclass, replace

import numpy as np

from replay.core.flight import Event
from replay.core.types import FloatArray
from replay.physics.frames import ecef_from_eci0
from replay.physics.orbit import OrbitalElements, orbital_elements
from replay.sim.breakup import DebrisField, break_up
from replay.sim.dynamics import Steering, approx_height_m
from replay.sim.flight import fly, integrate
from replay.sim.scenario import Scenario
from replay.sim.trajectory import Piece, Trajectory, sample_pieces
from replay.sim.vehicle import Vehicle


@dataclass(frozen=True)
class AscentResult:
    """Telemetry-span trajectory, post-failure truth, events and orbit at cut-off."""

    trajectory: Trajectory
    truth_after_failure: Trajectory | None
    events: tuple[Event, ...]
    cutoff_elements: OrbitalElements | None
    separation_elements: OrbitalElements | None
    peg_updates: int
    debris: DebrisField | None = None  # where the pieces fell, when the scenario breaks up


def _grid(t0: float, t1: float, rate_hz: float) -> FloatArray:
    # Samples on the global k / rate grid, plus the exact end point.
    k0 = math.ceil(t0 * rate_hz - 1e-9)
    k1 = math.floor(t1 * rate_hz + 1e-9)
    grid = np.arange(k0, k1 + 1, dtype=np.float64) / rate_hz
    if grid.size == 0 or grid[-1] < t1 - 1e-9:
        grid = np.append(grid, t1)
    return grid


def _elements(y: list[float] | None) -> OrbitalElements | None:
    return None if y is None else orbital_elements(y[0:3], y[3:6])


def _max_q_event(traj: Trajectory) -> Event | None:
    q = traj.dynamic_pressure_pa
    k = int(np.argmax(q))
    if q[k] <= 0.0 or k == q.size - 1:  # a maximum at the end of the data is not max-Q
        return None
    t = float(traj.t_s[k])
    if 0 < k < q.size - 1:  # parabolic refinement between samples
        den = q[k - 1] - 2 * q[k] + q[k + 1]
        if den < 0:
            t += 0.5 * (q[k - 1] - q[k + 1]) / den * float(traj.t_s[k + 1] - traj.t_s[k])
    return Event(float(t), "max_q", f"Max-Q ({q[k] / 1000:.1f} kPa)")


def solve_kick_deg(veh: Vehicle, scn: Scenario, t_s: float, alt_m: float) -> float:
    """Find the pitch kick that puts the vehicle at altitude `alt_m` at time `t_s`.

    A larger kick gives a flatter, lower trajectory, so the altitude at a fixed time falls
    monotonically with the kick; bracketed regula falsi (Illinois) on [0.01, 15] deg.
    """

    def miss(kick: float) -> float:
        fl, _ = fly(veh, replace(scn, kick_deg=kick, failure=None), 0.0, t_stop=t_s)
        return approx_height_m(fl.y[0], fl.y[1], fl.y[2]) - alt_m

    lo, hi = 0.01, 15.0
    f_lo, f_hi = miss(lo), miss(hi)
    if f_lo < 0.0 or f_hi > 0.0:
        raise ValueError(f"no kick in [{lo}, {hi}] deg reaches {alt_m} m at T+{t_s} s")
    side = 0
    kick = lo
    for _ in range(40):
        kick = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
        f = miss(kick)
        if abs(f) < 100.0:
            break
        if f > 0.0:
            lo, f_lo = kick, f
            if side == 1:
                f_hi *= 0.5
            side = 1
        else:
            hi, f_hi = kick, f
            if side == -1:
                f_lo *= 0.5
            side = -1
    return kick


def simulate(
    veh: Vehicle,
    scn: Scenario,
    *,
    sample_rate_hz: float = 25.0,
    coast_after_separation_s: float = 0.0,
    max_fall_s: float = 7200.0,
) -> AscentResult:
    """Simulate the scenario; return telemetry-span trajectory, failure truth and events."""
    if sample_rate_hz <= 0.0 or not math.isfinite(sample_rate_hz):
        raise ValueError(f"sample_rate_hz must be positive, got {sample_rate_hz}")
    if scn.payload_id not in veh.payloads:
        raise ValueError(f"payload {scn.payload_id!r} not in {sorted(veh.payloads)}")
    g = veh.guidance
    if scn.kick_deg is None and g.kick_target_t_s is not None and g.kick_target_alt_m is not None:
        scn = replace(
            scn, kick_deg=solve_kick_deg(veh, scn, g.kick_target_t_s, g.kick_target_alt_m)
        )
    fl, _ = fly(veh, scn, coast_after_separation_s)
    stage_ids = tuple(s.id for s in veh.stages)
    failure = scn.failure
    truth: Trajectory | None = None
    debris: DebrisField | None = None
    t_main_end = fl.t
    if failure is not None and fl.events[-1].id == "thrust_termination":
        n_ascent = len(fl.pieces)
        fl.steering = Steering(mode="none")
        fl.burning.clear()
        sol = integrate(fl, fl.t + max_fall_s, [], failure.ballistic_coeff_kg_m2)
        impact = Event(fl.t, "impact", "Impact (truth after failure)") if sol.status == 1 else None
        fall = fl.pieces[n_ascent:]
        if scn.breakup is not None:
            debris = _debris(scn, failure.t_s, fall)
        truth = sample_pieces(
            fall, _grid(failure.t_s, fl.t, sample_rate_hz), stage_ids, (impact,) if impact else ()
        )
        t_main_end = min(max(failure.telemetry_end_t_s, failure.t_s), fl.t)
        if t_main_end > failure.t_s:
            fl.events.append(Event(t_main_end, "telemetry_end", "End of telemetry"))
    elif failure is not None and failure.kind == "separation_delta_v" and fl.sep_y is not None:
        start = len(fl.pieces)
        t_sep = fl.t
        integrate(fl, t_sep + 600.0, [])
        truth = sample_pieces(fl.pieces[start:], _grid(t_sep, fl.t, sample_rate_hz), stage_ids, ())
    main_pieces = [p for p in fl.pieces if p.t0_s < t_main_end or p.t0_s == 0.0]
    traj = sample_pieces(main_pieces, _grid(0.0, t_main_end, sample_rate_hz), stage_ids, ())
    events = [e for e in fl.events if e.t_s <= t_main_end + 1e-9]
    mq = _max_q_event(traj)
    if mq is not None:
        events.append(mq)
    events.sort(key=lambda e: e.t_s)
    traj = replace(traj, events=tuple(events))
    return AscentResult(
        traj,
        truth,
        tuple(events),
        _elements(fl.cut_y),
        _elements(fl.sep_y),
        fl.peg_updates,
        debris,
    )


def _debris(scn: Scenario, t_fail_s: float, fall: list[Piece]) -> DebrisField:
    """Break the vehicle up at the failure, or later on its way down (``breakup.t_s``)."""
    spec = scn.breakup
    assert spec is not None
    t_s = t_fail_s if spec.t_s is None else spec.t_s
    piece = next((p for p in fall if p.t0_s <= t_s <= p.t1_s), None)
    if piece is None:
        raise ValueError(
            f"scenario {scn.id!r}: breakup.t_s {t_s} is not between the failure at "
            f"{t_fail_s} and the impact"
        )
    y = np.asarray(piece.sol(np.array([t_s])))[:, 0]
    r, v = ecef_from_eci0(t_s, y[0:3], y[3:6])
    return break_up(spec, t_s, r, v, scn.id)
