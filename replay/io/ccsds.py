"""Recorded packet streams (``.ccsds``): CCSDS space packets as the ground received them.

The file is walked without a Python loop per packet: runs of telemetry packets (fixed length)
are found by checking their headers with numpy, and only the few other packets (metadata every
few seconds, the receiver's notes, anything foreign) are stepped over one by one. Each run is
then a zero-copy record array. The 14-bit sequence count becomes the frame counter, unwrapped
with the help of the time tags; duplicates are dropped and packets put back in time order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core import channels as ch
from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight, FlightMeta
from replay.core.meta import parse_meta
from replay.io._numblock import allocate_columns
from replay.io.source import TextSource, read_all
from replay.packets.codec import epoch_unix, ground_packet, stream
from replay.packets.layout import (
    PRIMARY_HEADER_BYTES,
    SEQUENCE_MODULUS,
    Layout,
    cuc_seconds,
    load_layout,
    parse_primary_header,
)
from replay.packets.metadata import PacketMetadata, metadata_lines, read_ground, read_metadata
from replay.physics.geodesy import geodetic_from_ecef_unchecked

NAME = "ccsds"
SUFFIXES = (".ccsds",)
_FIRST_RUN = 64
_BLOCK_PACKETS = 4096


def sniff(head: bytes) -> bool:
    """A version-0 packet with a secondary header and one of our APIDs."""
    if len(head) < PRIMARY_HEADER_BYTES:
        return False
    version, apid, _seq, _total, secondary = parse_primary_header(head)
    layout = load_layout()
    ours = (layout.telemetry_apid, layout.metadata_apid, layout.ground_apid)
    return version == 0 and secondary and apid in ours


def read(source: TextSource, _time_column: str | None = None) -> Flight:
    """Read a packet file into a flight; bad bytes raise ``TelemetryFormatError`` naming them."""
    layout = load_layout()
    data = read_all(source)
    buf = np.frombuffer(data, dtype=np.uint8)
    warnings: list[str] = []
    runs, others = _walk(source.path, buf, layout, warnings)
    notes = _notes(source.path, data, others, layout, warnings)
    count = sum(r.size for r in runs)
    if count == 0:
        why = f" ({warnings[0].removeprefix(f'{source.path}: ')})" if warnings else ""
        raise TelemetryFormatError(source.path, f"no telemetry packets in this packet file{why}")
    meta, slots, epoch_offset = notes
    t = np.concatenate([cuc_seconds(layout, r["time"]) for r in runs]) - epoch_offset
    seq = np.empty(count, dtype=np.int64)
    _columns(runs, ["seq"], [seq])
    seq &= 0x3FFF
    order, dropped = _order(t, seq)
    if order is not None:
        t, seq = t[order], seq[order]
    columns: dict[str, npt.NDArray[Any]] = {}
    units: dict[str, str] = {}
    named = [
        (f, slots.get(f.slot, (f.slot, f.unit) if not f.named_by_metadata else ("", "")))
        for f in layout.fields
    ]
    # A generic slot nobody named holds nothing; the flight time is the time, not a channel.
    named = [(f, nu) for f, nu in named if nu[0] and not f.is_flight_time]
    # One prefaulted block for all the columns: fresh pages cost more than the decoding.
    blocks = allocate_columns([layout.native_dtype(f) for f, _nu in named], count)
    _columns(runs, [f.slot for f, _nu in named], blocks)
    for (_f, (name, unit)), values in zip(named, blocks, strict=True):
        columns[name], units[name] = values if order is None else values[order], unit
    columns[ch.FRAME], units[ch.FRAME] = _unwrap(seq, t), "1"
    if all(n in columns for n in ch.POSITION_ECEF):
        x, y, z = (columns[n] for n in ch.POSITION_ECEF)
        lat, lon, alt = geodetic_in_slices(x, y, z)
        columns |= {"lat_deg": lat, "lon_deg": lon, "alt_m": alt}
        units |= {"lat_deg": "deg", "lon_deg": "deg", "alt_m": "m"}
    extra = dict(meta.extra)
    if dropped:
        extra["duplicates_dropped"] = str(dropped)
    return Flight(t, columns, units, _with(meta, extra, warnings), str(source.path))


def appendable(path: Path) -> str:
    """Why packets may not be appended to ``path`` ("" if they may): it must be a packet file
    (or empty), uncompressed, and end with a whole packet."""
    if path.suffix.lower() == ".gz":
        return "a compressed file cannot be appended to"
    data = path.read_bytes()
    if not data:
        return ""
    if not sniff(data[:PRIMARY_HEADER_BYTES]):
        return "it is not a packet recording (.ccsds)"
    warnings: list[str] = []
    try:
        _walk(path, np.frombuffer(data, dtype=np.uint8), load_layout(), warnings)
    except TelemetryFormatError as exc:
        return exc.message
    return warnings[0].removeprefix(f"{path}: ") if warnings else ""


def write(flight: Flight, path: str | Path) -> None:
    """Write ``flight`` as the packet stream a ground station would have recorded."""
    import gzip

    layout = load_layout()
    m = flight.meta
    start = m.recording_start_s if m.recording_start_s is not None else float(flight.t_s[0])
    parts = [ground_packet(layout, {"recording_start_s": start}, epoch_unix(flight) + start, 0)]
    parts += [packet for _t, packet in stream(layout, flight)]
    if m.recording_end_s is not None:
        end = ground_packet(
            layout,
            {"recording_end_s": m.recording_end_s},
            epoch_unix(flight) + m.recording_end_s,
            1,
        )
        parts.append(end)
    blob = b"".join(parts)
    p = Path(path)
    if p.suffix.lower() == ".gz":
        with p.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(blob)
    else:
        p.write_bytes(blob)


def _columns(
    runs: list[npt.NDArray[np.void]], names: list[str], outs: list[npt.NDArray[Any]]
) -> None:
    """Fields of every run, byte-swapped and cast into ``outs``, a few thousand packets at a time.

    Going packet block by packet block (each a few hundred kB, in cache) rather than column by
    column reads the 150-byte records once instead of once per column.
    """
    at = 0
    for r in runs:
        for i in range(0, r.size, _BLOCK_PACKETS):
            part = r[i : i + _BLOCK_PACKETS]
            k = part.size
            for name, out in zip(names, outs, strict=True):
                out[at : at + k] = part[name]
            at += k


def geodetic_in_slices(
    x: npt.NDArray[Any], y: npt.NDArray[Any], z: npt.NDArray[Any], size: int = 65_536
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Geodetic coordinates of ECEF columns, a slice at a time (small temporaries are reused)."""
    out = np.empty((3, x.size))
    for i in range(0, x.size, size):
        part = slice(i, i + size)
        out[:, part] = geodetic_from_ecef_unchecked(x[part], y[part], z[part])
    return out[0], out[1], out[2]


def _walk(
    path: Path, buf: npt.NDArray[np.uint8], layout: Layout, warnings: list[str]
) -> tuple[list[npt.NDArray[np.void]], list[tuple[int, int, int]]]:
    """Telemetry runs (record views) and the other packets as ``(offset, apid, total bytes)``.

    A torn last packet (a recording cut short) ends the walk with a warning; bytes that are not
    a packet anywhere else are an error.
    """
    size = layout.telemetry_bytes
    ident = 0x0800 | layout.telemetry_apid
    length = size - PRIMARY_HEADER_BYTES - 1
    runs: list[npt.NDArray[np.void]] = []
    others: list[tuple[int, int, int]] = []
    pos, n = 0, buf.size
    while pos < n:
        k = _run_length(buf, pos, size, ident, length)
        if k:
            runs.append(np.frombuffer(buf, dtype=layout.packet_dtype, count=k, offset=pos))
            pos += k * size
            continue
        index = sum(r.size for r in runs) + len(others)
        if n - pos < PRIMARY_HEADER_BYTES:
            if index == 0:
                _bad(path, pos, index, "the file ends inside a packet header")
            warnings.append(_where(path, pos, index, _torn(n - pos, "header")))
            break
        version, apid, _seq, total, _sec = parse_primary_header(buf[pos : pos + 6].tobytes())
        if version != 0 or total < PRIMARY_HEADER_BYTES + layout.time_bytes:
            _bad(path, pos, index, "expected a CCSDS version-0 packet header")
        if pos + total > n:
            if index == 0:
                _bad(path, pos, index, f"the packet says {total} bytes but the file ends there")
            warnings.append(_where(path, pos, index, _torn(n - pos, f"{total} bytes")))
            break
        others.append((pos, apid, total))
        pos += total
    return runs, others


def _torn(left: int, whole: str) -> str:
    return f"the last packet is torn ({left} bytes of {whole}): read up to it"


def _run_length(buf: npt.NDArray[np.uint8], pos: int, size: int, ident: int, length: int) -> int:
    """How many whole telemetry packets follow each other from ``pos`` (checked in growing runs)."""
    total, step = 0, _FIRST_RUN
    while True:
        start = pos + total * size
        count = min(step, (buf.size - start) // size)
        if count <= 0:
            return total
        idx = start + size * np.arange(count)
        w0 = (buf[idx].astype(np.int32) << 8) | buf[idx + 1]
        w2 = (buf[idx + 4].astype(np.int32) << 8) | buf[idx + 5]
        bad = np.flatnonzero((w0 != ident) | (w2 != length))
        if bad.size:
            return total + int(bad[0])
        total += count
        step *= 4


def _notes(
    path: Path,
    data: bytes,
    others: list[tuple[int, int, int]],
    layout: Layout,
    warnings: list[str],
) -> tuple[FlightMeta, dict[str, tuple[str, str]], float]:
    """Metadata, slot names and the time offset, from the metadata and ground packets.

    Each packet is checked on its own (:mod:`replay.packets.metadata`); a bad one is skipped
    with a warning naming its byte, and the others still count.
    """
    meta_body: dict[str, str] = {}
    events: dict[tuple[float, str], dict[str, Any]] = {}
    slots: dict[str, tuple[str, str]] = {}
    ground: dict[str, Any] = {}
    last_good: PacketMetadata | None = None
    ours = (layout.metadata_apid, layout.ground_apid)
    foreign = [(pos, total) for pos, apid, total in others if apid not in ours]
    if foreign:  # not ours to read; many of them may be bytes out of step, so say so
        size = sum(total for _pos, total in foreign)
        warnings.append(
            f"{path}: byte {foreign[0][0]}: {len(foreign)} packets of other APIDs "
            f"({size} bytes) skipped"
        )
    for pos, apid, total in others:
        if apid not in ours:
            continue
        what = "metadata packet" if apid == layout.metadata_apid else "ground note"
        start = pos + PRIMARY_HEADER_BYTES + layout.time_bytes
        try:
            body = json.loads(data[start : pos + total].decode("utf-8"))
            if not isinstance(body, dict):
                raise ValueError("expected a JSON object")
            if apid == layout.ground_apid:
                ground.update(read_ground(body))
                continue
            packet = read_metadata(body)
        except (ValueError, RecursionError) as exc:
            text = isinstance(exc, json.JSONDecodeError | UnicodeDecodeError)
            problem = "not UTF-8 JSON" if text else str(exc)
            warnings.append(_where(path, pos, None, f"a bad {what} skipped: {problem}"))
            continue
        meta_body.update(packet.meta)
        events.update({(e["t_s"], e["id"]): e for e in packet.events})
        slots.update(packet.slots)
        last_good = packet
    for key in ("recording_start_s", "recording_end_s"):
        if key in ground:
            meta_body[key] = repr(ground[key])
    extra = {f"receiver_{k}": str(v) for k, v in ground.get("counters", {}).items()}
    lines = metadata_lines(meta_body, tuple(events.values()))
    try:
        meta = parse_meta(path, lines, require_version=False, source_format=NAME)
    except TelemetryFormatError as exc:  # good packets that disagree: trust the last one
        warnings.append(f"{path}: the metadata packets disagree ({exc.message}); kept the last")
        alone = metadata_lines(last_good.meta, last_good.events) if last_good else []
        meta = parse_meta(path, alone, require_version=False, source_format=NAME)
    epoch = meta.launch_utc.timestamp() if meta.launch_utc is not None else None
    offset = (epoch if epoch is not None else 0.0) - layout.epoch_seconds()
    return _with(meta, {**meta.extra, **extra}), slots, offset


def _order(
    t: npt.NDArray[np.float64], seq: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.intp] | None, int]:
    """Time order without duplicates (same time and count): the index (``None`` when the packets
    are in order already) and how many were dropped."""
    if t.size < 2 or np.all(np.diff(t) > 0):
        return None, 0
    order = np.lexsort((seq, t))
    ts, ss = t[order], seq[order]
    keep = np.concatenate([[True], (np.diff(ts) > 0) | (np.diff(ss) != 0)])
    same_time = np.concatenate([[False], np.diff(ts) == 0]) & keep
    keep &= ~same_time  # two different packets claiming one instant: keep the first
    return order[keep], int((~keep).sum())


def _unwrap(seq: npt.NDArray[np.int64], t: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """A monotonic frame counter from the wrapping 14-bit count; wraps found from the time gaps."""
    if seq.size < 2:
        return seq.copy()
    period = float(np.median(np.diff(t)))
    step = np.diff(seq) % SEQUENCE_MODULUS
    expected = np.rint(np.diff(t) / period) if period > 0 else step
    wraps = np.rint((expected - step) / SEQUENCE_MODULUS).clip(min=0)
    return np.concatenate([[seq[0]], seq[0] + np.cumsum(step + SEQUENCE_MODULUS * wraps)]).astype(
        np.int64
    )


def _with(meta: FlightMeta, extra: dict[str, str], warnings: list[str] | None = None) -> FlightMeta:
    from dataclasses import replace

    return replace(meta, extra=extra, warnings=tuple(warnings or meta.warnings))


def _where(path: Path, pos: int, index: int | None, what: str) -> str:
    return f"{path}: byte {pos}" + ("" if index is None else f" (packet {index + 1})") + f": {what}"


def _bad(path: Path, pos: int, index: int | None, what: str) -> None:
    where = f"byte {pos}" + ("" if index is None else f" (packet {index + 1})")
    raise TelemetryFormatError(path, f"{where}: {what}")
