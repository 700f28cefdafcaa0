"""A flight as CCSDS packets and back: telemetry packets, metadata packets, ground notes.

Encoding is vectorised (a whole flight becomes one numpy record array); decoding one datagram
uses ``struct`` (a live receiver gets them one at a time); decoding a file is in
:mod:`replay.io.ccsds`.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core import channels as ch
from replay.core.flight import Flight
from replay.core.meta import format_meta
from replay.packets.layout import (
    PRIMARY_HEADER_BYTES,
    SEQUENCE_MODULUS,
    Layout,
    cuc,
    primary_header,
)
from replay.packets.metadata import PacketMetadata, read_ground, read_metadata

#: Flights without a launch epoch are sent as if launched at this instant (and say so).
DEFAULT_EPOCH_UNIX = 946_684_800.0  # 2000-01-01T00:00:00Z
META_KIND = "ascent-replay-metadata"
GROUND_KIND = "ascent-replay-ground"


def slot_names(flight: Flight, layout: Layout) -> dict[str, tuple[str, str]]:
    """Which channel each slot carries: ``slot -> (channel, unit)``.

    Slots named like a channel carry it; pressure channels fill the ``pc_N_bar`` slots and the
    remaining numeric channels the ``extra_N`` slots, in file order, as far as they go.
    """
    out: dict[str, tuple[str, str]] = {}
    taken = {ch.FRAME, *ch.GEODETIC}
    for f in layout.fields:
        if not f.named_by_metadata and f.slot in flight.channels:
            out[f.slot] = (f.slot, flight.units[f.slot])
            taken.add(f.slot)
    free = {
        "pc_": [f.slot for f in layout.fields if f.slot.startswith("pc_")],
        "extra_": [f.slot for f in layout.fields if f.slot.startswith("extra_")],
    }
    for name, values in flight.channels.items():
        if name in taken or values.dtype.kind not in "fiu":
            continue
        pool = free["pc_"] if name.startswith("pc_") and free["pc_"] else free["extra_"]
        if pool:
            out[pool.pop(0)] = (name, flight.units[name])
    return out


def epoch_unix(flight: Flight) -> float:
    epoch = flight.meta.launch_utc
    return epoch.timestamp() if epoch is not None else DEFAULT_EPOCH_UNIX


def metadata_packet(
    layout: Layout, flight: Flight, slots: dict[str, tuple[str, str]], t_s: float, seq: int
) -> bytes:
    """A metadata packet at flight time ``t_s``: the native header and the events so far."""
    meta: dict[str, Any] = {}
    events = []
    for key, value in format_meta(flight.meta):
        if key == "event":
            t, ident, *label = value.split(" ", 2)
            if float(t) <= t_s:
                events.append({"t_s": float(t), "id": ident, "label": label[0] if label else ident})
        elif key not in ("recording_start_s", "recording_end_s"):
            meta[key] = value  # the recording is the ground's business, not the vehicle's
    if flight.meta.launch_utc is None:
        meta["launch_utc"] = "2000-01-01T00:00:00Z"
        meta["epoch_assumed"] = "yes"
    body = {
        "kind": META_KIND,
        "version": 1,
        "meta": meta,
        "events": events,
        "slots": {k: list(v) for k, v in slots.items()},
    }
    return _json_packet(layout, layout.metadata_apid, seq, epoch_unix(flight) + t_s, body)


def ground_packet(layout: Layout, body: dict[str, Any], unix_s: float, seq: int) -> bytes:
    """A note the receiving station writes into its recording (window, counters)."""
    return _json_packet(layout, layout.ground_apid, seq, unix_s, {"kind": GROUND_KIND, **body})


def _json_packet(layout: Layout, apid: int, seq: int, unix_s: float, body: dict[str, Any]) -> bytes:
    data = cuc(layout, unix_s) + json.dumps(body, separators=(",", ":")).encode("utf-8")
    return primary_header(apid, seq, PRIMARY_HEADER_BYTES + len(data)) + data


def telemetry_records(
    layout: Layout, flight: Flight, slots: dict[str, tuple[str, str]]
) -> npt.NDArray[np.void]:
    """Every sample of ``flight`` as a telemetry packet, in one record array (vectorised)."""
    n = flight.n_samples
    rec = np.zeros(n, dtype=layout.packet_dtype)
    rec["id"] = 0x0800 | layout.telemetry_apid
    frames = flight.channels.get(ch.FRAME)
    seq = np.asarray(frames if frames is not None else np.arange(n)) % SEQUENCE_MODULUS
    rec["seq"] = (0b11 << 14) | seq
    rec["length"] = layout.telemetry_bytes - PRIMARY_HEADER_BYTES - 1
    since = epoch_unix(flight) - layout.epoch_seconds() + flight.t_s
    coarse = np.floor(since)
    scale = float(1 << (8 * layout.fine_octets))
    fine = np.rint((since - coarse) * scale)
    coarse += fine >= scale
    fine[fine >= scale] = 0
    both = coarse.astype(np.int64) << (8 * layout.fine_octets) | fine.astype(np.int64)
    for k in range(layout.time_bytes):
        rec["time"][:, k] = (both >> (8 * (layout.time_bytes - 1 - k))) & 0xFF
    for f in layout.fields:
        name = slots.get(f.slot, (None, ""))[0]
        if f.is_flight_time:
            rec[f.slot] = flight.t_s
            continue
        rec[f.slot] = (
            flight.channels[name] if name is not None else (np.nan if f.type.startswith("f") else 0)
        )
    return rec


def stream(layout: Layout, flight: Flight) -> Iterator[tuple[float, bytes]]:
    """``(t_s, packet)`` in transmission order: metadata first and every few seconds."""
    slots = slot_names(flight, layout)
    records = telemetry_records(layout, flight, slots)
    every = layout.metadata_every_s
    next_meta = -math.inf
    meta_seq = 0
    for i, t in enumerate(flight.t_s.tolist()):
        if t >= next_meta:
            yield t, metadata_packet(layout, flight, slots, t, meta_seq)
            meta_seq += 1
            next_meta = t + every
        yield t, records[i].tobytes()


#: What a datagram can be. A metadata or ground packet whose JSON or values are wrong is
#: ``bad_metadata``; a packet whose length field disagrees with its size is ``bad_length``.
KINDS = ("telemetry", "metadata", "ground", "foreign", "malformed", "bad_length", "bad_metadata")


@dataclass(frozen=True, slots=True)
class Decoded:
    """One datagram, understood: a telemetry sample, a metadata or ground note, or why not."""

    kind: str  # one of KINDS
    apid: int = -1
    seq: int = -1
    cuc_s: float = math.nan
    values: tuple[float, ...] = ()
    body: dict[str, Any] | None = None
    metadata: PacketMetadata | None = None
    problem: str = ""


def decode_datagram(layout: Layout, data: bytes) -> Decoded:
    """Decode one datagram holding exactly one packet; never raises (for many, a
    :class:`Decoder` works the layout out once)."""
    return Decoder(layout)(data)


class Decoder:
    """Decodes datagrams of one layout; sizes and the ``struct`` format are worked out once
    (a receiver decodes tens of thousands a second)."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self._data_start = PRIMARY_HEADER_BYTES + layout.time_bytes
        self._telemetry_bytes = layout.telemetry_bytes
        self._header = struct.Struct(">HHH")
        self._fields = struct.Struct(layout.struct_format)
        self._apids = (layout.telemetry_apid, layout.metadata_apid, layout.ground_apid)
        self._tick_s = 1.0 / float(1 << (8 * layout.fine_octets))

    def __call__(self, data: bytes) -> Decoded:
        if len(data) < self._data_start:
            return Decoded(
                "malformed", problem=f"{len(data)} bytes is shorter than a packet header"
            )
        word0, word1, length = self._header.unpack_from(data)
        apid, seq, total = word0 & 0x7FF, word1 & 0x3FFF, length + PRIMARY_HEADER_BYTES + 1
        if word0 >> 13 != 0 or not word0 & 0x0800:
            return Decoded("malformed", problem="not a version-0 CCSDS packet with a time code")
        if total != len(data):
            problem = f"length field says {total} bytes, got {len(data)}"
            return Decoded("bad_length", apid, seq, problem=problem)
        if apid not in self._apids:
            return Decoded("foreign", apid, seq)
        t = int.from_bytes(data[PRIMARY_HEADER_BYTES : self._data_start], "big") * self._tick_s
        if apid == self._apids[0]:
            if total != self._telemetry_bytes:
                return Decoded(
                    "bad_length", apid, seq, problem="telemetry packet of the wrong size"
                )
            return Decoded(
                "telemetry", apid, seq, t, self._fields.unpack_from(data, self._data_start)
            )
        try:
            body = json.loads(data[self._data_start :].decode("utf-8"))
        except (ValueError, RecursionError):  # not UTF-8, not JSON, a 5,000-digit number
            return Decoded("bad_metadata", apid, seq, problem="metadata that is not JSON")
        if not isinstance(body, dict):
            return Decoded("bad_metadata", apid, seq, problem="metadata that is not a JSON object")
        try:
            if apid == self._apids[2]:
                return Decoded("ground", apid, seq, t, body=read_ground(body))
            return Decoded("metadata", apid, seq, t, body=body, metadata=read_metadata(body))
        except ValueError as exc:
            return Decoded("bad_metadata", apid, seq, t, body=body, problem=str(exc))
