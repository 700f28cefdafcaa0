"""``ascent-replay info FILE [--json]``: what a telemetry file holds."""

from __future__ import annotations

import argparse
import json
from typing import Any

from replay.core.flight import Flight
from replay.core.timefmt import format_t_plus, format_utc
from replay.io import read_flight


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("info", help="summarise a telemetry file", description=__doc__)
    add_file_arguments(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run)


def add_file_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments every command that reads a telemetry file takes."""
    p.add_argument("file", help="telemetry file (.csv, .csv.gz, .jsonl, foreign CSV, ...)")
    p.add_argument("--time-column", help="for foreign files: the column holding time")
    p.add_argument("--format", help="force a format instead of guessing it")


def load(args: argparse.Namespace) -> Flight:
    return read_flight(args.file, fmt=args.format, time_column=args.time_column)


def run(args: argparse.Namespace) -> int:
    flight = load(args)
    summary = summarise(flight)
    print(json.dumps(summary, indent=2) if args.json else render(summary))
    return 0


def summarise(flight: Flight) -> dict[str, Any]:
    """The flight summary as plain data (the ``--json`` output)."""
    m = flight.meta
    t = flight.t_s
    return {
        "file": flight.path,
        "format": m.source_format,
        "format_version": m.format_version,
        "scenario_id": m.scenario_id or None,
        "title": m.title or None,
        "vehicle": m.vehicle or None,
        "launch_utc": m.launch_utc.isoformat().replace("+00:00", "Z") if m.launch_utc else None,
        "site": None
        if m.site is None
        else {
            "name": m.site.name,
            "lat_deg": m.site.lat_deg,
            "lon_deg": m.site.lon_deg,
            "height_m": m.site.height_m,
        },
        "samples": flight.n_samples,
        "t_first_s": float(t[0]),
        "t_last_s": float(t[-1]),
        "duration_s": flight.duration_s,
        "sample_rate_hz": m.sample_rate_hz,
        "recording_start_s": m.recording_start_s,
        "recording_end_s": m.recording_end_s,
        "channels": [{"name": n, "unit": u} for n, u in flight.units.items()],
        "events": [{"t_s": e.t_s, "id": e.id, "label": e.label} for e in m.events],
        "notes": dict(m.extra),
        "warnings": list(m.warnings),
        "health": _health(flight),
    }


def _health(flight: Flight) -> list[dict[str, Any]]:
    from replay.analysis.health import channel_health
    from replay.analysis.signal import nominal_period_s

    if flight.n_samples < 2:
        return []
    return [h.as_dict() for h in channel_health(flight, nominal_period_s(flight.t_s))]


def render(s: dict[str, Any]) -> str:
    """The human-readable summary."""
    title = s["title"] or s["scenario_id"] or s["file"]
    lines = [title, "=" * len(title)]
    row = "  {:<11} {}".format
    lines.append(row("file", f"{s['file']} ({s['format']})"))
    lines.append(row("vehicle", s["vehicle"] or "unknown"))
    launch = format_utc(_utc(s["launch_utc"]), 0) if s["launch_utc"] else "unknown"
    if s["site"]:
        site = s["site"]
        launch += f" from {site['name']} ({_latlon(site['lat_deg'], site['lon_deg'])})"
    lines.append(row("launch", launch))
    rate = f"{s['sample_rate_hz']:g} Hz nominal" if s["sample_rate_hz"] else "rate not stated"
    span = f"{format_t_plus(s['t_first_s'])} to {format_t_plus(s['t_last_s'])}"
    lines.append(row("samples", f"{s['samples']:,} from {span} ({s['duration_s']:.1f} s), {rate}"))
    if s["recording_end_s"] is not None:
        start = s["recording_start_s"] if s["recording_start_s"] is not None else s["t_first_s"]
        lines.append(
            row("recording", f"{format_t_plus(start)} to {format_t_plus(s['recording_end_s'])}")
        )
    else:
        lines.append(row("recording", "end not stated (a silence at the end cannot be judged)"))
    lines.append(
        row(
            "channels",
            f"{len(s['channels'])}   (finite samples per second; NaN runs; "
            "flat stretches of 2 s or more)",
        )
    )
    width = max((len(c["name"]) for c in s["channels"]), default=0)
    health = {h["channel"]: h for h in s["health"]}
    for c in s["channels"]:
        h = health.get(c["name"])
        unit = f"[{c['unit'] or '?'}]"
        text = f"    {c['name']:<{width}}  {unit:<7}"
        if h is not None:
            flat = (
                f"{h['flat_runs']} flat (longest {h['longest_flat_s']:.1f} s)"
                if h["flat_runs"]
                else ""
            )
            nans = f"{h['nan_runs']} NaN runs" if h["nan_runs"] else ""
            text += f" {h['effective_rate_hz']:7.2f} Hz  " + "  ".join(x for x in (nans, flat) if x)
        lines.append(text.rstrip())
    lines.append(row("events", str(len(s["events"])) if s["events"] else "none recorded"))
    lines += [f"    {format_t_plus(e['t_s'])}  {e['label']}" for e in s["events"]]
    if s["notes"]:
        lines.append(row("notes", ""))
        lines += [f"    {k}: {v}" for k, v in s["notes"].items()]
    if s["warnings"]:  # what the reader read past: the flight above is what could be read
        lines.append(row("warnings", str(len(s["warnings"]))))
        lines += [f"    {w}" for w in s["warnings"]]
    return "\n".join(lines)


def _utc(text: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(text)


def _latlon(lat: float, lon: float) -> str:
    return f"{abs(lat):.3f}°{'N' if lat >= 0 else 'S'} {abs(lon):.3f}°{'E' if lon >= 0 else 'W'}"
