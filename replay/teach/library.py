"""The scenario library as plain data: one card per bundled scenario, for the CLI and the app."""

from __future__ import annotations

from typing import Any


def scenario_cards() -> list[dict[str, Any]]:
    """Every scenario: id, title, vehicle, launch, site, failure, summary, sources, timeline,
    and its bundled sample file (``None`` if there is none)."""
    from replay.resources import asset_names, samples_dir, telemetry_name
    from replay.sim.scenario import load_scenario
    from replay.sim.vehicle import load_vehicle

    rows = []
    for sid in asset_names("scenarios"):
        scn = load_scenario(sid)
        veh = load_vehicle(scn.vehicle_id)
        sample = samples_dir() / telemetry_name(sid)
        rows.append(
            {
                "id": sid,
                "title": scn.name,
                "vehicle": f"{veh.name} / {veh.payloads[scn.payload_id].label}",
                "launch_utc": scn.epoch_utc.isoformat().replace("+00:00", "Z"),
                "site": {
                    "name": scn.site.name,
                    "lat_deg": scn.site.lat_deg,
                    "lon_deg": scn.site.lon_deg,
                },
                "failure": None
                if scn.failure is None
                else {"t_s": scn.failure.t_s, "label": scn.failure.label},
                "summary": scn.story.summary,
                "sources": [{"title": s.title, "url": s.url} for s in scn.story.sources],
                "timeline": [{"t_s": m.t_s, "label": m.label} for m in scn.story.timeline],
                "sample": str(sample) if sample.is_file() else None,
            }
        )
    return rows
