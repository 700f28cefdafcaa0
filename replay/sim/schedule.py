"""When every stage ignites, cuts off and separates, and when every part is jettisoned.

Most of a vehicle's sequence is fixed in time by its data. Two things move it: a throttled
stage (replay.sim.throttle) burns to depletion at a time that follows from its acceleration
limit, and a stage may ignite a delay after another separates, or a fairing go a delay after a
stage ignites. The schedule is worked out once before lift-off, in order of time, from the
stack's mass at each throttled ignition. A guided stage may still stop earlier (guided cut-off).
"""

from __future__ import annotations

from dataclasses import dataclass

from replay.physics.constants import G0_M_S2
from replay.sim.throttle import burn_time_s, limited_burn
from replay.sim.vehicle import Stage, Vehicle


@dataclass(frozen=True, slots=True)
class Schedule:
    """Per stage: ignition, scheduled cut-off and separation; per jettison: its time (s)."""

    ignition_t_s: tuple[float, ...]
    burnout_t_s: tuple[float, ...]
    separation_t_s: tuple[float, ...]
    jettison_t_s: tuple[float, ...]


def schedule(veh: Vehicle, liftoff_mass_kg: float) -> Schedule:
    """The vehicle's sequence for a stack of ``liftoff_mass_kg`` on the pad."""
    if not liftoff_mass_kg > 0.0:
        raise ValueError(f"liftoff_mass_kg must be positive, got {liftoff_mass_kg}")
    n = len(veh.stages)
    ids = {s.id: i for i, s in enumerate(veh.stages)}
    ign: list[float | None] = [
        None if s.ignition_after is not None else s.ignition_t_s for s in veh.stages
    ]
    out: list[float | None] = [None] * n
    sep: list[float | None] = [None] * n
    for _ in range(n):  # resolve the chain of relative ignitions, one link per pass
        for i, st in enumerate(veh.stages):
            if ign[i] is None and st.ignition_after is not None:
                before = sep[ids[st.ignition_after]]
                ign[i] = None if before is None else before + st.ignition_delay_s
            if ign[i] is not None and out[i] is None:
                t0 = float(ign[i])  # type: ignore[arg-type]
                out[i] = _burnout(veh, i, t0, ign=ign, out=out, liftoff_mass_kg=liftoff_mass_kg)
                sep[i] = out[i] + st.separation_delay_s  # type: ignore[operator]
    if any(t is None for t in ign):
        raise ValueError(f"vehicle {veh.id!r}: the stages' relative ignitions form a loop")
    ig = tuple(float(t) for t in ign)  # type: ignore[arg-type]
    jet = tuple(
        j.t_s if j.after_ignition_of is None else ig[ids[j.after_ignition_of]] + j.t_s
        for j in veh.jettisons
    )
    return Schedule(ig, tuple(float(t) for t in out), tuple(float(t) for t in sep), jet)  # type: ignore[arg-type]


def _burnout(
    veh: Vehicle,
    i: int,
    t0: float,
    *,
    ign: list[float | None],
    out: list[float | None],
    liftoff_mass_kg: float,
) -> float:
    st = veh.stages[i]
    if st.max_accel_g is None:  # a fixed cut-off, or depletion at full thrust
        if st.ignition_after is None:
            return st.burnout_t_s
        return t0 + st.count * st.propellant_kg / st.mdot_kg_s
    mass = liftoff_mass_kg - _spent_before(veh, t0, ign, out)
    phases = limited_burn(
        st.count * st.thrust_vac_n,
        st.mdot_kg_s,
        mass,
        st.count * st.propellant_kg,
        accel_limit_m_s2=st.max_accel_g * G0_M_S2,
        min_throttle=st.min_throttle,
    )
    return t0 + burn_time_s(phases)


def _spent_before(
    veh: Vehicle, t: float, ign: list[float | None], out: list[float | None]
) -> float:
    """Mass burned or dropped before ``t`` by stages already scheduled (and fixed jettisons)."""
    spent = 0.0
    for k, s in enumerate(veh.stages):
        t_ign, t_out = ign[k], out[k]
        if t_ign is None or t_out is None or t_ign >= t:
            continue
        if s.max_accel_g is None:
            spent += s.mdot_kg_s * (min(t, t_out) - t_ign)
        else:  # burns to depletion; only a later stage's schedule asks, after its burn
            spent += s.count * s.propellant_kg * min(1.0, (t - t_ign) / (t_out - t_ign))
        if t_out + s.separation_delay_s <= t:
            spent += s.count * s.dry_mass_kg
            spent += 0.0 if s.max_accel_g is not None else _left_kg(s, t_ign, t_out)
    spent += sum(j.mass_kg for j in veh.jettisons if j.after_ignition_of is None and j.t_s < t)
    return spent


def _left_kg(s: Stage, t_ign: float, t_out: float) -> float:
    return max(0.0, s.count * s.propellant_kg - s.mdot_kg_s * (t_out - t_ign))
