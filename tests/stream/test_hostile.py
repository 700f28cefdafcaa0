"""A bounded hostile run (issue 12): a real stream from the transmitter with every kind of bad
datagram mixed in: random bytes, truncated and padded packets, oversized datagrams, foreign APIDs
and ground notes from outside, duplicates, packets arriving late, malformed metadata.

Every datagram sent is known, so every counter is checked exactly; the recording must decode to
the same samples as the clean stream, and its notes must have been written during the pass.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from replay.core.flight import Flight
from replay.io import read_flight, write_flight
from replay.packets.codec import slot_names, telemetry_records
from replay.packets.layout import cuc_seconds, load_layout, primary_header
from replay.resources import sample
from replay.stream.receiver import KINDS, Receiver
from replay.stream.transmit import TransmitStats, transmit
from tests.stream.test_loopback import settle

LAYOUT = load_layout()
SPEED = 100.0  # Progress MS-04's 392 s of flight in 4 s: 2,500 packets a second
LATE_EVERY = 97  # one sample in 97 is held back and arrives after its successors


@dataclass
class Hostile:
    """The bad datagrams, made in advance, and what each must be counted as."""

    rng: np.random.Generator
    items: list[tuple[str, bytes]] = field(default_factory=list)

    def add(self, kind: str, count: int, make: object) -> None:
        self.items += [(kind, make()) for _ in range(count)]  # type: ignore[operator]

    def random_bytes(self) -> bytes:
        b = bytearray(self.rng.integers(0, 256, int(self.rng.integers(0, 300)), dtype=np.uint8))
        if b:
            b[0] |= 0xE0  # version 7: never a packet of ours, whatever follows
        return bytes(b)


def metadata(body: object, apid: int | None = None, raw: bytes | None = None) -> bytes:
    payload = b"\x00" * LAYOUT.time_bytes + (raw if raw is not None else json.dumps(body).encode())
    return primary_header(apid or LAYOUT.metadata_apid, 1, 6 + len(payload)) + payload


def test_the_receiver_survives_a_hostile_run(tmp_path: Path) -> None:
    flight = read_flight(sample("progress-ms-04"))
    n = flight.n_samples
    records = telemetry_records(LAYOUT, flight, slot_names(flight, LAYOUT))
    packets = [r.tobytes() for r in records]
    cuc = cuc_seconds(LAYOUT, records["time"])
    late = list(range(50, n - 50, LATE_EVERY))
    keep = np.ones(n, dtype=bool)
    keep[late] = False
    on_time = Flight(
        flight.t_s[keep],
        {k: v[keep] for k, v in flight.channels.items()},
        flight.units,
        flight.meta,
    )
    rng = np.random.default_rng(12)
    h = Hostile(rng)
    h.add("malformed", 200, h.random_bytes)
    h.add("bad_length", 150, lambda: packets[int(rng.integers(n))][: int(rng.integers(13, 154))])
    h.add("bad_length", 50, lambda: packets[int(rng.integers(n))] + b"\x00" * 8)
    h.add("oversized", 20, lambda: bytes(int(rng.integers(8193, 20_000))))
    h.add(
        "foreign", 100, lambda: primary_header(int(rng.integers(0x200, 0x7F0)), 0, 40) + bytes(34)
    )
    h.add("foreign", 10, lambda: metadata({"recording_end_s": 1.0}, apid=LAYOUT.ground_apid))
    h.add("bad_metadata", 20, lambda: metadata({"meta": {"launch_utc": "2016-12-01 14h"}}))
    h.add("bad_metadata", 20, lambda: metadata(None, raw=b'{"meta": {"launch'))
    h.add("bad_metadata", 20, lambda: metadata({"events": [{"t_s": "x", "id": "liftoff"}]}))
    order = rng.permutation(len(h.items))
    others = [h.items[i] for i in order]
    sent = {k: 0 for k in KINDS}

    record = tmp_path / "rx.ccsds"
    rx = Receiver(port=0, record=record, note_every_s=0.25).start()
    address = ("127.0.0.1", rx.port)
    stats = TransmitStats()
    done = threading.Event()

    def vehicle() -> None:
        stats.__dict__.update(transmit(on_time, address, speed=SPEED).__dict__)
        done.set()

    def network() -> None:
        """Bad datagrams between the vehicle's; duplicates and late ones once they can be."""
        import socket

        next_late, duplicates = 0, 0
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            while not done.is_set() or others or next_late < len(late):
                heard = rx.arrivals.last_cuc
                while heard is not None and next_late < len(late) and cuc[late[next_late]] < heard:
                    s.sendto(packets[late[next_late]], address)  # its successor came first
                    sent["out_of_order"] += 1
                    next_late += 1
                if heard is not None and duplicates < 200:
                    i = int(rng.integers(0, int(np.searchsorted(cuc, heard, side="right"))))
                    if keep[i]:  # received already, so this copy is a duplicate
                        s.sendto(packets[i], address)
                        sent["duplicate"] += 1
                        duplicates += 1
                if others:
                    kind, data = others.pop()
                    s.sendto(data, address)
                    sent[kind] += 1
                time.sleep(0.003)

    threads = [threading.Thread(target=vehicle), threading.Thread(target=network)]
    for t in threads:
        t.start()
    ends_during = []
    while not done.is_set():  # read the recording as it grows, as anyone may
        time.sleep(0.5)
        snapshot = tmp_path / "snapshot.ccsds"
        shutil.copyfile(record, snapshot)
        if snapshot.stat().st_size > 0:
            part = read_flight(snapshot)
            ends_during.append(part.meta.recording_end_s)
    for t in threads:
        t.join()
    total = stats.sent + sum(sent.values())
    settle(rx, total, timeout_s=20.0)
    assert rx.alive
    rx.stop()

    c = rx.counts
    telemetry = int(keep.sum())
    assert c["datagrams"] == total
    assert c["kernel_dropped"] == 0
    assert c["telemetry"] == telemetry
    assert c["metadata"] == stats.sent - telemetry
    for kind in ("malformed", "bad_length", "bad_metadata", "oversized", "foreign"):
        assert c[kind] == sent[kind], kind
    assert (c["duplicate"], c["out_of_order"]) == (sent["duplicate"], len(late))
    assert sent["duplicate"] >= 150
    assert c["internal_error"] == 0 and rx.status == ""
    assert c["datagrams"] == sum(c[k] for k in KINDS)

    # Notes were written as the pass went, not only at the end.
    assert len(ends_during) >= 5
    known = [e for e in ends_during if e is not None]
    assert len(known) >= len(ends_during) - 2 and known == sorted(known)
    assert rx.notes_written >= 10

    # The recording holds the flight the clean stream holds, sample for sample.
    write_flight(flight, tmp_path / "clean.ccsds")
    clean, back = read_flight(tmp_path / "clean.ccsds"), read_flight(record)
    assert back.meta.warnings == ()
    assert "duplicates_dropped" not in back.meta.extra
    np.testing.assert_array_equal(back.t_s, clean.t_s)
    assert set(back.channels) == set(clean.channels)
    for name, values in clean.channels.items():
        np.testing.assert_array_equal(back.channels[name], values, err_msg=name)
    assert back.meta.events == clean.meta.events
    assert back.meta.launch_utc == clean.meta.launch_utc
    assert back.meta.recording_end_s is not None
    assert back.meta.recording_end_s >= float(clean.t_s[-1])
    assert back.meta.extra["receiver_bad_metadata"] == str(sent["bad_metadata"])
