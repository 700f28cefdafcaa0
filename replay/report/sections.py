"""The report's sections, each built from the analysis JSON (``replay.analysis.report.to_json``).

Every function returns escaped markup (:class:`~replay.report.markup.Html`); ``d`` is the
analysis as the documented JSON contract (docs/analysis-json.md), so the report and
``ascent-replay analyze --json`` cannot disagree.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from replay.core.flight import Flight
from replay.core.timefmt import format_t_plus, format_utc
from replay.report.markup import (
    Col,
    Html,
    beta_text,
    esc,
    facts,
    http_url,
    join,
    lat,
    latlon,
    lon,
    section,
    table,
    tag,
    utc_text,
)
from replay.sim.telemetry_spec import Story
from replay.teach.nominal import SUSTAIN_S, Divergence

Json = dict[str, Any]


def _utc_at(flight: Flight, t_s: float) -> datetime | None:
    epoch = flight.meta.launch_utc
    return None if epoch is None else epoch + timedelta(seconds=t_s)


def header(flight: Flight, d: Json, story: Story | None) -> Html:
    """The title, what flew from where and when, and the scenario's summary."""
    m = flight.meta
    title = m.title or m.scenario_id or _file_name(flight)
    rows: list[tuple[str, str | Html]] = [("Vehicle", m.vehicle or "unknown")]
    rows.append(("Launch", format_utc(m.launch_utc, 0) if m.launch_utc else "unknown"))
    if m.site is not None:
        s = m.site
        rows.append(("Site", f"{s.name} ({latlon(s.lat_deg, s.lon_deg)}, {s.height_m:.0f} m)"))
    else:
        rows.append(("Site", "unknown"))
    t = flight.t_s
    rows.append(
        (
            "Telemetry",
            f"{_file_name(flight)}: {flight.n_samples:,} samples from {format_t_plus(float(t[0]))}"
            f" to {format_t_plus(float(t[-1]))}, {d['sample_rate_text']}"
            + ("" if d["has_frame_counter"] else ", no frame counter (time gaps only)"),
        )
    )
    rows.append(("Position", _POSITION[d["position"]]))
    end = d["recording_end_s"]
    rows.append(
        (
            "Recording",
            f"ends at {format_t_plus(end)}" if end is not None else "end not stated in the file",
        )
    )
    if m.scenario_id:
        rows.append(("Scenario", m.scenario_id))
    out = tag("p", "Flight debrief", class_="kicker") + tag("h1", title) + facts(rows)
    if story is not None and story.summary:
        out += tag("p", story.summary, class_="summary")
    return tag("header", out)


def snapshot(
    flight: Flight, d: Json, png_b64: str | None, size: tuple[int, int] | None, at_s: float
) -> Html:
    """The dashboard at ``at_s`` as an embedded PNG (or a note that there is none)."""
    utc = _utc_at(flight, at_s)
    when = format_t_plus(at_s) + (f" ({format_utc(utc)})" if utc else "")
    los = d["los"]
    if los is not None and at_s >= los["t_s"]:
        why = f", {at_s - los['t_s']:.1f} s after the last frame before the loss of signal"
    elif los is None and at_s >= float(flight.t_s[-1]):
        why = ", at the end of the data"
    else:
        why = ""
    if png_b64 is None:
        note = tag("p", f"No snapshot was taken (it would show {when}).", class_="note")
        return section("dashboard", "Dashboard", note)
    w, h = size if size is not None else (None, None)
    img = Html(
        f'<img src="data:image/png;base64,{png_b64}" alt="{esc("The replay window at " + when)}"'
        + (f' width="{w}" height="{h}"' if w and h else "")
        + ">"
    )
    caption = tag("figcaption", f"The replay window at {when}{why}.")
    return section("dashboard", "Dashboard", tag("figure", img + caption))


_VERDICT = {True: ("Expected", "ok"), False: ("Unexpected", "bad"), None: ("Unexplained", "warn")}
NO_POSITION = (
    "No position in this file (no latitude and longitude): no ground track, impact or station "
    "coverage."
)
_POSITION = {
    "recorded": "recorded in the file",
    "derived": "derived from the file's latitude, longitude and altitude (WGS84)",
    "none": NO_POSITION,
}


def loss_of_signal(d: Json) -> Html:
    """When and where the stream stopped for good, and whether the stations explain it."""
    status, los = d["los_status"], d["los"]
    if status == "unknown":
        body = tag("p", f"Cannot tell: {d['los_unknown_reason']}", class_="note")
    elif status == "none":
        body = tag("p", "None: the stream lasted as long as the recording.", class_="note")
    elif los is None:
        body = tag(
            "p",
            "The stream stopped before the recording ended; there is no position in this file "
            "to say where, or whether the stations explain it.",
            class_="note",
        )
    else:
        word, cls = _VERDICT[los["expected"]]
        reason = str(los["reason"])
        for prefix in ("unexpected: ", "expected: "):  # the verdict word is shown already
            reason = reason.removeprefix(prefix)
        verdict = tag("strong", word, class_=f"verdict {cls}") + esc(f": {reason}")
        place = los["place"]
        body = facts(
            [
                ("Last frame", tag("strong", format_t_plus(los["t_s"]))),
                ("UTC", utc_text(los["utc"])),
                ("Position", latlon(los["lat_deg"], los["lon_deg"])),
                ("Altitude", f"{los['alt_km']:.1f} km"),
                ("Place", place["text"] if place else "not named (--no-places)"),
                ("Verdict", verdict),
                ("Stations in view", ", ".join(los["stations_in_view"]) or "none"),
                ("Orbit", _orbit(los)),
                (
                    "Silence",
                    f"{los['duration_s']:.1f} s to the end of the recording "
                    f"({los['frames_missed']:,} frames missed)",
                ),
            ]
        )
    return section("loss-of-signal", "Loss of signal", body)


def _orbit(los: Json) -> str:
    """Whether the last state was in orbit, by its perigee (not by the lack of an impact)."""
    if los["in_orbit"] is None:
        return "unknown: no velocity at the last frame"
    perigee = los["perigee_km"]
    where = "" if perigee is None or perigee < -1000 else f", perigee {perigee:.0f} km"
    return ("in orbit" if los["in_orbit"] else "not in orbit") + where


def nominal_versus_actual(flight: Flight, d: Json, div: Divergence | None) -> Html:
    """Where the flight first left its nominal reference, if it did before its data ended."""
    los = d["los"]
    end = f"the loss of signal at {format_t_plus(los['t_s'])}" if los else "the end of the data"
    if div is None:
        body = tag(
            "p",
            f"No channel left its tolerance of the nominal flight before {end}: "
            "the telemetry gave no warning.",
        )
    else:
        unit = flight.units.get(div.channel, "")
        rows: list[tuple[str, str | Html]] = [
            ("First divergence", tag("strong", format_t_plus(div.t_s))),
            ("Channel", div.channel),
            ("Off by", f"{div.off_by(unit)} (tolerance {div.tolerance_text(unit)})"),
        ]
        if los:
            rows.append(("Warning time", f"{los['t_s'] - div.t_s:.1f} s before {end}"))
        body = facts(rows)
    note = tag(
        "p",
        "The nominal flight is the same scenario flown again without its failure; a divergence "
        f"is a channel beyond its tolerance for {SUSTAIN_S:g} s or more.",
        class_="note",
    )
    return section("nominal", "Nominal versus actual", body, note)


def impact(flight: Flight, d: Json) -> Html:
    """The predicted impact point, its place and time, and the zone for every coefficient."""
    imp = d["impact"]
    if imp is None:
        why = f"None: {d['impact_none_reason'] or 'there is no loss of signal to predict from'}."
        return section("impact", "Predicted impact", tag("p", why, class_="note"))
    zone = imp["zone"]
    t0 = zone["from_t_s"]
    place = imp["place"]
    when = format_t_plus(imp["t_s"]) + f" ({utc_text(imp['utc'])})"
    beta = imp["ballistic_coefficient_kg_m2"]
    summary = facts(
        [
            ("Point", tag("strong", latlon(imp["lat_deg"], imp["lon_deg"]))),
            ("Place", place["text"] if place else "not named (--no-places)"),
            ("Time", when),
            ("Fall", f"{imp['t_s'] - t0:.0f} s from the last frame at {format_t_plus(t0)}"),
            ("Assumed", f"β = {beta_text(beta)} kg/m²" if beta is not None else beta_text(beta)),
            ("Zone", f"{zone['along_track_km']:.0f} km along the track (table below)"),
        ]
    )
    cols = [
        Col("Ballistic coefficient β (kg/m²)", num=True),
        Col("Latitude", num=True),
        Col("Longitude", num=True),
        Col("Impact (T+)", num=True),
        Col("Impact (UTC)", num=True),
        Col("Fall (s)", num=True),
    ]
    rows: list[list[str | Html]] = []
    for p in zone["points"]:
        utc = _utc_at(flight, p["t_s"])
        nominal = p["ballistic_coefficient_kg_m2"] == beta
        cells = [
            beta_text(p["ballistic_coefficient_kg_m2"]) + (" (nominal)" if nominal else ""),
            lat(p["lat_deg"]),
            lon(p["lon_deg"]),
            format_t_plus(p["t_s"]),
            format_utc(utc).removesuffix(" UTC")[11:] if utc else "—",
            f"{p['t_s'] - t0:.0f}",
        ]
        rows.append([tag("strong", c) if nominal else c for c in cells])
    caption = (
        "Ballistic fall from the last frame (J2 gravity, drag in the US-1976 atmosphere), "
        "from the shortest to the longest range."
    )
    zone_table = table(cols, rows, caption=caption, class_="narrow")
    if d["los"] is not None and d["los"]["expected"] is True:
        note = (
            "The loss of signal was expected (station geometry), so the vehicle was most likely "
            "still under thrust: this is where it would have come down had thrust stopped at its "
            "last frame, not a forecast of a crash."
        )
        summary = tag("p", note, class_="note") + summary
    return section("impact", "Predicted impact", summary, zone_table)


def events(d: Json, story: Story | None) -> Html:
    """The telemetry's events and, for a scenario, the published timeline next to them."""
    recorded = table(
        [Col("Time (T+)", num=True), Col("Event"), Col("Source")],
        ([format_t_plus(e["t_s"]), e["label"], e["source"]] for e in d["events"]),
        caption="In the telemetry: recorded in the file or detected from the data.",
    )
    if story is None or not story.timeline:
        return section("events", "Events", recorded)
    published = table(
        [Col("Time (T+)", num=True), Col("Milestone")],
        ([format_t_plus(m.t_s), m.label] for m in story.timeline),
        caption="Published timeline (see the sources).",
    )
    return section("events", "Events", tag("div", recorded + published, class_="cols"))


def sources(story: Story | None) -> Html:
    """The scenario's public sources, as plain links (nothing is fetched)."""
    if story is None or not story.sources:
        return Html("")
    items = []
    for s in story.sources:
        url = http_url(s.url)
        title = tag("a", s.title, href=url) if url else esc(s.title)
        shown = tag("span", s.url, class_="url") if s.url else Html("")
        items.append(tag("li", title + (Html("<br>") + shown if s.url else Html(""))))
    note = tag("p", "Links to read further; the report itself loads nothing.", class_="note")
    return section("sources", "Sources", tag("ol", join(items)), note)


def footer(flight: Flight, generated: datetime, version: str) -> Html:
    """What made the report, from which file, and when."""
    text = (
        f"Generated by Ascent Replay {version} (ascent-replay report) from {_file_name(flight)} "
        f"on {format_utc(generated, 0)}. Times are T+ (seconds since liftoff) and UTC; positions "
        "are geodetic WGS84; places from GeoNames (offline)."
    )
    path = flight.path or "an in-memory flight"
    return tag("footer", tag("p", text) + tag("p", f"File: {path}", class_="path"))


def _file_name(flight: Flight) -> str:
    if not flight.path:
        return "(no file)"
    return flight.path.replace("\\", "/").rsplit("/", 1)[-1]
