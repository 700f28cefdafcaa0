"""Event-driven integration of one flight: staging, guidance cycles and cut-off."""

import heapq
import math
from dataclasses import replace
from typing import Any

import numpy as np
from scipy.integrate import solve_ivp

from replay.core.flight import Event
from replay.core.types import FloatArray
from replay.physics.constants import GM_M3_S2, OMEGA_EARTH_RAD_S
from replay.physics.geodesy import ecef_from_geodetic
from replay.sim.bookkeeping import Flight
from replay.sim.dynamics import Steering, approx_height_m, energy_j_kg, make_rhs
from replay.sim.guidance import PegTarget, launch_azimuth_deg
from replay.sim.planning import guidance_update
from replay.sim.scenario import Scenario
from replay.sim.schedule import schedule
from replay.sim.target import peg_target
from replay.sim.trajectory import Piece
from replay.sim.vehicle import Vehicle

RTOL = 1e-9
ATOL = [1e-3, 1e-3, 1e-3, 1e-6, 1e-6, 1e-6, 1e-3]
_EVENT_IDS = {"booster": "booster", "core": "core", "upper": "upper_stage"}


def _impact_event(t: float, y: FloatArray) -> float:
    return approx_height_m(float(y[0]), float(y[1]), float(y[2]))


_impact_event.terminal = True  # type: ignore[attr-defined]
_impact_event.direction = -1.0  # type: ignore[attr-defined]


def integrate(fl: Flight, t_end: float, extra: list[Any], beta: float | None = None) -> Any:
    seg = fl.segment(beta)
    sol = solve_ivp(
        make_rhs(seg),
        (fl.t, t_end),
        np.array(fl.y),
        method="DOP853",
        rtol=RTOL,
        atol=ATOL,
        dense_output=True,
        events=[_impact_event, *extra],
    )
    pc = tuple(
        s.chamber_pressure_bar if i in fl.burning else 0.0 for i, s in enumerate(fl.veh.stages)
    )
    fl.pieces.append(Piece(fl.t, float(sol.t[-1]), sol.sol, seg, fl.stage_index(), pc))
    used = fl.y[6] - float(sol.y[6, -1])  # propellant burned in this segment, shared by flow
    mdot = seg.mdot_kg_s
    for i in fl.burning:
        fl.prop_left_kg[i] -= used * fl.veh.stages[i].mdot_kg_s / mdot if mdot > 0 else 0.0
    fl.t = float(sol.t[-1])
    fl.y = sol.y[:, -1].tolist()
    return sol


def _initial_flight(veh: Vehicle, scn: Scenario) -> Flight:
    s = scn.site
    # Until guidance predicts where it will reach orbit, the site's latitude stands in for it.
    tgt = peg_target(scn.target, math.sin(math.radians(s.lat_deg)))
    r0 = ecef_from_geodetic(s.lat_deg, s.lon_deg, s.h_m).tolist()
    w = OMEGA_EARTH_RAD_S
    y0 = [r0[0], r0[1], r0[2], -w * r0[1], w * r0[0], 0.0, veh.liftoff_mass_kg(scn.payload_id)]
    g = veh.guidance
    az = scn.launch_azimuth_deg
    if az is None:
        az = launch_azimuth_deg(
            s.lat_deg,
            scn.target.inclination_deg,
            math.sqrt(GM_M3_S2 / tgt.radius_m),
            tgt.northbound,
        )
    kick = scn.kick_deg if scn.kick_deg is not None else g.kick_deg
    steering = Steering(
        mode="turn",
        t_vertical_s=g.vertical_rise_s,
        kick_rad=math.radians(kick),
        kick_duration_s=g.kick_duration_s,
        azimuth_rad=math.radians(az),
    )
    plan = schedule(veh, y0[6])
    fl = Flight(
        veh,
        tgt,
        0.0,
        y0,
        {i for i, t in enumerate(plan.ignition_t_s) if t <= 0.0},
        set(range(len(veh.stages))),
        set(range(len(veh.jettisons))),
        steering,
        veh.payloads[scn.payload_id].ref_area_m2,
        plan,
        [st.count * st.propellant_kg for st in veh.stages],
    )
    last = len(veh.stages) - 1
    for i, st in enumerate(veh.stages):
        if plan.ignition_t_s[i] > 0.0:
            fl.push(plan.ignition_t_s[i], 1, "ignite", i)
        fl.push(plan.burnout_t_s[i], 2, "cutoff", i)
        if not st.guided_cutoff and i != last:
            fl.push(plan.separation_t_s[i], 3, "separate", i)
    for j, t_j in enumerate(plan.jettison_t_s):
        fl.push(t_j, 4, "jettison", j)
    for t_b in (g.vertical_rise_s, g.vertical_rise_s + g.kick_duration_s):
        fl.push(t_b, 0, "boundary")
    fl.push(g.closed_loop_start_t_s, 5, "closed_loop")
    if scn.failure is not None and scn.failure.kind == "thrust_termination":
        fl.push(scn.failure.t_s, 0, "failure")
    fl.events.append(Event(0.0, "liftoff", "Lift-off"))
    return fl


def _apply(
    fl: Flight,
    kind: str,
    idx: int,
    *,
    scn: Scenario,
    guided: int | None,
    coast_s: float,
) -> bool:
    """Apply one discrete action; return True when the flight (ascent part) ends."""
    veh = fl.veh
    if kind == "ignite":
        fl.burning.add(idx)
        st = veh.stages[idx]
        fl.events.append(Event(fl.t, f"{_EVENT_IDS[st.role]}_ignition", f"{st.label} ignition"))
    elif kind == "cutoff" and idx in fl.burning:
        st = veh.stages[idx]
        fl.burning.discard(idx)
        if idx == guided or idx == len(veh.stages) - 1:
            return _final_cutoff(fl, idx, scn, "propellant depletion", coast_s)
        fl.events.append(Event(fl.t, f"{st.role}_cutoff", f"{st.label} cut-off"))
    elif kind == "separate":
        st = veh.stages[idx]
        fl.y[6] -= st.count * st.dry_mass_kg + max(0.0, fl.prop_left_kg[idx])
        fl.attached.discard(idx)
        fl.events.append(Event(fl.t, f"{st.role}_separation", f"{st.label} separation"))
    elif kind == "jettison":
        jt = veh.jettisons[idx]
        fl.y[6] -= jt.mass_kg
        fl.jett.discard(idx)
        fl.events.append(Event(fl.t, f"{jt.id}_jettison", f"{jt.label} jettison"))
    elif kind == "closed_loop" and fl.burning and fl.cut_t is None:
        guidance_update(fl, scn, guided, first=True)
    elif kind == "guidance" and not fl.frozen and fl.cut_t is None:
        guidance_update(fl, scn, guided, first=False)
    elif kind == "payload_separation":
        payload = veh.payloads[scn.payload_id]
        fl.y[6] = payload.mass_kg
        fl.payload_free = True
        fl.events.append(Event(fl.t, "spacecraft_separation", f"{payload.label} separation"))
        if scn.failure is not None and scn.failure.kind == "separation_delta_v":
            _apply_delta_v(fl, scn.failure.delta_v_rtn_m_s)
            fl.events.append(Event(fl.t, "failure", scn.failure.label))
        fl.sep_y = list(fl.y)
        if coast_s <= 0.0:
            return True
        fl.push(fl.t + coast_s, 9, "end")
    elif kind == "failure":
        fl.burning.clear()
        fl.events.append(
            Event(
                fl.t,
                "thrust_termination",
                scn.failure.label if scn.failure else "thrust termination",
            )
        )
        return True
    elif kind == "end":
        return True
    return False


def _final_cutoff(fl: Flight, idx: int, scn: Scenario, why: str, coast_s: float) -> bool:
    fl.burning.discard(idx)
    fl.cut_t = fl.t
    fl.cut_y = list(fl.y)
    fl.steering = Steering(mode="none")
    fl.events.append(Event(fl.t, "cutoff", f"{fl.veh.stages[idx].label} cut-off ({why})"))
    fl.push(fl.t + fl.veh.payloads[scn.payload_id].separation_delay_s, 8, "payload_separation")
    return False


def _apply_delta_v(fl: Flight, dv_rtn: tuple[float, float, float]) -> None:
    r = np.array(fl.y[0:3])
    v = np.array(fl.y[3:6])
    rh = r / np.linalg.norm(r)
    nh = np.cross(r, v)
    nh /= np.linalg.norm(nh)
    th = np.cross(nh, rh)
    fl.y[3:6] = (v + dv_rtn[0] * rh + dv_rtn[1] * th + dv_rtn[2] * nh).tolist()


def _cutoff_event_factory(fl: Flight) -> Any:
    def ev(t: float, y: FloatArray) -> float:
        return energy_j_kg(y.tolist()) - fl.tgt.energy_j_kg

    ev.terminal = True  # type: ignore[attr-defined]
    ev.direction = 1.0  # type: ignore[attr-defined]
    return ev


def fly(
    veh: Vehicle, scn: Scenario, coast_s: float, t_stop: float | None = None
) -> tuple[Flight, PegTarget]:
    if scn.dogleg_start_t_s is not None:
        veh = replace(
            veh, guidance=replace(veh.guidance, closed_loop_start_t_s=scn.dogleg_start_t_s)
        )
    fl = _initial_flight(veh, scn)
    if t_stop is not None:
        fl.push(t_stop, -1, "end")
    guided = next((i for i, s in enumerate(veh.stages) if s.guided_cutoff), None)
    cutoff_ev = _cutoff_event_factory(fl)
    while fl.queue:
        t_next = fl.queue[0][0]
        if t_next > fl.t:
            use_cut = guided is not None and guided in fl.burning and fl.steering.mode == "peg"
            sol = integrate(fl, t_next, [cutoff_ev] if use_cut else [])
            if sol.status == 1:
                if sol.t_events[0].size:  # hit the ground
                    fl.events.append(Event(fl.t, "impact", "Impact"))
                    break
                _final_cutoff(fl, guided, scn, "target orbit reached", coast_s)  # type: ignore[arg-type]
                continue
        _, _, kind, idx = heapq.heappop(fl.queue)
        if _apply(fl, kind, idx, scn=scn, guided=guided, coast_s=coast_s):
            break
    return fl, fl.tgt
