"""Receive CCSDS packets over UDP: decode, count what is wrong, keep the flight, record it.

The receiver runs on its own thread. Nothing a sender does is fatal: malformed, oversized,
duplicate, out-of-order and foreign packets are counted. Every packet of ours is appended to
the recording as it arrives and flushed at once, so closing (or crashing) loses nothing; a ground
note with the recording window and the counters is added about once a second and at the end.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from replay.packets.codec import decode_datagram, ground_packet
from replay.packets.layout import Layout, load_layout
from replay.stream.live import LiveBuffer
from replay.stream.transmit import DEFAULT_PORT

MAX_DATAGRAM = 65_535
#: Larger datagrams than this are not packets of ours, whatever they claim.
MAX_PACKET_BYTES = 8192
NOTE_EVERY_S = 1.0
COUNTERS = (
    "datagrams",
    "telemetry",
    "metadata",
    "malformed",
    "oversized",
    "duplicate",
    "out_of_order",
    "foreign",
)


@dataclass
class Arrivals:
    """Wall-clock bookkeeping, to tell flight time from arrival time."""

    first_wall: float | None = None
    last_wall: float | None = None
    first_cuc: float | None = None
    last_cuc: float | None = None
    started_wall: float = field(default_factory=time.monotonic)

    def speed(self) -> float:
        """Flight seconds per wall second, as measured (1 until there is enough to measure)."""
        if None in (self.first_wall, self.last_wall, self.first_cuc, self.last_cuc):
            return 1.0
        wall = self.last_wall - self.first_wall  # type: ignore[operator]
        flown = self.last_cuc - self.first_cuc  # type: ignore[operator]
        return flown / wall if wall > 0.2 and flown > 0 else 1.0


class Receiver:
    """Listens on ``host:port`` (127.0.0.1 by default) until :meth:`stop`."""

    def __init__(
        self,
        port: int = DEFAULT_PORT,
        host: str = "127.0.0.1",
        record: Path | None = None,
        layout: Layout | None = None,
    ) -> None:
        self.layout = layout or load_layout()
        self.buffer = LiveBuffer(self.layout)
        self.counts: Counter[str] = Counter({k: 0 for k in COUNTERS})
        self.arrivals = Arrivals()
        self.record_path = record
        self._file: BinaryIO | None = record.open("ab") if record is not None else None
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 * 1024 * 1024)
        self._sock.bind((host, port))
        self._sock.settimeout(0.1)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="replay-receiver", daemon=True)
        self._note_seq = 0
        self._next_note = time.monotonic() + NOTE_EVERY_S
        self._write_lock = threading.Lock()

    def start(self) -> Receiver:
        # At 1,000 packets a second this thread wants the interpreter lock constantly; the
        # default 5 ms switch interval would make the GUI wait up to 5 ms at every numpy call
        # that lets the lock go (a "convoy"). A 1 ms interval keeps the live view's frames short.
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening, close the recording with a final note (again: nothing more happens)."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2.0)
        self._sock.close()
        self._note(final=True)
        if self._file is not None:
            self._file.close()
            self._file = None

    @property
    def seconds_since_last_packet(self) -> float | None:
        last = self.arrivals.last_wall
        return None if last is None else time.monotonic() - last

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self._sock.recv(MAX_DATAGRAM)
            except TimeoutError:
                data = b""
            except OSError:
                break
            while data:
                try:
                    self.handle(data)
                except Exception:  # whatever a sender sends, the ground station keeps listening
                    self.counts["malformed"] += 1
                # Drain what has queued up meanwhile before blocking again: one wake-up (and one
                # trip for the interpreter lock) per burst rather than per packet.
                try:
                    data = self._sock.recv(MAX_DATAGRAM, socket.MSG_DONTWAIT)
                except (BlockingIOError, OSError):
                    data = b""
            if time.monotonic() >= self._next_note:
                self._note(final=False)

    def handle(self, data: bytes) -> str:
        """Take one datagram; returns what it was counted as."""
        self.counts["datagrams"] += 1
        if len(data) > MAX_PACKET_BYTES:
            self.counts["oversized"] += 1
            return "oversized"
        d = decode_datagram(self.layout, data)
        if d.kind in ("malformed", "foreign"):
            self.counts[d.kind] += 1
            return d.kind
        if d.kind == "telemetry" and self.buffer.holds(d.cuc_s):
            self.counts["duplicate"] += 1
            return "duplicate"
        self._keep(data)
        if d.kind == "telemetry":
            now = time.monotonic()
            a = self.arrivals
            if a.first_wall is None:
                a.first_wall, a.first_cuc = now, d.cuc_s
            a.last_wall = now
            if not self.buffer.append(d.cuc_s, d.seq, d.values):
                self.counts["out_of_order"] += 1
                return "out_of_order"
            a.last_cuc = d.cuc_s
            self.counts["telemetry"] += 1
            return "telemetry"
        if d.kind == "metadata" and d.body is not None:
            self.buffer.add_metadata(d.body)
            self.counts["metadata"] += 1
        return d.kind

    def _keep(self, data: bytes) -> None:
        with self._write_lock:
            if self._file is not None:
                self._file.write(data)
                self._file.flush()  # a crash must not lose what has arrived

    def _note(self, final: bool) -> None:
        """Write the recording window so far (flight time) and the counters into the recording."""
        self._next_note = time.monotonic() + NOTE_EVERY_S
        offset = self.buffer.epoch_offset_s()
        a = self.arrivals
        if offset is None or a.last_cuc is None or a.first_cuc is None or a.first_wall is None:
            return
        speed = a.speed()
        now = time.monotonic()
        end = a.last_cuc + (now - (a.last_wall or now)) * speed - offset
        start = a.first_cuc - (a.first_wall - a.started_wall) * speed - offset
        body = {
            "recording_start_s": round(start, 6),
            "recording_end_s": round(end, 6),
            "final": final,
            "counters": dict(self.counts),
        }
        packet = ground_packet(
            self.layout, body, end + offset + self.layout.epoch_seconds(), self._note_seq
        )
        self._note_seq += 1
        self._keep(packet)
