"""How a channel is shown: a readable name and one unit, the same on every view.

Plots, the values table, the lesson cards and the crosshair all ask :func:`display_of` for a
channel's title, its unit in the chosen unit system and the factor from the file's unit to it,
so a channel is "Altitude (km)" everywhere, never ``alt_m`` in metres in one place and km in
another. Stage channels take their names from the vehicle's data (``pc_blok_i_bar`` is "Third
stage (Blok I) chamber pressure"). Channels we do not know keep their name and the file's unit.

>>> d = display_of("alt_m", "m")
>>> d.title, d.unit, d.scale
('Altitude', 'km', 0.001)
>>> display_of("alt_m", "m", "imperial").label
'Altitude (ft)'
>>> display_of("pc_blok_i_bar", "bar", stages={"blok_i": "Third stage (Blok I)"}).title
'Third stage (Blok I) chamber pressure'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

UnitSystem = Literal["km", "SI", "imperial"]
UNIT_SYSTEMS: tuple[UnitSystem, ...] = ("km", "SI", "imperial")
DEFAULT_SYSTEM: UnitSystem = "km"
G0_M_S2 = 9.80665

#: Each quantity's unit in each system, and the factor from the base unit (first column) to it.
# fmt: off
_UNITS: dict[str, tuple[str, dict[str, tuple[str, float]]]] = {
    "length": ("m", {"km": ("km", 1e-3), "SI": ("m", 1.0), "imperial": ("ft", 1 / 0.3048)}),
    "speed": ("m/s", {"km": ("m/s", 1.0), "SI": ("m/s", 1.0), "imperial": ("mph", 1 / 0.44704)}),
    "accel": ("g", {"km": ("g", 1.0), "SI": ("m/s²", G0_M_S2), "imperial": ("g", 1.0)}),
    "q": ("kPa", {"km": ("kPa", 1.0), "SI": ("kPa", 1.0), "imperial": ("psi", 1 / 6.894757)}),
    "pc": ("bar", {"km": ("bar", 1.0), "SI": ("MPa", 0.1), "imperial": ("psi", 14.503774)}),
    "energy": ("J/kg", {s: ("MJ/kg", 1e-6) for s in ("km", "SI", "imperial")}),
}
#: File units converted to a quantity's base unit first.
_TO_BASE = {("q", "Pa"): 1e-3, ("q", "kPa"): 1.0, ("pc", "bar"): 1.0, ("pc", "kPa"): 0.01,
            ("length", "m"): 1.0, ("length", "km"): 1e3, ("speed", "m/s"): 1.0,
            ("accel", "g"): 1.0, ("energy", "J/kg"): 1.0}
#: Channels every flight of ours may carry: readable name and quantity (None: shown as is).
KNOWN: dict[str, tuple[str, str | None]] = {
    "alt_m": ("Altitude", "length"),
    "v_relative_m_s": ("Speed relative to Earth", "speed"),
    "v_inertial_m_s": ("Inertial speed", "speed"),
    "v_vertical_m_s": ("Vertical speed", "speed"),
    "accel_axial_g": ("Sensed axial acceleration", "accel"),
    "q_kpa": ("Dynamic pressure", "q"),
    "q_pa": ("Dynamic pressure", "q"),
    "mach": ("Mach number", None),
    "fpa_deg": ("Flight-path angle", None),
    "pitch_deg": ("Pitch", None),
    "heading_deg": ("Heading", None),
    "stage": ("Stage", None),
    "frame": ("Frame counter", None),
    "lat_deg": ("Latitude", None),
    "lon_deg": ("Longitude", None),
    "x_ecef_m": ("Position X (ECEF)", "length"),
    "y_ecef_m": ("Position Y (ECEF)", "length"),
    "z_ecef_m": ("Position Z (ECEF)", "length"),
    "vx_ecef_m_s": ("Velocity X (ECEF)", "speed"),
    "vy_ecef_m_s": ("Velocity Y (ECEF)", "speed"),
    "vz_ecef_m_s": ("Velocity Z (ECEF)", "speed"),
    # Derived from the flight (replay.analysis.derived).
    "downrange_km": ("Downrange distance", "length"),
    "specific_energy_j_kg": ("Specific mechanical energy", "energy"),
    "since_last_frame_s": ("Time since the last frame", None),
}
_GENERIC_STAGES = {"stage1": "First stage", "stage2": "Second stage", "stage3": "Third stage",
                   "s1": "First stage", "s2": "Second stage", "srb_a": "Solid boosters (SRB-A)"}
_TANKS = {"lox": "LOX", "lh2": "LH2", "rp1": "RP-1", "fuel": "fuel", "ox": "oxidiser"}
# fmt: on
_PC = re.compile(r"pc_(.+)_bar")
_TANK = re.compile(r"(s\d|stage\d)_(\w+?)_tank_bar")
#: Units shown without a unit in the title ("Mach number", "Stage").
_NO_UNIT = ("", "1")


@dataclass(frozen=True, slots=True)
class Display:
    """A channel as shown: ``value_shown = value_in_file * scale``."""

    title: str
    unit: str
    scale: float = 1.0

    @property
    def label(self) -> str:
        """ "Altitude (km)", or the title alone for a unitless channel."""
        return self.title if self.unit in _NO_UNIT else f"{self.title} ({self.unit})"


def display_of(
    name: str,
    file_unit: str,
    system: UnitSystem = DEFAULT_SYSTEM,
    stages: Mapping[str, str] | None = None,
) -> Display:
    """How channel ``name`` (in ``file_unit``) is shown in unit ``system``."""
    if system not in UNIT_SYSTEMS:
        raise ValueError(f"unknown unit system {system!r}; expected one of {UNIT_SYSTEMS}")
    title, quantity = _named(name, stages or {})
    if quantity is None or (quantity, file_unit) not in _TO_BASE:
        return Display(title if title != name else name, file_unit)
    unit, factor = _UNITS[quantity][1][system]
    return Display(title, unit, _TO_BASE[(quantity, file_unit)] * factor)


def _named(name: str, stages: Mapping[str, str]) -> tuple[str, str | None]:
    if name in KNOWN:
        return KNOWN[name]
    pc = _PC.fullmatch(name)
    if pc:
        stage = stages.get(pc.group(1)) or _GENERIC_STAGES.get(pc.group(1))
        return (f"{stage} chamber pressure" if stage else name), "pc"
    tank = _TANK.fullmatch(name)
    if tank:
        stage = _GENERIC_STAGES.get(tank.group(1), tank.group(1))
        what = _TANKS.get(tank.group(2), tank.group(2))
        return f"{stage} {what} tank pressure", "pc"
    return name, None


@cache
def stage_labels(scenario_id: str) -> dict[str, str]:
    """The stage names of a bundled scenario's vehicle, by stage id (empty if unknown)."""
    from replay.resources import asset_names, read_toml

    if not scenario_id or scenario_id not in asset_names("scenarios"):
        return {}
    vehicle = str(read_toml("scenarios", scenario_id).get("vehicle", ""))
    if vehicle not in asset_names("vehicles"):
        return {}
    stages = read_toml("vehicles", vehicle).get("stages", [])
    return {str(s["id"]): str(s.get("label", s["id"])) for s in stages if "id" in s}
