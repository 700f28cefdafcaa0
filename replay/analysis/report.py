"""The analysis as the stable JSON contract (docs/analysis-json.md) and as a readable report."""

from __future__ import annotations

import math
from typing import Any

from replay.analysis.flight_analysis import FlightAnalysis
from replay.analysis.impact import ImpactPoint
from replay.analysis.signal import as_dict
from replay.core.flight import Flight
from replay.core.timefmt import format_t_plus

SCHEMA_VERSION = 1


def to_json(flight: Flight, a: FlightAnalysis) -> dict[str, Any]:
    """The analysis as plain data; the keys are a contract (docs/analysis-json.md)."""
    sig = a.signal
    los = a.los
    return {
        "schema_version": SCHEMA_VERSION,
        "file": flight.path,
        "scenario_id": flight.meta.scenario_id or None,
        "sample_period_s": sig.period_s,
        "sample_rates": [r.as_dict() for r in sig.rates],
        "sample_rate_text": sig.rate_text,
        "capture_jitter": sig.jitter,
        "has_frame_counter": sig.has_frame_counter,
        "position": position(a),
        "derived_channels": list(a.derived),
        "recording_end_s": flight.meta.recording_end_s,
        "los_status": sig.los_status,
        "los_unknown_reason": sig.why_unknown or None,
        "los": None
        if los is None
        else {
            "t_s": los.t_s,
            "utc": los.utc,
            "lat_deg": los.lat_deg,
            "lon_deg": los.lon_deg,
            "alt_km": los.alt_m / 1e3,
            "place": None if los.place is None else los.place.as_dict(),
            "expected": los.expected,
            "reason": los.verdict.reason,
            "stations_in_view": list(los.verdict.in_view),
            "in_orbit": None if los.orbit is None else los.orbit.in_orbit,
            "perigee_km": None if los.orbit is None else _finite(los.orbit.perigee_height_m / 1e3),
            **as_dict(los.gap),
        },
        "dropouts": [as_dict(g) for g in sig.dropouts],
        "events": [e.as_dict() for e in a.events],
        "impact": None if a.impact is None else _impact(a),
        "impact_none_reason": a.impact_note or None,
        "stations": [] if a.coverage is None else [p.as_dict() for p in a.coverage.passes],
        "station_networks": [] if a.coverage is None else list(a.coverage.networks),
        "health": [h.as_dict() for h in a.health],
    }


def position(a: FlightAnalysis) -> str:
    """Where the vehicle's position comes from: ``"recorded"``, ``"derived"`` (ECEF from the
    geodetic columns) or ``"none"`` (altitude alone, say)."""
    if not a.has_position:
        return "none"
    return "derived" if any(n.endswith("_ecef_m") for n in a.derived) else "recorded"


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _impact(a: FlightAnalysis) -> dict[str, Any]:
    assert a.impact is not None
    zone, place = a.impact.zone, a.impact.place
    p = zone.nominal
    return {
        "lat_deg": p.lat_deg,
        "lon_deg": p.lon_deg,
        "t_s": p.t_s,
        "utc": a.impact.utc,
        "ballistic_coefficient_kg_m2": p.beta_kg_m2,
        "place": None if place is None else place.as_dict(),
        "zone": {
            "along_track_km": zone.along_track_km,
            "from_t_s": zone.t0_s,
            "points": [_point(q) for q in zone.points],
        },
    }


def _point(q: ImpactPoint) -> dict[str, Any]:
    return {
        "ballistic_coefficient_kg_m2": q.beta_kg_m2,
        "lat_deg": q.lat_deg,
        "lon_deg": q.lon_deg,
        "t_s": q.t_s,
    }


def to_text(flight: Flight, a: FlightAnalysis) -> str:
    """A report for people."""
    m = flight.meta
    title = m.title or m.scenario_id or str(flight.path)
    sig = a.signal
    out = [title, "=" * len(title)]
    counter = "frame counter" if sig.has_frame_counter else "no frame counter (time gaps only)"
    out.append(
        f"  stream     {flight.n_samples:,} samples, typically every {sig.period_s * 1e3:.1f} ms; "
        f"{sig.rate_text}; {counter}"
    )
    if sig.jitter:
        out.append(
            f"  jitter     {sig.jitter:,} intervals late by up to one sample (not dropouts: "
            "without a frame counter they cannot be told from capture jitter)"
        )
    out.append(f"  position   {_position_text(a)}")
    out += ["", *_los_lines(a)]
    if a.impact is not None:
        out += ["", *_impact_lines(a)]
    elif a.los is not None or a.signal.los is not None:
        out += ["", f"PREDICTED IMPACT: none ({a.impact_note})"]
    out += ["", f"DROPOUTS ({len(sig.dropouts)}, the stream resumed after each)"]
    out += [
        f"  {format_t_plus(g.t_start_s)}  {g.duration_s:6.2f} s  {g.frames_missed:5d} frames"
        for g in sig.dropouts
    ] or ["  none"]
    out += ["", "EVENTS"]
    out += [f"  {format_t_plus(e.t_s)}  {e.label}  ({e.source})" for e in a.events] or ["  none"]
    if a.coverage is not None:
        out += [
            "",
            f"STATIONS ({', '.join(a.coverage.networks) or 'none'}: {a.coverage.networks_from})",
        ]
        for p in a.coverage.passes:
            spans = ", ".join(f"{format_t_plus(x)}–{format_t_plus(y)}" for x, y in p.intervals)
            out.append(f"  {p.station.name:<30} {spans or 'never in view'}")
    out += ["", "DATA HEALTH (rate of finite samples; runs of NaN; flat stretches of 2 s or more)"]
    for h in a.health:
        out.append(
            f"  {h.name:<18} {h.effective_rate_hz:7.2f} Hz  NaN runs {h.nan_runs:3d}  "
            f"flat runs {h.flat_runs:3d} (longest {h.longest_flat_s:.1f} s)"
        )
    return "\n".join(out)


def _position_text(a: FlightAnalysis) -> str:
    kind = position(a)
    if kind == "none":
        return "none in this file (no latitude and longitude): no track, impact or coverage"
    if kind == "derived":
        return f"derived from latitude, longitude and altitude ({', '.join(a.derived)})"
    return "recorded"


def _los_lines(a: FlightAnalysis) -> list[str]:
    sig, los = a.signal, a.los
    if sig.los_status == "unknown":
        return ["LOSS OF SIGNAL: cannot tell", f"  {sig.why_unknown}"]
    if los is None and sig.los is not None:
        return [
            f"LOSS OF SIGNAL at {format_t_plus(sig.los.t_start_s)}: no position in this file, "
            "so neither where nor whether the stations explain it"
        ]
    if los is None:
        return ["LOSS OF SIGNAL: none (the stream lasted as long as the recording)"]
    verdict = {True: "EXPECTED", False: "UNEXPECTED", None: "UNEXPLAINED"}[los.expected]
    when = f"{format_t_plus(los.t_s)}" + (f" ({los.utc})" if los.utc else "")
    where = f"{_latlon(los.lat_deg, los.lon_deg)}, {los.alt_m / 1e3:.1f} km up"
    if los.place is not None:
        where += f", {los.place.describe()}"
    g = los.gap
    silence = (
        f"{g.duration_s:.1f} s to the end of the recording ({g.frames_missed:,} frames missed)"
    )
    lines = [
        f"LOSS OF SIGNAL at {when}: {verdict}",
        f"  last frame  {where}",
        f"  silence     {silence}",
        f"  why         {los.verdict.reason}",
    ]
    if los.orbit is not None:
        lines.append(f"  orbit       {los.orbit.text}")
    return lines


def _impact_lines(a: FlightAnalysis) -> list[str]:
    assert a.impact is not None
    zone, p = a.impact.zone, a.impact.zone.nominal
    when = format_t_plus(p.t_s) + (f" ({a.impact.utc})" if a.impact.utc else "")
    where = _latlon(p.lat_deg, p.lon_deg)
    if a.impact.place is not None:
        where += f", {a.impact.place.describe()}"
    lines = [
        f"PREDICTED IMPACT (ballistic from the last frame, {_beta(p.beta_kg_m2)})",
        f"  where       {where}",
        f"  when        {when}",
        f"  zone        {zone.along_track_km:.0f} km along the track:",
    ]
    for q in zone.points:
        lines.append(
            f"    {_beta(q.beta_kg_m2):<22} {_latlon(q.lat_deg, q.lon_deg)}  {format_t_plus(q.t_s)}"
        )
    return lines


def _beta(beta: float | None) -> str:
    return "vacuum (no drag)" if beta is None else f"β = {beta:g} kg/m²"


def _latlon(lat: float, lon: float) -> str:
    return f"{abs(lat):.2f}°{'N' if lat >= 0 else 'S'} {abs(lon):.2f}°{'E' if lon >= 0 else 'W'}"
