"""What guidance plans over: the burns still to come, and one PEG cycle that steers through them.

The pending propulsion events of the flight are replayed to predict the burns (constant thrust
and mass flow between events; a g-limited stage's throttled stretch as its equivalent phase,
replay.sim.throttle). PEG re-solves its steering from the current state every cycle, and the
target's radii follow where it now expects to reach orbit (replay.sim.target).
"""

from __future__ import annotations

from replay.physics.constants import G0_M_S2
from replay.sim.bookkeeping import Flight
from replay.sim.dynamics import Steering
from replay.sim.guidance import PegPhase, peg_solve
from replay.sim.scenario import Scenario
from replay.sim.target import insertion_sin_lat, peg_target
from replay.sim.throttle import limited_burn

PROPULSION = ("ignite", "cutoff", "separate", "jettison")


def future_phases(fl: Flight, guided: int | None) -> tuple[list[PegPhase], bool, float]:
    """The burns ahead as PEG phases; whether the last is open (guided cut-off); its longest."""
    st = fl.veh.stages
    burning = set(fl.burning)
    left = list(fl.prop_left_kg)
    m = fl.y[6]
    t = fl.t
    phases: list[PegPhase] = []
    pending = sorted(e for e in fl.queue if e[2] in PROPULSION)
    for te, _, kind, idx in pending:
        if burning and te > t:
            span = _span(fl, burning, left, m, start=t - fl.t, length=te - t)
            if guided is not None and kind == "cutoff" and idx == guided:
                phases.extend(span)
                return phases, True, te - t
            phases.extend(span)
            m -= sum(p.mdot_kg_s * p.duration_s for p in span)
        t = max(t, te)
        if kind == "ignite":
            burning.add(idx)
        elif kind == "cutoff":
            burning.discard(idx)
        elif kind == "separate":
            m -= st[idx].count * st[idx].dry_mass_kg + max(0.0, left[idx])
        elif kind == "jettison":
            m -= fl.veh.jettisons[idx].mass_kg
    return phases, False, phases[-1].duration_s if phases else 0.0


def _span(
    fl: Flight, burning: set[int], left: list[float], m: float, *, start: float, length: float
) -> list[PegPhase]:
    """The phases of ``length`` seconds with these stages burning; spends ``left`` as it goes."""
    st = fl.veh.stages
    throttled = [i for i in burning if st[i].max_accel_g is not None]
    if not throttled:
        for i in burning:
            left[i] -= st[i].mdot_kg_s * length
        thrust = sum(st[i].count * st[i].thrust_vac_n for i in burning)
        mdot = sum(st[i].mdot_kg_s for i in burning)
        return [PegPhase(start, length, thrust, mdot, m)]
    i = throttled[0]  # a throttled stage burns alone (vehicle check)
    s = st[i]
    accel = float(s.max_accel_g) * G0_M_S2  # type: ignore[arg-type]
    burn = limited_burn(
        s.count * s.thrust_vac_n,
        s.mdot_kg_s,
        m,
        max(left[i], 1e-6),
        accel_limit_m_s2=accel,
        min_throttle=s.min_throttle,
    )
    out: list[PegPhase] = []
    t0, end = start, start + length
    for p in burn:
        if t0 >= end:
            break
        duration = min(p.duration_s, end - t0)
        out.append(PegPhase(t0, duration, p.thrust_n, p.mdot_kg_s, p.mass0_kg))
        left[i] -= p.mdot_kg_s * duration
        t0 += duration
    return out


def guidance_update(fl: Flight, scn: Scenario, guided: int | None, first: bool) -> None:
    """One PEG cycle: re-aim the target, re-solve the steering, schedule the next cycle."""
    phases, last_open, last_max = future_phases(fl, guided)
    if not phases:
        return
    if fl.peg is not None:  # where the last solution will reach orbit sets the target's radii
        s_ins = insertion_sin_lat(
            (fl.y[0], fl.y[1], fl.y[2]),
            (fl.y[3], fl.y[4], fl.y[5]),
            fl.peg.normal,
            fl.peg.time_to_go_s - (fl.t - fl.steering.peg_t_ref_s),
            fl.tgt.vtheta_m_s,
        )
        fl.tgt = peg_target(scn.target, s_ins)
    if fl.peg is None:
        guess = 0.5 * last_max
    else:  # last solution's time-to-go, aged by the time since it was computed
        elapsed = fl.t - fl.steering.peg_t_ref_s
        guess = fl.peg.time_to_go_s - elapsed - phases[-1].start_s
    fl.peg = peg_solve(
        (fl.y[0], fl.y[1], fl.y[2]),
        (fl.y[3], fl.y[4], fl.y[5]),
        phases,
        last_open=last_open,
        last_max_s=last_max,
        tgt=fl.tgt,
        last_guess_s=guess,
        iterations=30 if first else 6,
    )
    fl.peg_updates += 1
    g = fl.veh.guidance
    fl.steering = Steering(
        mode="peg",
        peg_a=fl.peg.a,
        peg_b=fl.peg.b,
        peg_t_ref_s=fl.t,
        peg_normal=fl.peg.normal,
        peg_fh=fl.peg.fh,
        blend_start_s=g.closed_loop_start_t_s,
        blend_end_s=g.closed_loop_start_t_s + g.blend_s,
    )
    if fl.peg.time_to_go_s < g.freeze_time_to_go_s:
        fl.frozen = True
    else:
        fl.push(fl.t + g.cycle_s, 5, "guidance")
