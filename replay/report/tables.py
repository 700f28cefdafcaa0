"""The report's tables of the stream and the ground: dropouts, station coverage, data health.

``d`` is the analysis as the JSON contract of docs/analysis-json.md.
"""

from __future__ import annotations

from typing import Any

from replay.core.timefmt import format_t_plus
from replay.report.markup import Col, Html, esc, join, section, table, tag

Json = dict[str, Any]


def dropouts(d: Json) -> Html:
    """Every gap the stream came back from."""
    gaps = d["dropouts"]
    missed = sum(g["frames_missed"] for g in gaps)
    lost = sum(g["duration_s"] for g in gaps)
    caption = (
        f"{len(gaps)} dropouts, {missed:,} frames and {lost:.2f} s missed in all; "
        "the stream came back after each."
        if gaps
        else "The stream never paused before its end."
    )
    body = table(
        [
            Col("Start (T+)", num=True),
            Col("End (T+)", num=True),
            Col("Duration (s)", num=True),
            Col("Frames missed", num=True),
        ],
        (
            [
                format_t_plus(g["t_start_s"], 2),
                format_t_plus(g["t_end_s"], 2),
                f"{g['duration_s']:.2f}",
                f"{g['frames_missed']:,}",
            ]
            for g in gaps
        ),
        caption=caption,
        class_="narrow",
        empty="no dropouts",
    )
    return section("dropouts", "Dropouts", body)


def stations(d: Json, span: tuple[float, float]) -> Html:
    """Each station's visibility intervals, as times and as a bar over the recording."""
    if not d["stations"]:
        why = (
            "No position in this file: station coverage needs the vehicle's position."
            if d["position"] == "none"
            else "No station of the catalogue covers this flight."
        )
        return section("stations", "Station coverage", tag("p", why, class_="note"))
    los = d["los"]
    cols = [
        Col("Station"),
        Col("Network"),
        Col("In view (T+)"),
        Col("In view (s)", num=True),
        Col(f"Coverage, {format_t_plus(span[0], 0)} to {format_t_plus(span[1], 0)}"),
    ]
    rows = []
    for s in d["stations"]:
        spans = [(i["t_aos_s"], i["t_los_s"]) for i in s["intervals"]]
        text = join(
            (
                tag("span", f"{format_t_plus(a)}–{format_t_plus(b)}", class_="nowrap")
                for a, b in spans
            ),
            ", ",
        )
        total = sum(b - a for a, b in spans)
        rows.append(
            [
                s["name"],
                s["network"],
                text or "never in view",
                f"{total:.1f}" if spans else "—",
                _bar(spans, span, None if los is None else los["t_s"], s["name"]),
            ]
        )
    networks = ", ".join(d["station_networks"]) or "none"
    caption = (
        f"Networks: {networks}. Bars: when the station saw the vehicle above its elevation mask"
        + ("; the red line is the loss of signal." if los is not None else ".")
    )
    return section("stations", "Station coverage", table(cols, rows, caption=caption))


def _bar(
    spans: list[tuple[float, float]], span: tuple[float, float], los_s: float | None, name: str
) -> Html:
    """An inline SVG bar: the intervals over the recording, and the loss of signal."""
    t0, t1 = span
    width = max(t1 - t0, 1e-9)

    def x(t: float) -> float:
        return 1000.0 * min(max((t - t0) / width, 0.0), 1.0)

    parts = ['<rect class="track" x="0" y="0" width="1000" height="14"/>']
    for a, b in spans:
        parts.append(
            f'<rect class="seen" x="{x(a):.1f}" y="0" width="{max(x(b) - x(a), 2.0):.1f}" '
            'height="14"/>'
        )
    if los_s is not None:
        parts.append(f'<rect class="los" x="{x(los_s) - 3:.1f}" y="0" width="6" height="14"/>')
    label = esc(f"{name}: coverage over the recording")
    return Html(
        f'<svg class="bar" viewBox="0 0 1000 14" preserveAspectRatio="none" role="img" '
        f'aria-label="{label}">{"".join(parts)}</svg>'
    )


def health(d: Json) -> Html:
    """Per channel: finite samples per second, NaN runs, flat-lined stretches."""
    cols = [
        Col("Channel"),
        Col("Unit"),
        Col("Rate (Hz)", num=True),
        Col("Finite (%)", num=True),
        Col("NaN runs", num=True),
        Col("Longest NaN (s)", num=True),
        Col("Flat runs", num=True),
        Col("Longest flat (s)", num=True),
    ]
    rows = (
        [
            h["channel"],
            h["unit"],
            f"{h['effective_rate_hz']:.2f}",
            f"{100 * h['finite_fraction']:.1f}",
            str(h["nan_runs"]),
            f"{h['longest_nan_s']:.1f}" if h["nan_runs"] else "—",
            str(h["flat_runs"]),
            f"{h['longest_flat_s']:.1f}" if h["flat_runs"] else "—",
        ]
        for h in d["health"]
    )
    caption = (
        "Rate of finite samples; runs of NaN; flat stretches (2 s or more of one value, "
        "normal for a stage that is not burning)."
    )
    return section(
        "health", "Data health", table(cols, rows, caption=caption, class_="compact narrow")
    )
