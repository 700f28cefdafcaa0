"""The packet layout on the wire: headers, time codes, datagrams."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from replay.io import read_flight
from replay.packets.codec import decode_datagram, slot_names, stream, telemetry_records
from replay.packets.layout import (
    SEQUENCE_MODULUS,
    cuc,
    cuc_seconds,
    load_layout,
    parse_primary_header,
    primary_header,
)  # fmt: skip
from replay.resources import sample

LAYOUT = load_layout()


def test_primary_header_bits_follow_ccsds() -> None:
    """CCSDS 133.0-B-2: 3-bit version, type, secondary-header flag, 11-bit APID, 2-bit sequence
    flags, 14-bit count, 16-bit length = total bytes - 7."""
    h = primary_header(0x101, 16385, 154)
    word0, word1, length = struct.unpack(">HHH", h)
    assert word0 >> 13 == 0  # version 0
    assert (word0 >> 12) & 1 == 0  # telemetry
    assert (word0 >> 11) & 1 == 1  # a secondary header (the time code) follows
    assert word0 & 0x7FF == 0x101
    assert word1 >> 14 == 0b11  # unsegmented
    assert word1 & 0x3FFF == 1  # 16385 wraps to 1
    assert length == 154 - 7
    assert parse_primary_header(h) == (0, 0x101, 1, 154, True)


def test_cuc_round_trip_is_finer_than_a_microsecond() -> None:
    for t in (1480603912.0, 1480603912.04, 1480604294.123456, 1.5):
        code = cuc(LAYOUT, t)
        assert len(code) == 7
        back = float(cuc_seconds(LAYOUT, np.frombuffer(code, np.uint8)[None, :])[0])
        assert back == pytest.approx(t, abs=1e-7)
    with pytest.raises(ValueError, match="CUC range"):
        cuc(LAYOUT, -5.0)


def test_a_flight_becomes_packets_and_back() -> None:
    f = read_flight(sample("progress-ms-04"))
    packets = list(stream(LAYOUT, f))
    kinds = [decode_datagram(LAYOUT, p).kind for _t, p in packets]
    assert kinds.count("telemetry") == f.n_samples
    assert kinds[0] == "metadata"  # the metadata comes first, then every 5 s of flight time
    assert 70 <= kinds.count("metadata") <= 85
    first = decode_datagram(LAYOUT, packets[1][1])
    names = [s for s in (f.slot for f in LAYOUT.fields)]
    assert first.values[names.index("x_ecef_m")] == f.channels["x_ecef_m"][0]
    assert first.seq == int(f.channels["frame"][0]) % SEQUENCE_MODULUS
    meta = decode_datagram(LAYOUT, packets[0][1])
    assert meta.body is not None and meta.body["meta"]["scenario_id"] == "progress-ms-04"
    assert meta.body["slots"]["pc_3_bar"] == ["pc_blok_i_bar", "bar"]
    assert meta.body["events"] == [] or meta.body["events"][0]["t_s"] <= f.t_s[0]


def test_records_match_struct_encoding() -> None:
    f = read_flight(sample("antares-orb-3"))
    rec = telemetry_records(LAYOUT, f, slot_names(f, LAYOUT))
    assert rec.dtype.itemsize == LAYOUT.telemetry_bytes
    d = decode_datagram(LAYOUT, rec[10].tobytes())
    assert d.kind == "telemetry"
    assert d.cuc_s == pytest.approx(f.meta.launch_utc.timestamp() + f.t_s[10], abs=1e-6)  # type: ignore[union-attr]


def meta_packet(body: object) -> bytes:
    payload = b"\x00" * 7 + json.dumps(body).encode()
    return primary_header(0x102, 0, 6 + len(payload)) + payload


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "malformed"),
        (b"\x09\x01\xc0\x00", "malformed"),  # shorter than a header
        (b"\xe9\x01\xc0\x00\x00\x08" + b"\x00" * 9, "malformed"),  # version 7
        (primary_header(0x101, 0, 30) + b"\x00" * 24, "bad_length"),  # telemetry of the wrong size
        (primary_header(0x101, 0, 154) + b"\x00" * 100, "bad_length"),  # length field lies
        (primary_header(0x333, 0, 20) + b"\x00" * 14, "foreign"),
        (primary_header(0x102, 0, 16) + b"\x00" * 7 + b"{no", "bad_metadata"),  # not JSON
        (primary_header(0x102, 0, 16) + b"\x00" * 7 + b"[1]", "bad_metadata"),  # not an object
        (primary_header(0x102, 0, 16) + b"\x00" * 7 + b"\xff{}", "bad_metadata"),  # not UTF-8
        (meta_packet({"meta": {"launch_utc": "2016-13-45T99:00:00Z"}}), "bad_metadata"),
        (meta_packet({"meta": {"launch_utc": "2016-12-01T14:51:52"}}), "bad_metadata"),  # no zone
        (meta_packet({"meta": {"site_lat_deg": "north"}}), "bad_metadata"),
        (meta_packet({"meta": {"sample_rate_hz": "NaN"}}), "bad_metadata"),
        (meta_packet({"meta": {"format_version": "7"}}), "bad_metadata"),
        (meta_packet({"meta": ["a"]}), "bad_metadata"),
        (meta_packet({"meta": {"vehicle": {"nested": 1}}}), "bad_metadata"),
        (meta_packet({"events": [{"id": "liftoff"}]}), "bad_metadata"),  # no time
        (meta_packet({"events": [{"t_s": "soon", "id": "x"}]}), "bad_metadata"),
        (meta_packet({"events": [{"t_s": 1.0, "id": "two words"}]}), "bad_metadata"),
        (meta_packet({"events": {"t_s": 1.0}}), "bad_metadata"),
        (meta_packet({"slots": {"pc_1_bar": "pc"}}), "bad_metadata"),
        (meta_packet({"slots": []}), "bad_metadata"),
        (meta_packet({"meta": {}, "events": [], "slots": {}}), "metadata"),
        (meta_packet({"meta": {"launch_utc": "2016-12-01T14:51:52Z"}}), "metadata"),
    ],
)
def test_bad_datagrams_are_named_not_raised(data: bytes, kind: str) -> None:
    d = decode_datagram(LAYOUT, data)
    assert d.kind == kind
    assert (d.problem != "") == (kind not in ("metadata", "foreign"))


def test_a_bad_metadata_packet_says_what_was_expected() -> None:
    d = decode_datagram(LAYOUT, meta_packet({"meta": {"launch_utc": "yesterday"}}))
    assert d.problem == (
        "launch_utc: expected an ISO 8601 UTC time like 2016-12-01T14:51:52Z, found 'yesterday'"
    )
    good = decode_datagram(LAYOUT, meta_packet({"meta": {"launch_utc": "2016-12-01T14:51:52Z"}}))
    assert good.metadata is not None and good.metadata.launch_unix_s == 1480603912.0


def test_ground_notes_are_checked_too() -> None:
    def note(body: object) -> bytes:
        payload = b"\x00" * 7 + json.dumps(body).encode()
        return primary_header(0x7FD, 0, 6 + len(payload)) + payload

    assert decode_datagram(LAYOUT, note({"recording_end_s": 12.5})).kind == "ground"
    assert decode_datagram(LAYOUT, note({"recording_end_s": "late"})).kind == "bad_metadata"
    assert decode_datagram(LAYOUT, note({"counters": {"datagrams": 1.5}})).kind == "bad_metadata"


def test_metadata_is_json() -> None:
    f = read_flight(sample("falcon9-crs-7"))
    (_t, packet), *_ = stream(LAYOUT, f)
    body = json.loads(packet[6 + LAYOUT.time_bytes :])
    assert body["kind"] == "ascent-replay-metadata"
    assert "recording_end_s" not in body["meta"]  # the ground's business, not the vehicle's
