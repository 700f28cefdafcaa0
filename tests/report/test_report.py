"""The debrief report: its structure and figures, self-containment, escaping, and the CLI."""

from __future__ import annotations

import base64
import dataclasses
import re
import struct
import zlib
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from replay.analysis.flight_analysis import analyze
from replay.core.flight import Event
from replay.report import build_report, default_snapshot_time, png_size, scenario_story
from replay.resources import sample
from replay.session import Session, load_session
from replay.sim.telemetry_spec import Milestone, Source, Story
from tests.factories import make_flight

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SECTIONS = [
    "Dashboard",
    "Loss of signal",
    "Nominal versus actual",
    "Predicted impact",
    "Events",
    "Dropouts",
    "Station coverage",
    "Data health",
    "Sources",
]
BLOCKS = {"p", "li", "td", "th", "tr", "caption", "figcaption", "h1", "h2", "title", "br", "div"}
URL_ATTRS = {"src", "href", "srcset", "action", "formaction", "poster", "data", "xlink:href"}


def tiny_png(width: int = 2, height: int = 1) -> bytes:
    """A real, minimal grey PNG (no Qt needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class Page(HTMLParser):
    """What a browser would see: tags with attributes, headings, text, styles."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self.styles: list[str] = []
        self.headings: dict[str, list[str]] = {"title": [], "h1": [], "h2": []}
        self._open: list[str] = []
        self.feed(document)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in BLOCKS:
            self.texts.append(" ")
        self.tags.append((tag, values))
        if "style" in values:
            self.styles.append(values["style"])
        if tag in self.headings or tag == "style":
            self._open.append(tag)
            if tag in self.headings:
                self.headings[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.texts.append(" ")
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] == "style":
            self.styles.append(data)
            return
        self.texts.append(data)
        if self._open and self._open[-1] in self.headings:
            self.headings[self._open[-1]][-1] += data

    @property
    def text(self) -> str:
        return " ".join("".join(self.texts).split())

    def all(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.tags if tag == name]


@cache
def _ms04() -> Session:
    return load_session(sample("progress-ms-04"))


@pytest.fixture
def ms04() -> Session:
    """The bundled Progress MS-04 replay (loaded once per test run)."""
    return _ms04()


def assert_self_contained(page: Page, allowed_links: set[str]) -> None:
    """Nothing the page would fetch: data: images only, no scripts, links only to sources."""
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "link", "iframe", "object", "embed", "base", "audio", "video"}
    for tag, attrs in page.tags:
        for key, value in attrs.items():
            if key not in URL_ATTRS:
                continue
            if re.match(r"\s*(https?:)?//", value, re.IGNORECASE):
                assert (tag, key) == ("a", "href"), f"<{tag} {key}={value!r}> fetches"
                assert value in allowed_links
            elif tag == "img":
                assert value.startswith("data:image/png;base64,")
            else:
                assert tag == "a" and value in allowed_links, f"<{tag} {key}={value!r}>"
    css = "\n".join(page.styles)
    assert "@import" not in css
    for m in re.finditer(r"url\(\s*['\"]?([^'\")\s]*)", css):
        assert m.group(1).startswith("data:"), m.group(0)
    csp = [a for a in page.all("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]["content"]


def test_ms04_report_structure_and_figures(ms04: Session) -> None:
    png = tiny_png(3, 2)
    document = build_report(ms04, png, snapshot_at_s=382.5)
    page = Page(document)
    assert document.startswith("<!DOCTYPE html>")
    assert "Progress MS-04" in page.headings["title"][0]
    assert page.headings["h1"] == ["Progress MS-04 (Soyuz-U), third-stage failure at T+382"]
    assert page.headings["h2"] == SECTIONS
    text = page.text
    assert "Soyuz-U (11A511U) / Progress MS-04" in text
    assert "2016-12-01 14:51:52 UTC" in text
    assert "Baikonur Site 1/5 (45.920°N 63.342°E, 90 m)" in text
    assert "the state commission found" in text.lower()  # the scenario's summary
    # The loss of signal: when, where, how high, and why it was not geometry.
    assert "T+06:22.0" in text
    assert "14:58:14" in text
    assert re.search(r"Altitude 191(\.\d)? km", text)
    assert "Karaganda, Kazakhstan" in text
    assert "Unexpected: Sary-Shagan still had the vehicle" in text
    # Flown again without the failure, nothing had strayed: the record says the same.
    assert (
        "No channel left its tolerance of the nominal flight before the loss of signal at "
        "T+06:22.0: the telemetry gave no warning." in text
    )
    # The impact, its place and time, and one row per ballistic coefficient.
    assert "Republic of Tyva" in text
    assert "T+14:19.1 (2016-12-01 15:06:11.1 UTC)" in text
    assert "300 (nominal) 51.534°N 92.536°E T+14:19.1 15:06:11.1 477" in text
    for beta in ("5", "20", "100", "300 (nominal)", "1,000", "vacuum (no drag)"):
        assert beta in text
    # Events from the telemetry, and the published timeline next to them.
    for e in ms04.analysis.events:
        assert e.label in text
    assert "T+01:03.0 Max-Q (39.6 kPa) recorded" in text
    story = scenario_story(ms04.flight)
    assert story is not None and story.timeline
    for m in story.timeline:
        assert m.label in text
    # Dropouts, stations, health.
    assert "10 dropouts, 53 frames" in text
    assert "T+01:57.96 T+01:58.52 0.56 13" in text
    assert "Sary-Shagan rgs T+02:29.0–T+06:22.0 233.0" in text
    assert "Yeniseysk rgs never in view" in text
    assert "pc_blok_i_bar bar 24.87 100.0 0 — 1 297.0" in text
    # The sources as plain links, and the footer.
    links = {a["href"] for a in page.all("a")}
    assert links == {s.url for s in story.sources}
    assert "https://tass.com/science/925495" in text  # readable on paper
    assert "Generated by Ascent Replay" in text and "progress-ms-04.csv.gz" in text
    # The snapshot is the PNG given, inline, with its size.
    (img,) = page.all("img")
    data = base64.b64decode(img["src"].removeprefix("data:image/png;base64,"), validate=True)
    assert data == png and data.startswith(PNG_SIGNATURE)
    assert (img["width"], img["height"]) == ("3", "2")
    assert "T+06:22.5" in img["alt"]
    assert "0.5 s after the last frame before the loss of signal" in text
    assert_self_contained(page, {s.url for s in story.sources})


def test_m12m_report_names_the_first_divergence() -> None:
    session = load_session(sample("progress-m-12m"), places=False)
    page = Page(build_report(session, None, snapshot_at_s=default_snapshot_time(session)))
    text = page.text
    # The Blok I chamber pressure decays before the engine is shut down at T+325.
    assert "First divergence T+05:21.3" in text
    assert "Channel pc_blok_i_bar" in text
    assert re.search(r"Off by -7\.\d+ bar \(tolerance [\d.]+ bar\)", text)
    assert "Warning time 3.7 s before the loss of signal at T+05:25.0" in text


def test_an_expected_loss_does_not_forecast_a_crash(tmp_path: Path) -> None:
    from replay.io import write_flight
    from replay.sim.generate import generate

    # HTV-6 as the JAXA ground stations alone heard it: the last one sets before cut-off.
    write_flight(generate("htv-6", networks=("jaxa",)).telemetry, tmp_path / "htv.csv.gz")
    session = load_session(tmp_path / "htv.csv.gz", places=False)
    assert session.analysis.los is not None and session.analysis.los.expected is True
    text = Page(build_report(session, None, snapshot_at_s=0.0)).text
    assert "not a forecast of a crash" in text
    ms04 = Page(build_report(_ms04(), None, snapshot_at_s=0.0)).text
    assert "not a forecast of a crash" not in ms04


def test_numbers_are_right_aligned_and_units_in_headers(ms04: Session) -> None:
    page = Page(build_report(ms04, None, snapshot_at_s=382.5))
    headers = [t for t in page.texts if "(" in t and ")" in t]
    for unit in ("Duration (s)", "Rate (Hz)", "Ballistic coefficient β (kg/m²)", "Time (T+)"):
        assert unit in headers
    assert sum(1 for tag, a in page.tags if tag == "td" and a.get("class") == "num") > 100
    assert "No snapshot was taken" in page.text
    assert not page.all("img")


def hostile_session() -> Session:
    flight = make_flight()
    meta = dataclasses.replace(
        flight.meta,
        title="<script>alert('title')</script>",
        vehicle='Rocket "<b>bold</b>" & co',
        events=(Event(0.0, "liftoff", "<img src=x onerror=alert(1)>"),),
    )
    flight = dataclasses.replace(flight, meta=meta)
    return Session(flight, analyze(flight, places=False))


def test_every_text_is_escaped() -> None:
    session = hostile_session()
    story = Story(
        summary="Summary with <iframe src='//evil'></iframe>",
        sources=(
            Source("a <em>source</em>", "javascript:alert(1)"),
            Source('quote " in title', "https://example.org/?a=1&b=<2>"),
        ),
        timeline=(Milestone(1.0, "<u>milestone</u>"),),
    )
    document = build_report(session, tiny_png(), snapshot_at_s=1.0, story=story)
    page = Page(document)
    assert {tag for tag, _ in page.tags}.isdisjoint({"script", "iframe", "b", "em", "u"})
    assert len(page.all("img")) == 1  # the snapshot; the label made no image
    text = page.text
    for raw in (
        "<script>alert('title')</script>",
        'Rocket "<b>bold</b>" & co',
        "<img src=x onerror=alert(1)>",
        "<iframe src='//evil'></iframe>",
        "a <em>source</em>",
        "<u>milestone</u>",
    ):
        assert raw in text
    # A source that is not http(s) is listed as text, never as a link.
    assert [a["href"] for a in page.all("a")] == ["https://example.org/?a=1&b=<2>"]
    assert "javascript:alert(1)" in text
    assert_self_contained(page, {"https://example.org/?a=1&b=<2>"})


def test_flight_that_is_not_a_scenario() -> None:
    flight = make_flight()  # scenario_id "test-climb" is none of ours
    session = Session(flight, analyze(flight, places=False))
    assert scenario_story(flight) is None
    page = Page(build_report(session, None, snapshot_at_s=default_snapshot_time(session)))
    assert page.headings["h2"] == [h for h in SECTIONS[:-1] if h != "Nominal versus actual"]
    assert "Published timeline" not in page.text
    assert "Loss of signal" in page.text and "not named (--no-places)" in page.text
    assert not page.all("a")
    assert_self_contained(page, set())


def test_file_ids_are_never_paths() -> None:
    flight = make_flight()
    flight = dataclasses.replace(
        flight, meta=dataclasses.replace(flight.meta, scenario_id="../scenarios/progress-ms-04")
    )
    assert scenario_story(flight) is None


def test_default_snapshot_time(ms04: Session) -> None:
    assert default_snapshot_time(ms04) == pytest.approx(382.0 + 5.0 + 0.5)  # once declared
    flight = make_flight()
    unknown_end = dataclasses.replace(
        flight, meta=dataclasses.replace(flight.meta, recording_end_s=None)
    )
    session = Session(unknown_end, analyze(unknown_end, places=False))
    assert session.analysis.los is None
    assert default_snapshot_time(session) == pytest.approx(float(flight.t_s[-1]))


def test_png_size() -> None:
    assert png_size(tiny_png(7, 5)) == (7, 5)
    with pytest.raises(ValueError, match="not a PNG"):
        png_size(b"GIF89a" + b"\0" * 40)
    with pytest.raises(ValueError, match="not a PNG"):
        build_report(hostile_session(), b"<svg/>", snapshot_at_s=0.0)


# --- the command line --------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_writes_a_self_contained_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from replay.cli import main

    out = tmp_path / "report.html"
    assert main(["report", str(sample("progress-ms-04")), "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    page = Page(out.read_text(encoding="utf-8"))
    assert page.headings["h2"] == SECTIONS
    assert "T+06:22.0" in page.text and "Republic of Tyva" in page.text
    (img,) = page.all("img")
    data = base64.b64decode(img["src"].removeprefix("data:image/png;base64,"), validate=True)
    assert data.startswith(PNG_SIGNATURE)
    assert png_size(data) == (1600, 950)  # the real window, rendered offscreen
    assert "The replay window at T+06:27.5" in page.text
    story = scenario_story(_ms04().flight)
    assert story is not None
    assert_self_contained(page, {s.url for s in story.sources})


def test_cli_at_and_no_snapshot(tmp_path: Path) -> None:
    from replay.cli import main

    out = tmp_path / "r.html"
    path = str(sample("progress-ms-04"))
    assert main(["report", path, "-o", str(out), "--at", "100", "--no-snapshot"]) == 0
    assert "No snapshot was taken (it would show T+01:40.0" in Page(out.read_text()).text


def test_cli_bad_telemetry_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from replay.cli import main

    bad = tmp_path / "bad.csv"
    bad.write_text("# ascent-replay telemetry\n# format_version: 9\n")
    out = tmp_path / "r.html"
    assert main(["report", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"ascent-replay: {bad}:2: unsupported format_version")
    assert not out.exists()


@pytest.mark.parametrize("where", ["no-such-dir/r.html", "."])
def test_cli_unwritable_output_is_a_usage_error(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from replay.cli import main

    out = tmp_path / where
    assert main(["report", str(sample("progress-ms-04")), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"ascent-replay: cannot write {out}")


def test_cli_write_failure_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from replay.cli import main

    def refuse(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_text", refuse)
    out = tmp_path / "r.html"
    assert main(["report", str(sample("progress-ms-04")), "-o", str(out), "--no-snapshot"]) == 2
    assert capsys.readouterr().err == f"ascent-replay: cannot write {out}: Permission denied\n"


def test_cli_bad_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from replay.cli import main

    out = tmp_path / "r.html"
    assert main(["report", str(sample("progress-ms-04")), "-o", str(out), "--size", "big"]) == 2
    assert "--size: expected WxH" in capsys.readouterr().err
