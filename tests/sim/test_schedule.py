"""The stage schedule: relative ignitions and jettisons follow a throttled booster's depletion."""

import dataclasses as dc

import pytest

from replay.physics.constants import G0_M_S2
from replay.sim.schedule import schedule
from replay.sim.throttle import burn_time_s, limited_burn
from replay.sim.vehicle import load_vehicle


def test_atlas_sequence_follows_the_throttled_booster() -> None:
    veh = load_vehicle("atlas-v-401")
    m0 = veh.liftoff_mass_kg("cygnus_oa_7")
    plan = schedule(veh, m0)
    ccb = veh.stages[0]
    burn = burn_time_s(
        limited_burn(
            ccb.thrust_vac_n,
            ccb.mdot_kg_s,
            m0,
            ccb.propellant_kg,
            accel_limit_m_s2=5.0 * G0_M_S2,
            min_throttle=ccb.min_throttle,
        )
    )
    assert plan.burnout_t_s[0] == pytest.approx(burn)
    assert plan.separation_t_s[0] == pytest.approx(burn + 6.0)
    assert plan.ignition_t_s[1] == pytest.approx(burn + 6.0 + 10.0)  # Centaur: separation + 10 s
    assert plan.jettison_t_s[0] == pytest.approx(plan.ignition_t_s[1] + 8.0)  # fairing: MES + 8 s


def test_fixed_sequences_are_the_vehicle_data() -> None:
    veh = load_vehicle("soyuz-u")
    plan = schedule(veh, veh.liftoff_mass_kg("progress_ms_04"))
    assert plan.ignition_t_s == (0.0, 0.0, 287.0)
    assert plan.burnout_t_s[:2] == (118.0, 287.0)
    assert plan.jettison_t_s == (163.0, 296.7)


def test_a_loop_of_relative_ignitions_is_refused() -> None:
    veh = load_vehicle("atlas-v-401")
    a, b = veh.stages
    loop = (dc.replace(a, ignition_after=b.id), dc.replace(b, ignition_after=a.id))
    with pytest.raises(ValueError, match="loop"):
        schedule(dc.replace(veh, stages=loop), 3e5)
    with pytest.raises(ValueError, match="positive"):
        schedule(veh, 0.0)


def test_a_throttled_stage_must_burn_alone_and_to_depletion() -> None:
    from replay.resources import read_toml
    from replay.sim.vehicle import vehicle_from_dict

    d = read_toml("vehicles", "atlas-v-401")
    ccb, centaur = d["stages"]
    together = {k: v for k, v in centaur.items() if k not in ("ignition_after", "ignition_delay_s")}
    with pytest.raises(ValueError, match="must burn alone"):
        vehicle_from_dict("x", {**d, "stages": [ccb, {**together, "ignition_t_s": 100.0}]})
    with pytest.raises(ValueError, match="burns to depletion"):
        vehicle_from_dict("x", {**d, "stages": [{**ccb, "cutoff_t_s": 200.0}, centaur]})
    with pytest.raises(ValueError, match="min_throttle"):
        vehicle_from_dict("x", {**d, "stages": [{**ccb, "min_throttle": 0.0}, centaur]})
