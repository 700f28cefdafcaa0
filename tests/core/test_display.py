"""One name and one unit per channel on every view, from published conversion factors."""

from __future__ import annotations

import pytest

from replay.core.display import UNIT_SYSTEMS, display_of, stage_labels

# Exact definitions: 1 ft = 0.3048 m, 1 mi = 1609.344 m, 1 h = 3600 s, 1 lbf/in² = 6894.757 Pa
# (NIST SP 811), g0 = 9.80665 m/s², 1 bar = 0.1 MPa.
FT_M, MPH_M_S, PSI_KPA, G0 = 0.3048, 1609.344 / 3600.0, 6.894757, 9.80665


@pytest.mark.parametrize(
    ("name", "unit", "system", "label", "scale"),
    [
        ("alt_m", "m", "km", "Altitude (km)", 1e-3),
        ("alt_m", "m", "SI", "Altitude (m)", 1.0),
        ("alt_m", "m", "imperial", "Altitude (ft)", 1 / FT_M),
        ("v_relative_m_s", "m/s", "imperial", "Speed relative to Earth (mph)", 1 / MPH_M_S),
        ("accel_axial_g", "g", "SI", "Sensed axial acceleration (m/s²)", G0),
        ("q_kpa", "kPa", "imperial", "Dynamic pressure (psi)", 1 / PSI_KPA),
        ("q_pa", "Pa", "km", "Dynamic pressure (kPa)", 1e-3),
        ("pc_stage1_bar", "bar", "SI", "First stage chamber pressure (MPa)", 0.1),
        ("pc_stage1_bar", "bar", "imperial", "First stage chamber pressure (psi)", 100 / PSI_KPA),
        ("mach", "1", "imperial", "Mach number", 1.0),
        ("tank_temp_k", "K", "imperial", "tank_temp_k (K)", 1.0),  # ours to keep as it is
    ],
)  # fmt: skip
def test_labels_and_factors(name: str, unit: str, system: str, label: str, scale: float) -> None:
    d = display_of(name, unit, system)  # type: ignore[arg-type]
    assert d.label == label
    assert d.scale == pytest.approx(scale, rel=1e-6)


def test_stage_names_come_from_the_vehicle_data() -> None:
    stages = stage_labels("progress-ms-04")
    assert display_of("pc_blok_i_bar", "bar", stages=stages).label == (
        "Third stage (Blok I) chamber pressure (bar)"
    )
    crs7 = stage_labels("falcon9-crs-7")
    assert display_of("pc_stage2_bar", "bar", stages=crs7).title.startswith("Second stage")
    assert display_of("s2_lox_tank_bar", "bar").title == "Second stage LOX tank pressure"
    assert stage_labels("not-a-scenario") == {}


def test_a_unit_system_we_do_not_know_is_named() -> None:
    assert UNIT_SYSTEMS == ("km", "SI", "imperial")
    with pytest.raises(ValueError, match="'furlongs'"):
        display_of("alt_m", "m", "furlongs")  # type: ignore[arg-type]
