"""CSV -> transmit -> listen/record -> analyse, over UDP on loopback."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from replay.analysis.flight_analysis import analyze
from replay.io import read_flight
from replay.packets.codec import slot_names, stream, telemetry_records
from replay.packets.layout import load_layout, primary_header
from replay.resources import sample
from replay.stream.receiver import KINDS, Receiver
from replay.stream.transmit import parse_address, transmit

LAYOUT = load_layout()


def settle(receiver: Receiver, expected: int, timeout_s: float = 10.0) -> None:
    """Wait until the receiver has counted ``expected`` datagrams (it never blocks the test)."""
    end = time.monotonic() + timeout_s
    while receiver.counts["datagrams"] < expected and time.monotonic() < end:
        time.sleep(0.02)


@pytest.mark.parametrize(("sid", "speed"), [("progress-ms-04", 100.0), ("antares-orb-3", 20.0)])
def test_round_trip_gives_the_same_loss_of_signal_and_events(
    tmp_path: Path, sid: str, speed: float
) -> None:
    csv = read_flight(sample(sid))
    record = tmp_path / "rx.ccsds"
    rx = Receiver(port=0, record=record).start()
    try:
        stats = transmit(csv, ("127.0.0.1", rx.port), speed=speed)
        settle(rx, stats.sent)
        time.sleep(0.5)  # the ground keeps listening after the vehicle falls silent
    finally:
        rx.stop()
    assert rx.counts["telemetry"] == csv.n_samples
    assert rx.counts["malformed"] == rx.counts["duplicate"] == rx.counts["out_of_order"] == 0
    received = read_flight(record)
    a, b = analyze(csv, places=False), analyze(received, places=False)
    assert b.signal.los_status == "loss"
    assert a.los is not None and b.los is not None
    assert b.los.t_s == pytest.approx(a.los.t_s, abs=1e-6)
    assert b.los.expected == a.los.expected
    assert [e.id for e in b.events] == [e.id for e in a.events]
    assert [e.t_s for e in b.events] == pytest.approx([e.t_s for e in a.events], abs=1e-6)
    assert [g.frames_missed for g in b.signal.dropouts] == [
        g.frames_missed for g in a.signal.dropouts
    ]
    assert received.meta.recording_end_s is not None and received.meta.recording_end_s > a.los.t_s


def test_lost_packets_become_dropouts(tmp_path: Path) -> None:
    csv = read_flight(sample("antares-orb-3"))
    rx = Receiver(port=0, record=tmp_path / "rx.ccsds").start()
    try:
        stats = transmit(csv, ("127.0.0.1", rx.port), speed=50.0, loss=0.1, seed=3)
        settle(rx, stats.sent)
    finally:
        rx.stop()
    assert stats.dropped > 30
    received = read_flight(tmp_path / "rx.ccsds")
    missed = sum(g.frames_missed for g in analyze(received, places=False).signal.dropouts)
    # Every frame the transmitter dropped between the first and the last one received is a
    # missed frame of some dropout (Orb-3's own stream has none).
    t0, t1 = received.t_s[0], received.t_s[-1]
    inside = (csv.t_s >= t0 - 1e-6) & (csv.t_s <= t1 + 1e-6)
    assert missed == int(inside.sum()) - received.n_samples
    assert missed > 20


def test_bad_datagrams_are_counted_never_fatal(tmp_path: Path) -> None:
    f = read_flight(sample("antares-orb-3"))
    good = [r.tobytes() for r in telemetry_records(LAYOUT, f, slot_names(f, LAYOUT))[:50]]
    meta = next(p for _t, p in stream(LAYOUT, f))
    rx = Receiver(port=0, record=tmp_path / "rx.ccsds").start()
    junk = [
        b"",  # malformed: an empty datagram arrives too
        b"\x00" * 3,  # malformed: shorter than a header
        good[0][:60],  # bad length: a truncated packet
        good[0] + b"\x00" * 10,  # bad length: trailing bytes
        b"\x42" * 9000,  # oversized
        primary_header(0x3AA, 0, 30) + b"\x00" * 24,  # a foreign APID
        primary_header(0x102, 1, 18) + b"\x00" * 7 + b'{"a":',  # metadata that is not JSON
    ]
    sent = [meta, *good[:20], good[5], *good[25:30], good[22], *junk, *good[30:]]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for d in sent:
            s.sendto(d, ("127.0.0.1", rx.port))
            time.sleep(0.001)
    settle(rx, len(sent))
    rx.stop()
    c = rx.counts
    assert c["datagrams"] == len(sent)
    assert (c["malformed"], c["bad_length"], c["bad_metadata"]) == (2, 2, 1)
    assert (c["oversized"], c["foreign"], c["duplicate"]) == (1, 1, 1)
    assert c["out_of_order"] == 1  # good[22] after good[29]
    assert (c["telemetry"], c["metadata"]) == (20 + 5 + 20, 1)
    assert c["datagrams"] == sum(c[k] for k in KINDS)  # each counted as exactly one kind
    assert c["internal_error"] == c["kernel_dropped"] == 0 and rx.status == ""
    back = read_flight(tmp_path / "rx.ccsds")  # the recording keeps every good packet, sorted
    assert back.n_samples == 46
    assert "duplicates_dropped" not in back.meta.extra  # duplicates never reached the recording
    assert back.meta.warnings == ()


def test_addresses() -> None:
    assert parse_address("127.0.0.1:47800") == ("127.0.0.1", 47800)
    for bad in ("localhost", ":80", "host:99999", "host:x"):
        with pytest.raises(ValueError, match="HOST:PORT"):
            parse_address(bad)
