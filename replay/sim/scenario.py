"""Mission scenario (site, epoch, target orbit, failure) read from TOML."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from replay.physics.geodesy import GroundStation
from replay.resources import read_toml
from replay.sim.breakup import BreakupSpec, breakup_spec_from_dict
from replay.sim.telemetry_spec import (
    Story,
    TelemetrySpec,
    story_from_dict,
    telemetry_spec_from_dict,
)

FAILURE_KINDS = ("thrust_termination", "separation_delta_v")
#: What a published height is measured from (docs/heights.md): the ellipsoid under the point
#: (geodetic height, as Roscosmos quotes orbits) or the equatorial radius (as catalogues do).
HEIGHT_REFERENCES = ("ellipsoid", "equatorial-radius")


@dataclass(frozen=True)
class TargetOrbit:
    """Target osculating orbit; heights measured from ``height_reference`` (docs/heights.md)."""

    perigee_height_m: float
    apogee_height_m: float
    inclination_deg: float
    insertion_height_m: float
    northbound: bool  # insertion on the ascending (northbound) or descending pass
    height_reference: str = "ellipsoid"  # one of HEIGHT_REFERENCES


@dataclass(frozen=True)
class Failure:
    """What goes wrong, and how the falling or drifting body is modelled afterwards."""

    kind: str
    t_s: float  # thrust termination time (thrust_termination)
    telemetry_end_t_s: float
    label: str
    ballistic_coeff_kg_m2: float | None = None  # None: the vehicle's own Cd(M)*A
    delta_v_rtn_m_s: tuple[float, float, float] = (0.0, 0.0, 0.0)  # separation_delta_v


@dataclass(frozen=True)
class Scenario:
    """One flight: vehicle, payload, site, epoch, target and optional failure."""

    id: str
    name: str
    vehicle_id: str
    payload_id: str
    epoch_utc: dt.datetime
    site: GroundStation
    target: TargetOrbit
    failure: Failure | None
    kick_deg: float | None  # overrides the vehicle's tuned kick when set
    launch_azimuth_deg: float | None  # open-loop pitch-plane azimuth; None: from inclination
    notes: str
    telemetry: TelemetrySpec = field(default_factory=TelemetrySpec)
    story: Story = field(default_factory=Story)
    # A dogleg: when the pitch plane is not the target plane (launch_azimuth_deg), closed-loop
    # guidance turns the vehicle into the target plane from this time, yaw included (replaces
    # the vehicle's closed_loop_start_t_s). None: the vehicle's own closed-loop start.
    dogleg_start_t_s: float | None = None
    breakup: BreakupSpec | None = None  # what the failed vehicle becomes (replay.sim.breakup)


def _epoch(text: str) -> dt.datetime:
    epoch = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if epoch.tzinfo is None:
        raise ValueError(f"epoch_utc must carry a zone (e.g. 'Z'), got {text!r}")
    return epoch.astimezone(dt.UTC)


def scenario_from_dict(sid: str, d: dict[str, Any]) -> Scenario:
    """Build a Scenario from a parsed TOML table."""
    s, t = d["site"], d["target"]
    failure = None
    if "failure" in d:
        f = d["failure"]
        kind = str(f["kind"])
        if kind not in FAILURE_KINDS:
            raise ValueError(f"scenario {sid!r}: failure kind must be in {FAILURE_KINDS}")
        beta = f.get("ballistic_coeff_kg_m2")
        t_fail = float(f.get("t_s", 0.0))
        dv = f.get("delta_v_rtn_m_s", [0.0, 0.0, 0.0])
        failure = Failure(
            kind=kind,
            t_s=t_fail,
            telemetry_end_t_s=float(f.get("telemetry_end_t_s", t_fail)),
            label=str(f.get("label", kind)),
            ballistic_coeff_kg_m2=None if beta is None else float(beta),
            delta_v_rtn_m_s=(float(dv[0]), float(dv[1]), float(dv[2])),
        )
    for old in ("perigee_alt_km", "apogee_alt_km", "insertion_alt_km"):
        if old in t:
            new = old.replace("_alt_", "_height_")
            raise ValueError(
                f"scenario {sid!r}: target.{old} is ambiguous; give target.{new} and say what "
                "it is measured from in target.heights_from (docs/heights.md)"
            )
    perigee = float(t["perigee_height_km"]) * 1e3
    kick = d.get("guidance", {}).get("kick_deg")
    azimuth = d.get("guidance", {}).get("launch_azimuth_deg")
    dogleg = d.get("guidance", {}).get("dogleg_start_t_s")
    if dogleg is not None and azimuth is None:
        raise ValueError(f"scenario {sid!r}: guidance.dogleg_start_t_s needs launch_azimuth_deg")
    reference = str(t.get("heights_from", "ellipsoid"))
    if reference not in HEIGHT_REFERENCES:
        raise ValueError(
            f"scenario {sid!r}: target.heights_from must be one of {HEIGHT_REFERENCES}, "
            f"got {reference!r}"
        )
    if str(t.get("pass", "ascending")) not in ("ascending", "descending"):
        raise ValueError(f"scenario {sid!r}: target.pass must be 'ascending' or 'descending'")
    return Scenario(
        id=sid,
        name=str(d.get("name", sid)),
        vehicle_id=str(d["vehicle"]),
        payload_id=str(d["payload"]),
        epoch_utc=_epoch(str(d["epoch_utc"])),
        site=GroundStation(
            str(s["name"]), float(s["lat_deg"]), float(s["lon_deg"]), float(s.get("h_m", 0.0))
        ),
        target=TargetOrbit(
            perigee_height_m=perigee,
            apogee_height_m=float(t["apogee_height_km"]) * 1e3,
            inclination_deg=float(t["inclination_deg"]),
            insertion_height_m=float(t.get("insertion_height_km", perigee / 1e3)) * 1e3,
            northbound=str(t.get("pass", "ascending")) == "ascending",
            height_reference=reference,
        ),
        failure=failure,
        kick_deg=None if kick is None else float(kick),
        launch_azimuth_deg=None if azimuth is None else float(azimuth),
        notes=str(d.get("notes", "")),
        telemetry=telemetry_spec_from_dict(sid, d),
        story=story_from_dict(d),
        dogleg_start_t_s=None if dogleg is None else float(dogleg),
        breakup=None if "breakup" not in d else breakup_spec_from_dict(sid, d["breakup"]),
    )


def load_scenario(sid: str) -> Scenario:
    """Load assets/scenarios/<sid>.toml."""
    return scenario_from_dict(sid, read_toml("scenarios", sid))
