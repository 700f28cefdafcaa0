"""What a scenario says besides its physics: its downlink, and its story for the teaching views.

The downlink (networks, recording window, dropouts, precursors) comes from ``[telemetry]`` and
``[[failure.precursors]]``; every number has a default that reproduces an ordinary ascent, so a
scenario states only what is particular to it. The story is ``summary``, ``[[sources]]`` and the
published ``[[timeline]]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRECURSOR_SHAPES = ("ramp", "oscillation")


@dataclass(frozen=True, slots=True)
class Source:
    """A public source a scenario's figures come from."""

    title: str
    url: str = ""


#: What a published figure is compared with: the telemetry file (what the ground heard), the
#: simulated flight (what happened, also after a loss of signal), or the flight as planned (the
#: scenario flown without its failure).
COMPARE_WITH = ("sample", "simulation", "nominal")


@dataclass(frozen=True, slots=True)
class Milestone:
    """A published moment of the flight (what the record says, not what the model does), and
    how the model is held to it: the event it is (``event``, or ``end_of_telemetry`` for the
    last frame) within ``tolerance_s``, the height then within ``alt_tolerance_km``; or, when a
    figure cannot be compared (what onlookers saw), why not."""

    t_s: float
    label: str
    event: str | None = None
    tolerance_s: float | None = None
    compare_with: str = "sample"
    alt_km: float | None = None
    alt_tolerance_km: float | None = None
    not_compared: str = ""


@dataclass(frozen=True, slots=True)
class Story:
    """What a class is told about a flight: summary, public sources, the published timeline."""

    summary: str = ""
    sources: tuple[Source, ...] = ()
    timeline: tuple[Milestone, ...] = ()


def story_from_dict(d: dict[str, Any]) -> Story:
    return Story(
        summary=" ".join(str(d.get("summary", "")).split()),
        sources=tuple(Source(str(s["title"]), str(s.get("url", ""))) for s in d.get("sources", [])),
        timeline=tuple(sorted((_milestone(m) for m in d.get("timeline", [])), key=lambda m: m.t_s)),
    )


def _milestone(m: dict[str, Any]) -> Milestone:
    def opt(key: str) -> float | None:
        return None if m.get(key) is None else float(m[key])

    ms = Milestone(
        float(m["t_s"]),
        str(m["label"]),
        None if m.get("event") is None else str(m["event"]),
        opt("tolerance_s"),
        str(m.get("compare_with", "sample")),
        opt("alt_km"),
        opt("alt_tolerance_km"),
        " ".join(str(m.get("not_compared", "")).split()),
    )
    if ms.compare_with not in COMPARE_WITH:
        raise ValueError(
            f"timeline {ms.label!r}: compare_with must be one of {COMPARE_WITH}, "
            f"got {ms.compare_with!r}"
        )
    if (ms.event is None) != (ms.tolerance_s is None) or (ms.alt_km is None) != (
        ms.alt_tolerance_km is None
    ):
        raise ValueError(
            f"timeline {ms.label!r}: an event needs tolerance_s and a height alt_tolerance_km"
        )
    return ms


@dataclass(frozen=True, slots=True)
class ExtraChannel:
    """A vehicle-specific channel with a constant nominal value and sensor noise."""

    name: str
    unit: str
    nominal: float
    noise_sd: float = 0.0


@dataclass(frozen=True, slots=True)
class Precursor:
    """How a channel departs from nominal before a failure, as the record describes.

    ``ramp``: the value is scaled from 1 to ``factor`` between ``from_t_s`` and ``to_t_s`` and
    stays there. ``oscillation``: a relative sine of ``amplitude`` and ``period_s``.
    ``also_scale`` lists channels scaled the same way (axial acceleration follows thrust).
    """

    channel: str
    from_t_s: float
    to_t_s: float
    shape: str = "ramp"
    factor: float = 1.0
    amplitude: float = 0.0
    period_s: float = 1.0
    also_scale: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fragments:
    """After ``from_t_s`` the stream comes back only in bursts (a tumbling spacecraft)."""

    from_t_s: float
    gap_s: tuple[float, float] = (15.0, 60.0)
    length_s: tuple[float, float] = (1.0, 5.0)


@dataclass(frozen=True, slots=True)
class TelemetrySpec:
    """The downlink of one scenario."""

    networks: tuple[str, ...] = ("rgs",)
    recording_start_s: float = -10.0
    recording_end_s: float = 600.0
    staging_dropout_s: tuple[float, float] = (0.2, 0.8)
    staging_events: tuple[str, ...] = ("booster_separation", "core_separation")
    handover_dropout_s: tuple[float, float] = (0.12, 0.4)
    random_dropouts_per_min: float = 1.0
    random_dropout_frames: tuple[int, int] = (1, 5)
    channels: tuple[ExtraChannel, ...] = ()
    fragments: Fragments | None = None
    precursors: tuple[Precursor, ...] = ()


def telemetry_spec_from_dict(sid: str, d: dict[str, Any]) -> TelemetrySpec:
    """Build the spec from a parsed scenario TOML table (missing parts take the defaults)."""
    t = d.get("telemetry", {})
    base = TelemetrySpec()
    frag = t.get("fragments")
    spec = TelemetrySpec(
        networks=tuple(str(n) for n in t.get("networks", base.networks)),
        recording_start_s=float(t.get("recording_start_s", base.recording_start_s)),
        recording_end_s=float(t.get("recording_end_s", base.recording_end_s)),
        staging_dropout_s=_pair(t.get("staging_dropout_s", base.staging_dropout_s)),
        staging_events=tuple(str(e) for e in t.get("staging_events", base.staging_events)),
        handover_dropout_s=_pair(t.get("handover_dropout_s", base.handover_dropout_s)),
        random_dropouts_per_min=float(
            t.get("random_dropouts_per_min", base.random_dropouts_per_min)
        ),
        random_dropout_frames=(
            int(t.get("random_dropout_frames", base.random_dropout_frames)[0]),
            int(t.get("random_dropout_frames", base.random_dropout_frames)[1]),
        ),
        channels=tuple(
            ExtraChannel(
                str(c["name"]), str(c["unit"]), float(c["nominal"]), float(c.get("noise_sd", 0.0))
            )
            for c in t.get("channels", [])
        ),
        fragments=None
        if frag is None
        else Fragments(
            float(frag["from_t_s"]),
            _pair(frag.get("gap_s", (15.0, 60.0))),
            _pair(frag.get("length_s", (1.0, 5.0))),
        ),
        precursors=tuple(_precursor(sid, p) for p in d.get("failure", {}).get("precursors", [])),
    )
    if spec.recording_end_s <= max(spec.recording_start_s, 0.0):
        raise ValueError(
            f"scenario {sid!r}: telemetry.recording_end_s {spec.recording_end_s} must come "
            f"after liftoff and after recording_start_s {spec.recording_start_s}"
        )
    return spec


def _pair(v: Any) -> tuple[float, float]:
    lo, hi = (float(x) for x in v)
    if not 0 <= lo <= hi:
        raise ValueError(f"expected a range [low, high] with 0 <= low <= high, got {list(v)}")
    return lo, hi


def _precursor(sid: str, p: dict[str, Any]) -> Precursor:
    shape = str(p.get("shape", "ramp"))
    if shape not in PRECURSOR_SHAPES:
        raise ValueError(f"scenario {sid!r}: precursor shape {shape!r} not in {PRECURSOR_SHAPES}")
    pre = Precursor(
        channel=str(p["channel"]),
        from_t_s=float(p["from_t_s"]),
        to_t_s=float(p["to_t_s"]),
        shape=shape,
        factor=float(p.get("factor", 1.0)),
        amplitude=float(p.get("amplitude", 0.0)),
        period_s=float(p.get("period_s", 1.0)),
        also_scale=tuple(str(c) for c in p.get("also_scale", [])),
    )
    if pre.to_t_s <= pre.from_t_s:
        raise ValueError(f"scenario {sid!r}: precursor on {pre.channel} ends before it starts")
    return pre
