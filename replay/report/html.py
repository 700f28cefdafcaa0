"""The debrief report as one self-contained HTML page, built from a session and PNG bytes.

Qt-free: the dashboard snapshot arrives as PNG bytes (the CLI renders it offscreen), so the page
can be built and tested anywhere. Everything is inline: the CSS, the image as a ``data:`` URI,
the coverage bars as SVG; there are no scripts, and a Content-Security-Policy forbids the page
to load anything. The scenario's sources are plain links, opened only when clicked.
"""

from __future__ import annotations

import base64
import struct
from datetime import UTC, datetime

from replay import __version__
from replay.analysis.report import to_json
from replay.core.flight import Flight
from replay.report import sections, tables
from replay.report.markup import Html, join, tag
from replay.resources import asset_names
from replay.session import Session
from replay.sim.telemetry_spec import Story

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: How long after the last frame the default snapshot is taken: the window then shows LOS.
SNAPSHOT_AFTER_LOS_S = 0.5

_CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)

CSS = """
:root { color-scheme: light; --ink: #1c2128; --muted: #59636e; --rule: #d1d9e0;
  --band: #f3f5f7; --accent: #0b5fad; --bad: #b42318; --ok: #1a7f37; --warn: #9a6700; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 1080px; padding: 28px 36px 40px; color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  "Noto Sans", "DejaVu Sans", sans-serif; font-variant-numeric: tabular-nums; }
header { border-bottom: 3px solid var(--ink); padding-bottom: 12px; }
.kicker { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .08em;
  font-size: .8rem; font-weight: 600; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: .2rem 0 .8rem; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; padding-bottom: .2rem;
  border-bottom: 1px solid var(--ink); break-after: avoid; page-break-after: avoid; }
p { margin: .4rem 0; }
.summary { margin-top: .8rem; max-width: 72em; }
.note { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; }
caption { caption-side: top; text-align: left; color: var(--muted); font-size: .85rem;
  padding: 0 0 .3rem; }
th, td { padding: .22rem .55rem; border-bottom: 1px solid var(--rule); text-align: left;
  vertical-align: top; }
thead th { background: var(--band); border-bottom: 1.5px solid var(--ink); font-weight: 600;
  font-size: .85rem; vertical-align: bottom; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
td.empty { color: var(--muted); font-style: italic; }
table.facts, table.narrow { width: auto; margin-right: auto; }
table.narrow { min-width: 60%; }
#stations td:first-child { white-space: nowrap; }
table.facts { margin: 0; }
table.narrow th, table.narrow td { padding-left: 1.1rem; }
table.narrow th:first-child, table.narrow td:first-child { padding-left: .55rem; }
.nowrap { white-space: nowrap; }
table.facts th { font-weight: 600; color: var(--muted); white-space: nowrap; padding-left: 0;
  width: 10em; }
table.facts td, table.facts th { border-bottom: 1px solid var(--band); }
table.compact td, table.compact th { padding-top: .08rem; padding-bottom: .08rem;
  font-size: .85rem; }
.verdict.bad { color: var(--bad); }
.verdict.ok { color: var(--ok); }
.verdict.warn { color: var(--warn); }
.cols { display: grid; grid-template-columns: 3fr 2fr; gap: 0 28px; align-items: start; }
figure { margin: .4rem 0 0; break-inside: avoid; page-break-inside: avoid; }
figure img { display: block; width: 100%; height: auto; border: 1px solid var(--ink); }
figcaption { color: var(--muted); font-size: .85rem; margin-top: .3rem; }
svg.bar { display: block; width: 100%; min-width: 120px; height: 12px; margin-top: .3rem; }
svg.bar .track { fill: #e6eaef; }
svg.bar .seen { fill: #2f7d4f; }
svg.bar .los { fill: var(--bad); }
ol { padding-left: 1.4rem; }
li { margin: .25rem 0; }
a { color: var(--accent); }
.url { color: var(--muted); font-size: .8rem; word-break: break-all; }
footer { margin-top: 2rem; padding-top: .6rem; border-top: 1px solid var(--rule);
  color: var(--muted); font-size: .8rem; }
footer .path { word-break: break-all; }
@media (max-width: 760px) { .cols { grid-template-columns: 1fr; } body { padding: 16px; } }
@page { size: A4; margin: 14mm 13mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { margin-top: 1.2rem; }
  a { color: inherit; text-decoration: none; }
  section { break-inside: auto; }
  #dashboard, #loss-of-signal, #impact { break-inside: avoid; page-break-inside: avoid; }
}
"""


def build_report(
    session: Session,
    snapshot_png: bytes | None,
    *,
    snapshot_at_s: float,
    story: Story | None = None,
    generated: datetime | None = None,
) -> str:
    """The report as one HTML document (a ``str``; write it as UTF-8).

    ``snapshot_png`` is the dashboard rendered at ``snapshot_at_s`` (``None``: no picture).
    ``story`` defaults to the scenario's when the flight is one of the bundled scenarios (pass
    ``Story()`` for none); ``generated`` defaults to now (UTC). Raises ``ValueError`` when
    ``snapshot_png`` is not a PNG.
    """
    flight = session.flight
    if story is None:
        story = scenario_story(flight)
    d = to_json(flight, session.analysis)
    png_b64, size = None, None
    if snapshot_png is not None:
        size = png_size(snapshot_png)
        png_b64 = base64.b64encode(snapshot_png).decode("ascii")
    when = generated or datetime.now(UTC)
    body = join(
        [
            sections.header(flight, d, story),
            tag(
                "main",
                join(
                    [
                        sections.snapshot(flight, d, png_b64, size, snapshot_at_s),
                        sections.loss_of_signal(d),
                        *(
                            [sections.nominal_versus_actual(flight, d, session.divergence)]
                            if session.reference is not None
                            else []
                        ),
                        sections.impact(flight, d),
                        sections.events(d, story),
                        tables.dropouts(d),
                        tables.stations(d, (session.start_s, session.end_s)),
                        tables.health(d),
                        sections.sources(story),
                    ]
                ),
            ),
            sections.footer(flight, when, __version__),
        ]
    )
    title = f"{flight.meta.title or flight.meta.scenario_id or 'Flight'} — debrief"
    head = join(
        [
            Html('<meta charset="utf-8">'),
            Html(f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'),
            Html('<meta name="viewport" content="width=device-width, initial-scale=1">'),
            tag("title", title),
            Html(f'<meta name="generator" content="Ascent Replay {__version__}">'),
            Html(f"<style>{CSS}</style>"),
        ],
        "\n",
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{head}\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def scenario_story(flight: Flight) -> Story | None:
    """The bundled scenario's story (summary, sources, timeline), or ``None`` for other flights."""
    sid = flight.meta.scenario_id
    if not sid or sid not in asset_names("scenarios"):  # a file's id is never used as a path
        return None
    from replay.sim.scenario import load_scenario

    return load_scenario(sid).story


def default_snapshot_time(session: Session) -> float:
    """Half a second after the ground declared the loss of signal (the last frame and the
    watchdog time), else the end of the data."""
    gap = session.analysis.signal.los
    if gap is None:
        return float(session.flight.t_s[-1])
    return min(gap.t_start_s + session.watchdog_s + SNAPSHOT_AFTER_LOS_S, session.end_s)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG from its header; ``ValueError`` if ``data`` is not a PNG."""
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise ValueError("the snapshot is not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)
