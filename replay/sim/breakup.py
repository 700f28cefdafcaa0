"""Break-up: what a failing vehicle becomes, and where each piece falls (the debris field).

A scenario's ``[breakup]`` lists the pieces the vehicle is made of at the failure
(``[[breakup.pieces]]``), each with its mass, the ballistic coefficient it falls with while
whole, and how it comes apart:

* ``breaks = "explosion"``: at the break-up time, into the fragments of NASA's standard breakup
  model (replay.sim.sbm), thrown off at the model's speeds; what the fragments do not take
  falls on as a remnant;
* ``breaks = "re-entry"``: whole until re-entry heating breaks it at ``at_alt_km`` (78 km is the
  usual assumption of re-entry analyses), then into SBM fragments, thrown off only if
  ``bursts`` (tanks with propellant), plus its remnant (``remnant_beta_kg_m2`` when what is
  left falls differently from the whole, e.g. a stage that loses its propellant);
* ``breaks = "none"``: whole to the ground.

Every piece then falls lift-free and tumbling (replay.physics.reentry): the lighter, the
shorter. The result is a ``DebrisField`` of ``Fragment`` s with their beta and impact point;
replay.sim.debris_file writes and reads it (docs/debris-field.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.physics.geodesy import geodetic_from_ecef_unchecked
from replay.physics.reentry import Fall, WindProfile, fall
from replay.sim.sbm import PARENT_CLASSES, explosion_fragments

BREAKS = ("explosion", "re-entry", "none")
MEAN_EARTH_RADIUS_KM = 6371.0088
KINDS = ("fragment", "body", "remnant")


@dataclass(frozen=True, slots=True)
class Piece:
    """One part of the vehicle at the failure (a stage, the spacecraft, an engine)."""

    id: str
    label: str
    mass_kg: float
    beta_kg_m2: float
    breaks: str = "none"
    sbm_class: str = "rocket-body"
    min_fragment_m: float = 0.5
    at_alt_km: float = 78.0
    bursts: bool = False
    remnant_beta_kg_m2: float | None = None  # beta of what the fragments leave; None: beta


@dataclass(frozen=True, slots=True)
class BreakupSpec:
    """What the scenario says about the break-up (``[breakup]``)."""

    pieces: tuple[Piece, ...]
    t_s: float | None = None  # None: the failure's time
    drag_coefficient: float = 1.3
    seed: int = 0
    wind: WindProfile | None = None


@dataclass(frozen=True, slots=True)
class Fragment:
    """A piece that reached the ground: what it was, its beta, where and when it landed."""

    id: str
    source: str  # the label of the piece it came from
    kind: str  # "fragment" (of an explosion or a re-entry break-up), "body", "remnant"
    mass_kg: float
    beta_kg_m2: float
    size_m: float | None  # SBM characteristic length; None for bodies and remnants
    ejection_m_s: float  # speed it was thrown off its parent with
    release_t_s: float
    release_alt_m: float
    impact_t_s: float
    impact_lat_deg: float
    impact_lon_deg: float
    track_t_s: FloatArray
    track_lat_deg: FloatArray
    track_lon_deg: FloatArray
    track_alt_m: FloatArray


@dataclass(frozen=True, slots=True)
class DebrisField:
    """Every piece of one break-up and where it fell (times are flight times, T+ s)."""

    scenario_id: str
    breakup_t_s: float
    breakup_lat_deg: float
    breakup_lon_deg: float
    breakup_alt_m: float
    fragments: tuple[Fragment, ...]

    @property
    def impact_lat_deg(self) -> FloatArray:
        return np.array([f.impact_lat_deg for f in self.fragments])

    @property
    def impact_lon_deg(self) -> FloatArray:
        return np.array([f.impact_lon_deg for f in self.fragments])

    @property
    def beta_kg_m2(self) -> FloatArray:
        return np.array([f.beta_kg_m2 for f in self.fragments])

    def distances_km(self, lat_deg: float, lon_deg: float) -> FloatArray:
        """Great-circle distance (mean-radius sphere) from the point to every impact."""
        return great_circle_km(lat_deg, lon_deg, self.impact_lat_deg, self.impact_lon_deg)

    def nearest_km(self, lat_deg: float, lon_deg: float) -> float:
        """Distance from the point to the nearest impact."""
        return float(self.distances_km(lat_deg, lon_deg).min())


def great_circle_km(
    lat1_deg: float, lon1_deg: float, lat2_deg: npt.ArrayLike, lon2_deg: npt.ArrayLike
) -> FloatArray:
    """Haversine distance on the IUGG mean-radius sphere (km)."""
    p1, p2 = math.radians(lat1_deg), np.radians(np.asarray(lat2_deg, dtype=np.float64))
    dl = np.radians(np.asarray(lon2_deg) - lon1_deg)
    a = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2.0 * MEAN_EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1))))


def breakup_spec_from_dict(sid: str, d: dict[str, Any]) -> BreakupSpec:
    """Build the spec from a scenario's ``[breakup]`` table; ValueError names what is wrong."""
    pieces = []
    for p in d.get("pieces", []):
        piece = Piece(
            id=str(p["id"]),
            label=str(p.get("label", p["id"])),
            mass_kg=float(p["mass_kg"]),
            beta_kg_m2=float(p["beta_kg_m2"]),
            breaks=str(p.get("breaks", "none")),
            sbm_class=str(p.get("sbm_class", "rocket-body")),
            min_fragment_m=float(p.get("min_fragment_m", 0.5)),
            at_alt_km=float(p.get("at_alt_km", 78.0)),
            bursts=bool(p.get("bursts", False)),
            remnant_beta_kg_m2=(
                None if p.get("remnant_beta_kg_m2") is None else float(p["remnant_beta_kg_m2"])
            ),
        )
        if piece.breaks not in BREAKS or piece.sbm_class not in PARENT_CLASSES:
            raise ValueError(
                f"scenario {sid!r}, piece {piece.id!r}: breaks must be one of {BREAKS} and "
                f"sbm_class one of {PARENT_CLASSES}, got {piece.breaks!r}, {piece.sbm_class!r}"
            )
        if min(piece.mass_kg, piece.beta_kg_m2, piece.min_fragment_m, piece.at_alt_km) <= 0:
            raise ValueError(f"scenario {sid!r}, piece {piece.id!r}: sizes must be positive")
        pieces.append(piece)
    if not pieces:
        raise ValueError(f"scenario {sid!r}: [breakup] needs at least one [[breakup.pieces]]")
    w = d.get("wind")
    wind = None
    if w is not None:
        wind = WindProfile(
            tuple(1e3 * float(a) for a in w["alt_km"]),
            tuple(float(e) for e in w["east_m_s"]),
            tuple(float(n) for n in w["north_m_s"]),
        )
    t = d.get("t_s")
    return BreakupSpec(
        tuple(pieces),
        None if t is None else float(t),
        float(d.get("drag_coefficient", 1.3)),
        int(d.get("seed", 0)),
        wind,
    )


def break_up(
    spec: BreakupSpec, t_s: float, r_ecef_m: FloatArray, v_ecef_m_s: FloatArray, scenario_id: str
) -> DebrisField:
    """The debris field of a vehicle breaking up at flight time ``t_s`` in this ECEF state."""
    rng = np.random.default_rng(spec.seed)
    lat, lon, alt = (
        float(q[0]) for q in geodetic_from_ecef_unchecked(*(np.array([c]) for c in r_ecef_m))
    )
    out: list[Fragment] = []
    for piece in spec.pieces:
        state = _State(t_s, r_ecef_m, v_ecef_m_s)
        if piece.breaks == "re-entry" and alt > 1e3 * piece.at_alt_km:
            # Whole down to the height where heating breaks it; its path leads each piece's.
            whole = fall(
                t_s,
                r_ecef_m[None],
                v_ecef_m_s[None],
                [piece.beta_kg_m2],
                stop_alt_m=1e3 * piece.at_alt_km,
                wind=spec.wind,
                track_step_s=20.0,
            )
            lead = tuple(
                a[0][:-1]
                for a in (
                    whole.track_t_s,
                    whole.track_lat_deg,
                    whole.track_lon_deg,
                    whole.track_alt_m,
                )
            )
            state = _State(float(whole.t_s[0]), whole.r_ecef_m[0], whole.v_ecef_m_s[0], lead)
        if piece.breaks == "none":
            body = _Start(piece.id, "body", piece.mass_kg, piece.beta_kg_m2)
            out += _land(spec, piece, [body], state)
        else:
            out += _shatter(
                spec, piece, rng, state, thrown=piece.breaks == "explosion" or piece.bursts
            )
    return DebrisField(scenario_id, t_s, lat, lon, alt, tuple(out))


@dataclass(frozen=True, slots=True)
class _State:
    """Where a piece comes apart (ECEF), and the path that led there (t, lat, lon, alt)."""

    t_s: float
    r: FloatArray
    v: FloatArray
    lead: tuple[FloatArray, ...] = ()


@dataclass(frozen=True, slots=True)
class _Start:
    id: str
    kind: str
    mass_kg: float
    beta_kg_m2: float
    size_m: float | None = None
    kick: tuple[float, float, float] = (0.0, 0.0, 0.0)  # ejection velocity, m/s


def _shatter(
    spec: BreakupSpec, piece: Piece, rng: np.random.Generator, state: _State, *, thrown: bool
) -> list[Fragment]:
    """The piece's SBM fragments (thrown off at the SBM speeds or not) and its remnant."""
    sbm = explosion_fragments(
        rng, piece.sbm_class, min_size_m=piece.min_fragment_m, max_mass_kg=0.9 * piece.mass_kg
    )
    starts = [
        _Start(
            f"{piece.id}-{k + 1:02d}",
            "fragment",
            float(sbm.mass_kg[k]),
            1.0 / (spec.drag_coefficient * float(sbm.area_to_mass_m2_kg[k])),
            float(sbm.size_m[k]),
            tuple((float(sbm.delta_v_m_s[k]) * sbm.direction[k]).tolist())
            if thrown
            else (0.0,) * 3,
        )
        for k in range(sbm.size_m.size)
    ]
    left = piece.mass_kg - float(sbm.mass_kg.sum())
    if left > 0.01 * piece.mass_kg:  # what the fragments did not take falls on whole
        beta = piece.remnant_beta_kg_m2 or piece.beta_kg_m2
        starts.append(_Start(piece.id, "remnant", left, beta))
    return _land(spec, piece, starts, state)


def _land(spec: BreakupSpec, piece: Piece, starts: list[_Start], state: _State) -> list[Fragment]:
    n = len(starts)
    t_s, r = state.t_s, state.r
    kicks = np.array([s.kick for s in starts], dtype=np.float64).reshape(n, 3)
    landed: Fall = fall(
        t_s,
        np.tile(r, (n, 1)),
        state.v[None] + kicks,
        np.array([s.beta_kg_m2 for s in starts]),
        wind=spec.wind,
        track_step_s=20.0,
    )
    alt0 = float(geodetic_from_ecef_unchecked(*(np.array([c]) for c in r))[2][0])
    return [
        Fragment(
            id=s.id,
            source=piece.label,
            kind=s.kind,
            mass_kg=s.mass_kg,
            beta_kg_m2=s.beta_kg_m2,
            size_m=s.size_m,
            ejection_m_s=float(np.linalg.norm(kicks[i])),
            release_t_s=t_s,
            release_alt_m=alt0,
            impact_t_s=float(landed.t_s[i]),
            impact_lat_deg=float(landed.lat_deg[i]),
            impact_lon_deg=float(landed.lon_deg[i]),
            track_t_s=_lead(state, 0, landed.track_t_s[i]),
            track_lat_deg=_lead(state, 1, landed.track_lat_deg[i]),
            track_lon_deg=_lead(state, 2, landed.track_lon_deg[i]),
            track_alt_m=_lead(state, 3, landed.track_alt_m[i]),
        )
        for i, s in enumerate(starts)
    ]


def _lead(state: _State, k: int, rest: FloatArray) -> FloatArray:
    return np.concatenate([state.lead[k], rest]) if state.lead else rest
