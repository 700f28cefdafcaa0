"""Vehicle and scenario TOML files load and carry the data sheet's figures."""

import pytest

from replay.resources import asset_names, read_toml
from replay.sim.scenario import load_scenario
from replay.sim.vehicle import load_vehicle

SCENARIOS = [
    "progress-ms-04",
    "soyuz-u-nominal",
    "progress-m-12m",
    "progress-m-27m",
    "falcon9-crs-7",
    "antares-orb-3",
    "htv-6",
]
VEHICLES = ["soyuz-u", "soyuz-2-1a", "falcon9-v1-1", "antares-130", "atlas-v-401", "h-iib"]


def test_required_assets_exist() -> None:
    assert set(SCENARIOS) <= set(asset_names("scenarios"))
    assert set(VEHICLES) <= set(asset_names("vehicles"))


@pytest.mark.parametrize("name", asset_names("scenarios"))
def test_every_scenario_references_a_loadable_vehicle_and_payload(name: str) -> None:
    scn = load_scenario(name)
    veh = load_vehicle(scn.vehicle_id)
    assert scn.payload_id in veh.payloads
    assert scn.epoch_utc.tzinfo is not None


def test_unknown_name_lists_known_ones() -> None:
    with pytest.raises(ValueError, match="soyuz-u"):
        read_toml("vehicles", "soyuz-x")


def test_soyuz_u_mass_budget() -> None:
    veh = load_vehicle("soyuz-u")
    # Sheet: 4 x 43.4 t + 99.5 t + 25.2 t stages, 1.5 t fairing [E], Progress MS-04 7,285 kg;
    # the reference model's lift-off mass is 307.1 t.
    assert veh.liftoff_mass_kg("progress_ms_04") == pytest.approx(307_085.0)
    boosters = veh.stages[0]
    # 118 s at vacuum mass flow uses the loaded propellant less the 1,212 kg of H2O2.
    assert boosters.mdot_kg_s / 4 * 118.0 == pytest.approx(39_600 - 1_212, rel=0.01)


def test_falcon9_liftoff_mass_matches_published() -> None:
    assert load_vehicle("falcon9-v1-1").liftoff_mass_kg("dragon_crs_7") == pytest.approx(
        505_846.0, rel=1e-4
    )


def test_scenario_facts() -> None:
    ms04 = load_scenario("progress-ms-04")
    assert ms04.epoch_utc.isoformat() == "2016-12-01T14:51:52+00:00"
    assert ms04.failure is not None and ms04.failure.t_s == 382.0
    assert (ms04.site.lat_deg, ms04.site.lon_deg) == (45.920, 63.342)
    assert load_scenario("progress-m-12m").failure.t_s == 325.0  # type: ignore[union-attr]
    assert load_scenario("falcon9-crs-7").failure.t_s == 139.0  # type: ignore[union-attr]
    assert load_scenario("antares-orb-3").failure.t_s == 15.0  # type: ignore[union-attr]
