"""Packet files read like any telemetry file, with the same analysis as the CSV of the flight."""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from replay.analysis.flight_analysis import analyze
from replay.cli import main
from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight
from replay.io import read_flight, write_flight
from replay.io.ccsds import appendable
from replay.packets.codec import slot_names, stream, telemetry_records
from replay.packets.layout import load_layout, primary_header
from replay.resources import sample
from tests.factories import make_flight

LAYOUT = load_layout()


def same_analysis(a: Flight, b: Flight) -> None:
    x, y = analyze(a, places=False), analyze(b, places=False)
    assert x.signal.los_status == y.signal.los_status
    assert (x.los is None) == (y.los is None)
    if x.los is not None and y.los is not None:
        assert y.los.t_s == pytest.approx(x.los.t_s, abs=1e-6)
    assert [g.frames_missed for g in x.signal.dropouts] == [
        g.frames_missed for g in y.signal.dropouts
    ]
    starts = [g.t_start_s for g in y.signal.dropouts]
    assert starts == pytest.approx([g.t_start_s for g in x.signal.dropouts], abs=1e-6)
    assert [e.id for e in x.events] == [e.id for e in y.events]
    assert [e.t_s for e in y.events] == pytest.approx([e.t_s for e in x.events], abs=1e-6)


# (M-27M left the list: its third-stage cut-off comes 0.3 s before its loss of signal, after
# the last metadata packet, so a packet file rightly never hears of it.)
@pytest.mark.parametrize("sid", ["progress-ms-04", "falcon9-crs-7", "htv-6"])
def test_packet_file_gives_the_same_analysis_as_the_csv(tmp_path: Path, sid: str) -> None:
    csv = read_flight(sample(sid))
    write_flight(csv, tmp_path / "f.ccsds")
    packets = read_flight(tmp_path / "f.ccsds")
    assert packets.meta.source_format == "ccsds"
    assert packets.n_samples == csv.n_samples
    assert packets.meta.recording_end_s == csv.meta.recording_end_s
    np.testing.assert_allclose(packets.t_s, csv.t_s, atol=2e-7)
    np.testing.assert_allclose(packets.channels["alt_m"], csv.channels["alt_m"], atol=0.01)
    np.testing.assert_array_equal(
        np.diff(packets.channels["frame"]), np.diff(csv.channels["frame"])
    )
    same_analysis(csv, packets)


def test_sequence_count_wraps_across_a_long_dropout(tmp_path: Path) -> None:
    """40,000 frames (the count wraps twice) with a gap of 20,000 frames: a wrap inside a gap."""
    f = make_flight(n=40_000, gap=(10_000, 30_000))
    write_flight(f, tmp_path / "long.ccsds")
    back = read_flight(tmp_path / "long.ccsds")
    np.testing.assert_array_equal(np.diff(back.channels["frame"]), np.diff(f.channels["frame"]))
    (gap,) = analyze(back, places=False).signal.dropouts
    assert gap.frames_missed == 20_000


def test_duplicates_and_disorder_as_received(tmp_path: Path) -> None:
    f = read_flight(sample("antares-orb-3"))
    rec = telemetry_records(LAYOUT, f, slot_names(f, LAYOUT))
    packets = [r.tobytes() for r in rec]
    packets[100], packets[101] = packets[101], packets[100]  # out of order
    packets.insert(200, packets[199])  # a duplicate
    packets.insert(50, primary_header(0x222, 0, 20) + b"\x00" * 14)  # a foreign APID
    path = tmp_path / "rx.ccsds"
    path.write_bytes(b"".join(packets))
    back = read_flight(path)
    assert back.n_samples == f.n_samples
    assert np.all(np.diff(back.t_s) > 0)
    assert back.meta.extra["duplicates_dropped"] == "1"
    assert back.meta.recording_end_s is None  # no receiver notes: the end cannot be judged
    assert analyze(back, places=False).signal.los_status == "unknown"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b[:500] + b"\xff" * 6 + b[500:], "expected a CCSDS version-0 packet header"),
        (lambda b: b[:3], "ends inside a packet header"),
        (
            lambda b: b[:100],
            r"no telemetry packets .*\(byte \d+ \(packet 2\): the last packet is torn",
        ),
    ],
)
def test_damaged_files_name_the_byte(tmp_path: Path, damage: object, message: str) -> None:
    f = make_flight(n=50)
    write_flight(f, tmp_path / "ok.ccsds")
    bad = tmp_path / "bad.ccsds"
    bad.write_bytes(damage((tmp_path / "ok.ccsds").read_bytes()))  # type: ignore[operator]
    with pytest.raises(TelemetryFormatError, match=message) as info:
        read_flight(bad)
    assert str(info.value).startswith(f"{bad}: ")
    assert "byte " in str(info.value)


def as_received(f: Flight) -> list[bytes]:
    """The packets a receiver records: metadata first, then telemetry (no notes)."""
    return [p for _t, p in stream(LAYOUT, f)]


@pytest.mark.parametrize("cut", [50, 150, 154 + 3])  # into the packet, its header, the one before
def test_a_torn_last_packet_is_read_up_to_with_a_warning(tmp_path: Path, cut: int) -> None:
    """Issue 12: a torn last packet (50 bytes cut) made the whole recording unreadable."""
    f = make_flight(n=120)
    whole = b"".join(as_received(f))
    torn = tmp_path / "torn.ccsds"
    torn.write_bytes(whole[:-cut])
    back = read_flight(torn)
    lost = 1 if cut < 154 else 2
    assert back.n_samples == f.n_samples - lost
    np.testing.assert_allclose(back.t_s, f.t_s[:-lost], atol=2e-7)
    (warning,) = back.meta.warnings
    offset = len(whole) - 154 * lost
    left = 154 - cut if cut < 154 else 154 - (cut - 154)
    whole_of = "header" if left < 6 else "154 bytes"
    assert warning == (
        f"{torn}: byte {offset} (packet {len(as_received(f)) - lost + 1}): "
        f"the last packet is torn ({left} bytes of {whole_of}): read up to it"
    )
    assert back.meta.launch_utc == f.meta.launch_utc


def bad_meta_packet(body: dict[str, object]) -> bytes:
    payload = b"\x00" * 7 + json.dumps({"kind": "ascent-replay-metadata", **body}).encode()
    return primary_header(LAYOUT.metadata_apid, 9, 6 + len(payload)) + payload


@pytest.mark.parametrize(
    ("packet", "problem"),
    [
        (
            bad_meta_packet({"meta": {"launch_utc": "2016-12-01 around three"}}),
            "launch_utc: expected an ISO 8601 UTC time like 2016-12-01T14:51:52Z, "
            "found '2016-12-01 around three'",
        ),
        (
            primary_header(LAYOUT.metadata_apid, 9, 6 + 7 + 4) + b"\x00" * 7 + b'{"me',
            "not UTF-8 JSON",
        ),
        (bad_meta_packet({"events": [{"t_s": "later", "id": "x"}]}), "an event time"),
    ],
)
def test_one_bad_metadata_packet_is_skipped_with_a_warning(
    tmp_path: Path, packet: bytes, problem: str
) -> None:
    """Issue 12: one bad metadata packet inside made the recording unreadable."""
    f = make_flight(n=300)  # 12 s: metadata at 0 and 5 s, and the bad one after the second
    packets = as_received(f)
    at = packets.index(next(p for p in packets[1:] if p[1] == 0x02)) + 10
    packets.insert(at, packet)
    path = tmp_path / "rx.ccsds"
    path.write_bytes(b"".join(packets))
    back = read_flight(path)
    assert back.n_samples == f.n_samples
    assert back.meta.launch_utc == f.meta.launch_utc  # the good packets still say it
    assert [e.id for e in back.meta.events] == [e.id for e in f.meta.events]
    (warning,) = back.meta.warnings
    offset = sum(len(p) for p in packets[:at])
    assert warning.startswith(f"{path}: byte {offset}: a bad metadata packet skipped: {problem}")


def test_info_shows_the_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "torn.ccsds"
    path.write_bytes(b"".join(as_received(make_flight(n=40)))[:-50])
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"warnings    1\n    {path}: byte " in out
    assert main(["info", str(path), "--json"]) == 0
    (warning,) = json.loads(capsys.readouterr().out)["warnings"]
    assert "the last packet is torn (104 bytes of 154 bytes)" in warning


def test_what_may_be_appended_to(tmp_path: Path) -> None:
    ok, torn, csv, gz = (tmp_path / n for n in ("ok.ccsds", "t.ccsds", "f.csv", "f.ccsds.gz"))
    whole = b"".join(as_received(make_flight(n=40)))
    ok.write_bytes(whole)
    torn.write_bytes(whole[:-50])
    write_flight(make_flight(n=40), csv)
    write_flight(make_flight(n=40), gz)
    (tmp_path / "empty.ccsds").write_bytes(b"")
    assert appendable(ok) == appendable(tmp_path / "empty.ccsds") == ""
    assert appendable(torn).startswith(f"byte {len(whole) - 154} (packet 41): the last packet is")
    assert appendable(csv) == "it is not a packet recording (.ccsds)"
    assert appendable(gz) == "a compressed file cannot be appended to"


def test_gzip_and_no_metadata(tmp_path: Path) -> None:
    f = make_flight(n=80)
    write_flight(f, tmp_path / "f.ccsds.gz")
    assert gzip.decompress((tmp_path / "f.ccsds.gz").read_bytes())[:2] == b"\x0f\xfd"
    assert read_flight(tmp_path / "f.ccsds.gz").n_samples == 80
    rec = telemetry_records(LAYOUT, f, slot_names(f, LAYOUT))
    (tmp_path / "bare.ccsds").write_bytes(rec.tobytes())  # telemetry only, nobody named anything
    bare = read_flight(tmp_path / "bare.ccsds")
    assert bare.meta.launch_utc is None
    assert "x_ecef_m" in bare.channels and "alt_m" in bare.channels
    assert bare.t_s[0] > 1e8  # without an epoch, times stay CUC seconds: the analysis copes


def test_epoch_less_flight_is_sent_with_an_assumed_epoch(tmp_path: Path) -> None:
    f = make_flight(n=30)
    nameless = Flight(f.t_s, f.channels, f.units, dataclasses.replace(f.meta, launch_utc=None))
    write_flight(nameless, tmp_path / "n.ccsds")
    back = read_flight(tmp_path / "n.ccsds")
    np.testing.assert_allclose(back.t_s, f.t_s, atol=2e-7)
    assert back.meta.extra["epoch_assumed"] == "yes"
