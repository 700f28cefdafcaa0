"""Vehicle description (stages, jettisoned parts, payloads, drag, guidance) read from TOML."""

from dataclasses import dataclass
from typing import Any

from replay.physics.constants import G0_M_S2, P0_PA
from replay.resources import read_toml

ROLES = ("booster", "core", "upper")


@dataclass(frozen=True)
class Stage:
    """One propulsive stage (or a group of identical parallel boosters)."""

    id: str
    role: str
    label: str
    count: int
    dry_mass_kg: float  # each
    propellant_kg: float  # each
    thrust_sl_n: float  # each
    thrust_vac_n: float  # each
    isp_vac_s: float
    ignition_t_s: float
    cutoff_t_s: float | None  # None: burn to depletion, or to guided cut-off
    separation_delay_s: float
    ref_area_m2: float  # drag reference area of the stack while this is the lowest stage
    chamber_pressure_bar: float
    guided_cutoff: bool
    # A g-limited throttle phase (replay.sim.throttle): the engine throttles back so that thrust
    # over mass stays at max_accel_g, down to min_throttle of full thrust. None: never throttled.
    max_accel_g: float | None = None
    min_throttle: float = 1.0
    # Ignition relative to another stage's separation (its time then follows a throttled burn).
    ignition_after: str | None = None
    ignition_delay_s: float = 0.0

    @property
    def mdot_kg_s(self) -> float:
        """Total mass flow; from vacuum thrust and vacuum Isp (pressure-independent)."""
        return self.count * self.thrust_vac_n / (self.isp_vac_s * G0_M_S2)

    @property
    def exit_area_term_n_pa(self) -> float:
        """Total (F_vac - F_sl) / p0: thrust lost per pascal of ambient pressure."""
        return self.count * (self.thrust_vac_n - self.thrust_sl_n) / P0_PA

    @property
    def depletion_t_s(self) -> float:
        """Time at which the loaded propellant would run out."""
        return self.ignition_t_s + self.count * self.propellant_kg / self.mdot_kg_s

    @property
    def burnout_t_s(self) -> float:
        """Scheduled cut-off time (fixed, or depletion); a guided stage may stop earlier."""
        if self.cutoff_t_s is None:
            return self.depletion_t_s
        return min(self.cutoff_t_s, self.depletion_t_s)

    @property
    def gross_mass_kg(self) -> float:
        """Mass of the group at lift-off."""
        return self.count * (self.dry_mass_kg + self.propellant_kg)


@dataclass(frozen=True)
class Jettison:
    """A passive part dropped at a fixed time, or a delay after a stage ignites (fairing, tail)."""

    id: str
    label: str
    mass_kg: float
    t_s: float
    after_ignition_of: str | None = None  # then t_s is the delay after that stage's ignition


@dataclass(frozen=True)
class Payload:
    """The spacecraft carried to orbit."""

    id: str
    label: str
    mass_kg: float
    ref_area_m2: float
    separation_delay_s: float  # after the guided cut-off


@dataclass(frozen=True)
class GuidanceConfig:
    """Open-loop parameters of the atmospheric phase and the closed-loop cycle."""

    vertical_rise_s: float
    kick_deg: float
    kick_duration_s: float
    closed_loop_start_t_s: float
    cycle_s: float
    freeze_time_to_go_s: float
    blend_s: float
    kick_target_t_s: float | None  # when set, the kick is solved at run time so that
    kick_target_alt_m: float | None  # the vehicle passes this altitude at that time


@dataclass(frozen=True)
class Vehicle:
    """A launch vehicle with its payload options."""

    id: str
    name: str
    stages: tuple[Stage, ...]
    jettisons: tuple[Jettison, ...]
    payloads: dict[str, Payload]
    cd_mach: tuple[float, ...]
    cd: tuple[float, ...]
    guidance: GuidanceConfig

    def liftoff_mass_kg(self, payload_id: str) -> float:
        """Total mass on the pad with the given payload."""
        return (
            sum(s.gross_mass_kg for s in self.stages)
            + sum(j.mass_kg for j in self.jettisons)
            + self.payloads[payload_id].mass_kg
        )


def _stage(d: dict[str, Any]) -> Stage:
    role = str(d["role"])
    if role not in ROLES:
        raise ValueError(f"stage {d.get('id')!r}: role must be one of {ROLES}, got {role!r}")
    cutoff = d.get("cutoff_t_s")
    return Stage(
        id=str(d["id"]),
        role=role,
        label=str(d.get("label", d["id"])),
        count=int(d.get("count", 1)),
        dry_mass_kg=float(d["dry_mass_kg"]),
        propellant_kg=float(d["propellant_kg"]),
        thrust_sl_n=float(d.get("thrust_sl_n", d["thrust_vac_n"])),
        thrust_vac_n=float(d["thrust_vac_n"]),
        isp_vac_s=float(d["isp_vac_s"]),
        ignition_t_s=float(d.get("ignition_t_s", 0.0)),
        cutoff_t_s=None if cutoff is None else float(cutoff),
        separation_delay_s=float(d.get("separation_delay_s", 0.0)),
        ref_area_m2=float(d["ref_area_m2"]),
        chamber_pressure_bar=float(d.get("chamber_pressure_bar", 50.0)),
        guided_cutoff=bool(d.get("guided_cutoff", False)),
        max_accel_g=None if d.get("max_accel_g") is None else float(d["max_accel_g"]),
        min_throttle=float(d.get("min_throttle", 1.0)),
        ignition_after=None if d.get("ignition_after") is None else str(d["ignition_after"]),
        ignition_delay_s=float(d.get("ignition_delay_s", 0.0)),
    )


def _jettison(vid: str, j: dict[str, Any], stages: tuple[Stage, ...]) -> Jettison:
    after = j.get("after_ignition_of")
    if after is not None and str(after) not in {s.id for s in stages}:
        raise ValueError(f"vehicle {vid!r}, jettison {j.get('id')!r}: no stage {after!r}")
    if (after is None) == ("delay_s" in j) or (after is None) != ("t_s" in j):
        raise ValueError(
            f"vehicle {vid!r}, jettison {j.get('id')!r}: give t_s, or after_ignition_of and delay_s"
        )
    return Jettison(
        str(j["id"]),
        str(j.get("label", j["id"])),
        float(j["mass_kg"]),
        float(j["t_s"] if after is None else j["delay_s"]),
        None if after is None else str(after),
    )


def _check_throttles(vid: str, stages: tuple[Stage, ...]) -> None:
    """A throttled stage burns alone, to depletion, with a sensible limit and throttle range."""
    for s in stages:
        if s.max_accel_g is None:
            continue
        if not (s.max_accel_g > 0.0 and 0.0 < s.min_throttle <= 1.0):
            raise ValueError(
                f"vehicle {vid!r}, stage {s.id!r}: need max_accel_g > 0 and 0 < min_throttle <= 1, "
                f"got {s.max_accel_g} and {s.min_throttle}"
            )
        if s.cutoff_t_s is not None or s.guided_cutoff:
            raise ValueError(
                f"vehicle {vid!r}, stage {s.id!r}: a throttled stage burns to depletion"
            )
        # The others are done before it ignites, or ignite after it has separated.
        others = [
            o.id
            for o in stages
            if o is not s
            and o.ignition_after != s.id
            and not (o.ignition_after is None and o.burnout_t_s <= s.ignition_t_s)
        ]
        if others:
            raise ValueError(
                f"vehicle {vid!r}, stage {s.id!r}: a throttled stage must burn alone, but {others} "
                "burn with it"
            )


def vehicle_from_dict(vid: str, d: dict[str, Any]) -> Vehicle:
    """Build a Vehicle from a parsed TOML table."""
    g = d["guidance"]
    stages = tuple(_stage(s) for s in d["stages"])
    if sum(s.guided_cutoff for s in stages) > 1:
        raise ValueError(f"vehicle {vid!r}: at most one stage may have guided_cutoff = true")
    _check_throttles(vid, stages)
    for st in stages:
        if st.ignition_after is not None and st.ignition_after not in {o.id for o in stages}:
            raise ValueError(f"vehicle {vid!r}, stage {st.id!r}: no stage {st.ignition_after!r}")
    payloads = {
        pid: Payload(
            pid,
            str(p.get("label", pid)),
            float(p["mass_kg"]),
            float(p["ref_area_m2"]),
            float(p.get("separation_delay_s", 3.0)),
        )
        for pid, p in d["payloads"].items()
    }
    cd_table = d["aero"]
    return Vehicle(
        id=vid,
        name=str(d["name"]),
        stages=stages,
        jettisons=tuple(_jettison(vid, j, stages) for j in d.get("jettisons", [])),
        payloads=payloads,
        cd_mach=tuple(float(x) for x in cd_table["mach"]),
        cd=tuple(float(x) for x in cd_table["cd"]),
        guidance=GuidanceConfig(
            vertical_rise_s=float(g["vertical_rise_s"]),
            kick_deg=float(g["kick_deg"]),
            kick_duration_s=float(g.get("kick_duration_s", 5.0)),
            closed_loop_start_t_s=float(g["closed_loop_start_t_s"]),
            cycle_s=float(g.get("cycle_s", 2.0)),
            freeze_time_to_go_s=float(g.get("freeze_time_to_go_s", 6.0)),
            blend_s=float(g.get("blend_s", 0.0)),
            kick_target_t_s=None if "kick_target_t_s" not in g else float(g["kick_target_t_s"]),
            kick_target_alt_m=(
                None if "kick_target_alt_km" not in g else 1e3 * float(g["kick_target_alt_km"])
            ),
        ),
    )


def load_vehicle(vid: str) -> Vehicle:
    """Load assets/vehicles/<vid>.toml."""
    return vehicle_from_dict(vid, read_toml("vehicles", vid))
