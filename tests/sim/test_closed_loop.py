"""The upper-stage guidance is closed loop: perturbed vehicles still reach the target orbit."""

import dataclasses as dc

import pytest

from replay.sim.ascent import simulate
from replay.sim.scenario import load_scenario
from replay.sim.vehicle import Vehicle, load_vehicle


def _with_stage(veh: Vehicle, i: int, *, thrust_scale: float) -> Vehicle:
    stages = list(veh.stages)
    st = stages[i]
    stages[i] = dc.replace(
        st, thrust_vac_n=thrust_scale * st.thrust_vac_n, thrust_sl_n=thrust_scale * st.thrust_sl_n
    )
    return dc.replace(veh, stages=tuple(stages))


def _perturbed() -> dict[str, Vehicle]:
    v = load_vehicle("soyuz-u")
    return {
        "blok_i_thrust_-5%": _with_stage(v, 2, thrust_scale=0.95),
        "drag_x1.5": dc.replace(v, cd=tuple(1.5 * c for c in v.cd)),
        "payload_+400kg": dc.replace(
            v, payloads={k: dc.replace(p, mass_kg=p.mass_kg + 400.0) for k, p in v.payloads.items()}
        ),
    }


@pytest.mark.parametrize("name", ["blok_i_thrust_-5%", "drag_x1.5", "payload_+400kg"])
def test_perturbed_vehicle_reaches_target(name: str) -> None:
    res = simulate(_perturbed()[name], load_scenario("soyuz-u-nominal"))
    el = res.cutoff_elements
    assert el is not None
    assert el.perigee_height_m == pytest.approx(193e3, abs=1e3)
    assert el.apogee_height_m == pytest.approx(245e3, abs=1e3)
    assert el.inc_deg == pytest.approx(51.66, abs=0.02)
    assert "target orbit reached" in next(e for e in res.events if e.id == "cutoff").label


def test_other_kick_still_reaches_target() -> None:
    scn = dc.replace(load_scenario("soyuz-u-nominal"), kick_deg=3.5)
    el = simulate(load_vehicle("soyuz-u"), scn).cutoff_elements
    assert el is not None
    assert el.apogee_height_m == pytest.approx(245e3, abs=1e3)
