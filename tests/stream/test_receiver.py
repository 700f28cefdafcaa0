"""The receiver's thread cannot die silently, its notes are written as the pass goes, it stops at
once, it counts what the kernel dropped, and it never harms a file it was not told to (issue 12).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from replay.analysis.flight_analysis import analyze
from replay.io import read_flight
from replay.packets.codec import slot_names, stream, telemetry_records
from replay.packets.layout import load_layout, primary_header
from replay.resources import sample
from replay.stream.receiver import KINDS, Receiver
from replay.stream.transmit import transmit
from tests.stream.test_loopback import settle

LAYOUT = load_layout()
FLIGHT = read_flight(sample("antares-orb-3"))
PACKETS = [r.tobytes() for r in telemetry_records(LAYOUT, FLIGHT, slot_names(FLIGHT, LAYOUT))]
META = next(p for _t, p in stream(LAYOUT, FLIGHT))
ROOT = Path(__file__).resolve().parents[2]


def send(port: int, datagrams: list[bytes], pause_s: float = 0.0) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for d in datagrams:
            s.sendto(d, ("127.0.0.1", port))
            if pause_s:
                time.sleep(pause_s)


def metadata_packet(meta: dict[str, str]) -> bytes:
    body = {"kind": "ascent-replay-metadata", "version": 1, "meta": meta, "events": []}
    payload = b"\x00" * LAYOUT.time_bytes + json.dumps(body).encode()
    return primary_header(LAYOUT.metadata_apid, 3, 6 + len(payload)) + payload


def test_a_malformed_launch_utc_is_a_counted_bad_packet(tmp_path: Path) -> None:
    """Issue 12: one metadata packet with a malformed launch_utc killed the receiver thread; the
    live window then failed every frame, and the recording could no longer be opened."""
    bad = metadata_packet({"launch_utc": "2016-12-01 at three"})
    rx = Receiver(port=0, record=tmp_path / "rx.ccsds").start()
    try:
        send(rx.port, [bad, *PACKETS[:50], META, *PACKETS[50:100], bad, *PACKETS[100:200]])
        settle(rx, 203)
        assert rx.alive
        assert rx.buffer.epoch_offset_s() is not None  # from the good packet only
        live = rx.buffer.flight()
        assert live is not None and live.meta.launch_utc == FLIGHT.meta.launch_utc
    finally:
        rx.stop()
    c = rx.counts
    assert (c["datagrams"], c["telemetry"], c["metadata"], c["bad_metadata"]) == (203, 200, 1, 2)
    assert rx.status == ""
    back = read_flight(tmp_path / "rx.ccsds")  # bad packets are counted, not recorded
    assert back.n_samples == 200
    assert back.meta.launch_utc == FLIGHT.meta.launch_utc
    assert back.meta.warnings == ()
    assert back.meta.extra["receiver_bad_metadata"] == "2"


def test_an_error_of_ours_is_counted_and_told_and_the_thread_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rx = Receiver(port=0)
    append = rx.buffer.append
    calls = [0]

    def failing_once(cuc_s: float, seq: int, values: tuple[float, ...]) -> bool:
        calls[0] += 1
        if calls[0] == 5:
            raise RuntimeError("a bug\nover two lines")
        return append(cuc_s, seq, values)

    monkeypatch.setattr(rx.buffer, "append", failing_once)
    rx.start()
    try:
        send(rx.port, [META, *PACKETS[:20]])
        settle(rx, 21)
        assert rx.alive
    finally:
        rx.stop()
    assert (rx.counts["internal_error"], rx.counts["telemetry"]) == (1, 19)
    assert (
        rx.status == "internal error on datagram 6 (1 so far): RuntimeError: a bug over two lines"
    )


def test_an_error_outside_a_datagram_is_told_and_the_thread_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rx = Receiver(port=0, record=tmp_path / "rx.ccsds", note_every_s=0.05)

    def broken(final: bool) -> None:
        raise OSError("the notes are broken")

    monkeypatch.setattr(rx, "_note", broken)
    rx.start()
    try:
        send(rx.port, [META, *PACKETS[:50]], pause_s=0.002)
        settle(rx, 51)
        assert rx.alive
        assert rx.status == "receiver error (still listening): OSError: the notes are broken"
        send(rx.port, PACKETS[50:60])
        settle(rx, 61)
    finally:
        monkeypatch.undo()
        rx.stop()
    assert rx.counts["telemetry"] == 60


def ground_notes(data: bytes) -> list[dict[str, object]]:
    """The receiver's notes in a recording (walking the packets one by one)."""
    out, pos = [], 0
    while pos + 6 <= len(data):
        apid = int.from_bytes(data[pos : pos + 2], "big") & 0x7FF
        total = int.from_bytes(data[pos + 4 : pos + 6], "big") + 7
        if apid == LAYOUT.ground_apid and pos + total <= len(data):
            out.append(json.loads(data[pos + 6 + LAYOUT.time_bytes : pos + total]))
        pos += total
    return out


def test_notes_are_written_while_packets_flow(tmp_path: Path) -> None:
    """Issue 12: while a stream flowed the receiver never left its drain loop, so no note was
    written: after a crash the recording had no end and the analysis could not tell."""
    record = tmp_path / "rx.ccsds"
    rx = Receiver(port=0, record=record, note_every_s=0.2).start()
    sender = threading.Thread(
        target=transmit, args=(FLIGHT, ("127.0.0.1", rx.port)), kwargs={"speed": 12.0}
    )
    try:
        sender.start()  # 30 s of flight at 12x: 2.5 s, a packet every 3 ms
        time.sleep(1.5)
        during = ground_notes(record.read_bytes())
        sender.join()
        assert rx.alive
    finally:
        rx.stop()
    assert len(during) >= 4
    assert not any(n["final"] for n in during)
    ends = [float(n["recording_end_s"]) for n in during]  # type: ignore[arg-type]
    assert ends == sorted(ends) and -10.0 < ends[-1] < 20.0
    assert ground_notes(record.read_bytes())[-1]["final"] is True


def test_stop_returns_at_once_while_packets_flow() -> None:
    """Issue 12: stopping took 2 s (the join's time-out) while packets kept coming."""
    rx = Receiver(port=0).start()
    stop_sending = threading.Event()

    def flood() -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            while not stop_sending.is_set():
                for p in PACKETS[:100]:
                    s.sendto(p, ("127.0.0.1", rx.port))
                time.sleep(0.001)

    sender = threading.Thread(target=flood)
    sender.start()
    try:
        settle(rx, 500)
        start = time.perf_counter()
        rx.stop()
        stopped_s = time.perf_counter() - start
    finally:
        stop_sending.set()
        sender.join()
    assert not rx.alive
    # POLL_S (50 ms) and one burst in principle; generous for a busy 2-core machine.
    assert stopped_s < 0.5


SURVIVOR = """
import sys, time
from pathlib import Path
from replay.stream.receiver import Receiver
rx = Receiver(port=0, record=Path(sys.argv[1]), note_every_s=0.2).start()
print(rx.port, flush=True)
time.sleep(60)
"""


def test_after_kill_9_the_recording_knows_when_it_ended(tmp_path: Path) -> None:
    record = tmp_path / "rx.ccsds"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", SURVIVOR, str(record)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        transmit(FLIGHT, ("127.0.0.1", port), speed=20.0)  # 1.5 s: the flight ends at T+20 s
        time.sleep(0.8)  # the ground hears silence for ~16 s of flight time
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    back = read_flight(record)
    assert back.n_samples == FLIGHT.n_samples
    end = back.meta.recording_end_s
    assert end is not None and end > float(FLIGHT.t_s[-1]) + 5.0
    assert analyze(back, places=False).signal.los_status != "unknown"


def test_an_existing_recording_is_never_touched_unless_told(tmp_path: Path) -> None:
    """Issue 12: --record appended to any existing file (it merged two flights)."""
    old = tmp_path / "old.ccsds"
    old.write_bytes(b"a user's file")
    with pytest.raises(FileExistsError):
        Receiver(port=0, record=old)
    assert old.read_bytes() == b"a user's file"
    rx = Receiver(port=0, record=old, record_mode="overwrite").start()
    send(rx.port, [META, *PACKETS[:10]])
    settle(rx, 11)
    rx.stop()
    first = old.read_bytes()
    assert first.startswith(META) and read_flight(old).n_samples == 10
    rx = Receiver(port=0, record=old, record_mode="append").start()
    send(rx.port, PACKETS[10:30])
    settle(rx, 20)
    rx.stop()
    assert old.read_bytes().startswith(first) and read_flight(old).n_samples == 30


def test_nothing_is_created_when_the_port_cannot_be_bound(tmp_path: Path) -> None:
    """Issue 12: listen created the record file even when binding failed."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        with pytest.raises(OSError, match="in use"):
            Receiver(port=taken.getsockname()[1], record=tmp_path / "rx.ccsds")
    assert not (tmp_path / "rx.ccsds").exists()
    with pytest.raises(ValueError, match="port: expected 1 to 65535, got 99999"):
        Receiver(port=99999, record=tmp_path / "rx.ccsds")
    assert not (tmp_path / "rx.ccsds").exists()


def test_binds_this_machine_only_unless_told() -> None:
    rx = Receiver(port=0)
    assert rx.host == "127.0.0.1"
    rx.stop()
    everywhere = Receiver(port=0, host="0.0.0.0").start()
    try:
        send(everywhere.port, [META, *PACKETS[:5]])  # loopback reaches every interface's bind
        settle(everywhere, 6)
    finally:
        everywhere.stop()
    assert everywhere.host == "0.0.0.0" and everywhere.counts["telemetry"] == 5


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="drop counts are Linux's")
def test_what_the_kernel_dropped_is_counted() -> None:
    """Issue 12: at 50,000 datagrams/s the kernel dropped 66,635 of 500,000 and no counter
    showed it. Here a tiny receive buffer fills while the thread has not started yet."""
    rx = Receiver(port=0, receive_buffer_bytes=4096)
    assert rx.receive_buffer_bytes == 8192  # Linux doubles what it is asked for (its overhead)
    send(rx.port, [META, *PACKETS[:499]])
    rx.start()
    settle(rx, 5)
    time.sleep(0.2)
    kept = rx.counts["datagrams"]
    send(rx.port, PACKETS[600:601])  # this one carries the drop count so far (SO_RXQ_OVFL)
    settle(rx, kept + 1)
    try:
        assert 0 < kept < 100
        assert rx.counts["kernel_dropped"] == 500 - kept
    finally:
        rx.stop()
    c = rx.counts
    assert c["datagrams"] + c["kernel_dropped"] == 501
    assert c["datagrams"] == sum(c[k] for k in KINDS)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="drop counts are Linux's")
def test_drops_after_the_last_datagram_are_counted_at_the_end() -> None:
    rx = Receiver(port=0, receive_buffer_bytes=4096)
    send(rx.port, PACKETS[:300])
    rx.start()
    settle(rx, 5)
    time.sleep(0.2)
    rx.stop()  # no datagram came after the drops: /proc/net/udp says how many
    assert rx.counts["datagrams"] + rx.counts["kernel_dropped"] == 300
    assert rx.counts["kernel_dropped"] > 200


def test_the_receive_buffer_is_large() -> None:
    rx = Receiver(port=0)
    rx.stop()
    limit = Path("/proc/sys/net/core/rmem_max")
    if limit.exists():
        assert rx.receive_buffer_bytes == 2 * min(8 * 2**20, int(limit.read_text()))
    else:
        assert rx.receive_buffer_bytes > 0
