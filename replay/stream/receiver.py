"""Receive CCSDS packets over UDP: decode, count what is wrong, keep the flight, record it.

The receiver runs on its own thread, which nothing a sender does can stop: every datagram is
counted as exactly one kind (:data:`COUNTERS`, so ``datagrams`` is the sum of the others), and
an error of ours while handling one is counted as ``internal_error`` and told in
:attr:`Receiver.status`, and the thread goes on. Datagrams the kernel dropped before the
receiver could read them are counted apart, as ``kernel_dropped``.

Every packet of ours is appended to the recording as it arrives (flushed after each burst read
from the socket, within milliseconds), and a ground note with the recording window and the
counters is added every ``note_every_s`` seconds while packets flow and when the receiver stops:
after a crash, even ``kill -9``, the recording says when it ended to within that time.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import BinaryIO, Literal

from replay.packets.codec import Decoder, ground_packet
from replay.packets.layout import Layout, load_layout
from replay.stream.live import LiveBuffer
from replay.stream.notes import Arrivals, note_body
from replay.stream.transmit import DEFAULT_PORT
from replay.stream.udp import RECEIVE_BUFFER_BYTES, UdpPort

#: Larger datagrams than this are not packets of ours, whatever they claim.
MAX_PACKET_BYTES = 8192
NOTE_EVERY_S = 1.0
#: The longest the thread waits for a datagram before it looks at the clock and the stop flag.
POLL_S = 0.05
#: The most datagrams taken in one burst before the thread looks at the clock again.
BURST = 256
#: Every datagram is counted once as ``datagrams`` and once as one of the kinds after it.
KINDS = (
    "telemetry",
    "metadata",
    "malformed",
    "bad_length",
    "bad_metadata",
    "oversized",
    "duplicate",
    "out_of_order",
    "foreign",
    "internal_error",
)
COUNTERS = ("datagrams", *KINDS, "kernel_dropped", "new_sources")
#: Telemetry this much older than the newest sample, this many packets in a row and in time
#: order among themselves, is a new source (a transmitter restarted, another vehicle), not late
#: or duplicated packets (which come in no order): a new pass starts.
RESTART_BACK_S = 2.0
RESTART_PACKETS = 5
RecordMode = Literal["new", "append", "overwrite"]
RECORD_MODES: tuple[RecordMode, ...] = ("new", "append", "overwrite")


class Receiver:
    """Listens on ``host:port`` (127.0.0.1 by default) until :meth:`stop`.

    ``record_mode`` says what to do with an existing recording: ``"new"`` refuses it
    (``FileExistsError``), ``"append"`` adds to it, ``"overwrite"`` starts it again. The socket
    is bound first: when binding fails, no file is created or touched.
    """

    def __init__(
        self,
        port: int = DEFAULT_PORT,
        host: str = "127.0.0.1",
        record: Path | None = None,
        layout: Layout | None = None,
        *,
        record_mode: RecordMode = "new",
        receive_buffer_bytes: int = RECEIVE_BUFFER_BYTES,
        note_every_s: float = NOTE_EVERY_S,
    ) -> None:
        if record_mode not in RECORD_MODES:
            raise ValueError(f"record_mode: expected one of {RECORD_MODES}, got {record_mode!r}")
        self.layout = layout or load_layout()
        self.buffer = LiveBuffer(self.layout)
        self._decode = Decoder(self.layout)
        self.counts: Counter[str] = Counter({k: 0 for k in COUNTERS})
        #: When a datagram of each kind last came (monotonic seconds).
        self.last_seen: dict[str, float] = {}
        self.arrivals = Arrivals()
        #: One line about the last thing that went wrong on our side ("" while all is well).
        self.status = ""
        self.note_every_s = note_every_s
        self.notes_written = 0
        self._udp = UdpPort(host, port, receive_buffer_bytes)
        self.host, self.port = self._udp.host, self._udp.port
        #: What the kernel granted for the receive buffer (Linux: twice what it keeps for data).
        self.receive_buffer_bytes = self._udp.receive_buffer_bytes
        self.record_path = record
        self._file: BinaryIO | None = None
        if record is not None:
            try:
                self._file = _open(record, record_mode)
            except BaseException:
                self._udp.close()
                raise
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="replay-receiver", daemon=True)
        self._note_seq = 0
        self._next_note = time.monotonic() + note_every_s
        self._write_lock = threading.Lock()
        #: Which pass is being received (a new source starts a new one, and a new recording).
        self.pass_number = 1
        self._back_in_a_row = 0
        self._back_last = 0.0

    def start(self) -> Receiver:
        # At 1,000 packets a second this thread wants the interpreter lock constantly; the
        # default 5 ms switch interval would make the GUI wait up to 5 ms at every numpy call
        # that lets the lock go (a "convoy"). A 1 ms interval keeps the live view's frames short.
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
        self._thread.start()
        return self

    @property
    def alive(self) -> bool:
        """Is the receiving thread running?"""
        return self._thread.is_alive()

    def stop(self) -> None:
        """Stop listening (within ``POLL_S`` and one burst), close the recording with a final
        note. Calling it again does nothing."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2.0)
        self.counts["kernel_dropped"] = self._udp.refresh_drops()
        self._udp.close()
        self._note(final=True)
        with self._write_lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    @property
    def seconds_since_last_packet(self) -> float | None:
        last = self.arrivals.last_wall
        return None if last is None else time.monotonic() - last

    # --- the receiving thread ----------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    self._step()
                except Exception as exc:  # a bug of ours: say so, and keep listening
                    self.status = f"receiver error (still listening): {_one_line(exc)}"
                    time.sleep(POLL_S)  # not a hot loop if it happens every time
        finally:
            if not self._stop.is_set():  # only a BaseException gets here: say so at least
                self.status = "the receiving thread stopped: nothing more is received"

    def _step(self) -> None:
        if self._udp.wait(POLL_S):
            burst = self._udp.receive(BURST)
            for data in burst:
                self.handle(data)
            self.counts["kernel_dropped"] = self._udp.kernel_dropped
            if burst:
                self._flush()
        if time.monotonic() >= self._next_note:
            self.counts["kernel_dropped"] = self._udp.refresh_drops()
            self._note(final=False)

    def handle(self, data: bytes) -> str:
        """Take one datagram; returns the kind it was counted as (one of :data:`KINDS`)."""
        self.counts["datagrams"] += 1
        try:
            kind = self._take(data)
        except Exception as exc:  # whatever a sender sends, the ground station keeps listening
            kind = "internal_error"
            n, at = self.counts["internal_error"] + 1, self.counts["datagrams"]
            self.status = f"internal error on datagram {at} ({n} so far): {_one_line(exc)}"
        self.counts[kind] += 1
        self.last_seen[kind] = time.monotonic()
        return kind

    def _take(self, data: bytes) -> str:
        if len(data) > MAX_PACKET_BYTES:
            return "oversized"
        d = self._decode(data)
        if d.kind == "ground":
            return "foreign"  # ground notes are written by a receiver, never received from one
        if d.kind in ("malformed", "bad_length", "bad_metadata", "foreign"):
            return d.kind
        if d.kind == "metadata" and d.metadata is not None:
            self._keep(data)
            self.buffer.add_metadata(d.metadata)
            return "metadata"
        if self._restarted(d.cuc_s):
            self._new_pass()
        if self.buffer.holds(d.cuc_s):
            return "duplicate"
        self._keep(data)  # out of order or not, the recording keeps it (its reader sorts)
        now = time.monotonic()
        a = self.arrivals
        if a.first_wall is None:
            a.first_wall, a.first_cuc = now, d.cuc_s
        a.last_wall = now
        if not self.buffer.append(d.cuc_s, d.seq, d.values):
            return "out_of_order"
        a.last_cuc = d.cuc_s
        return "telemetry"

    def _restarted(self, cuc_s: float) -> bool:
        """Whether this packet, with those just before it, says a new source is sending."""
        last = self.arrivals.last_cuc
        if last is None or cuc_s >= last - RESTART_BACK_S:
            self._back_in_a_row = 0
            return False
        run_on = self._back_in_a_row and 0 < cuc_s - self._back_last <= RESTART_BACK_S
        self._back_in_a_row = self._back_in_a_row + 1 if run_on else 1
        self._back_last = cuc_s
        return self._back_in_a_row >= RESTART_PACKETS

    def _new_pass(self) -> None:
        """A new source: the flight so far is closed (its recording gets its final note) and a
        new flight, with a recording of its own, begins."""
        self._note(final=True)
        self.counts["new_sources"] += 1
        self.pass_number += 1
        self._back_in_a_row = 0
        self.buffer = LiveBuffer(self.layout)
        self.arrivals = Arrivals()
        with self._write_lock:
            if self._file is not None and self.record_path is not None:
                self._file.close()
                path = self.record_path
                self.record_path = path.with_name(
                    f"{path.stem}-pass{self.pass_number}{path.suffix}"
                )
                try:
                    self._file = _open(self.record_path, "overwrite")
                except OSError as exc:
                    self._file = None
                    self.status = f"recording stopped: {_one_line(exc)}"

    # --- the recording -----------------------------------------------------------------------
    def _keep(self, data: bytes) -> None:
        with self._write_lock:
            if self._file is None:
                return
            try:
                self._file.write(data)
            except OSError as exc:  # a full disk: stop recording, keep showing the stream
                self._file = None
                self.status = f"recording stopped: {_one_line(exc)}"

    def _flush(self) -> None:
        with self._write_lock:
            if self._file is None:
                return
            try:
                self._file.flush()  # a crash must not lose what has arrived
            except OSError as exc:
                self._file = None
                self.status = f"recording stopped: {_one_line(exc)}"

    def _note(self, final: bool) -> None:
        """Write the recording window so far (flight time) and the counters into the recording."""
        self._next_note = time.monotonic() + self.note_every_s
        offset = self.buffer.epoch_offset_s()
        if offset is None:  # no launch time heard yet: the times a reader would give, CUC-based
            offset = -self.layout.epoch_seconds()
        body = note_body(self.arrivals, offset, dict(self.counts), final, time.monotonic())
        if body is None:
            return
        unix_s = body["recording_end_s"] + offset + self.layout.epoch_seconds()
        packet = ground_packet(self.layout, body, unix_s, self._note_seq)
        self._note_seq += 1
        self._keep(packet)
        self._flush()
        self.notes_written += 1


def _open(record: Path, mode: RecordMode) -> BinaryIO:
    if mode == "append":
        return record.open("ab")
    return record.open("wb" if mode == "overwrite" else "xb")


def _one_line(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())
