"""The flight as it arrives: growing columns (doubled when full) that the views read as slices.

The receiving thread appends; the GUI takes :meth:`LiveBuffer.flight` now and then. Growing
replaces the arrays, so slices already handed out stay valid; both sides hold the lock only
for a few attribute reads.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core import channels as ch
from replay.core.flight import Flight, FlightMeta
from replay.core.meta import parse_meta
from replay.packets.layout import SEQUENCE_MODULUS, Layout
from replay.packets.metadata import PacketMetadata, metadata_lines
from replay.physics.geodesy import geodetic_from_ecef_unchecked

INITIAL_CAPACITY = 4096


class LiveBuffer:
    """Telemetry samples in arrival order (times strictly increasing)."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self._lock = threading.Lock()
        self._n = 0
        self._cuc = np.empty(INITIAL_CAPACITY)
        self._frame = np.empty(INITIAL_CAPACITY, dtype=np.int64)
        self._cols = np.empty((len(layout.fields), INITIAL_CAPACITY))
        self._last_seq = -1
        self.meta_body: dict[str, Any] = {}
        self.events: dict[tuple[float, str], dict[str, Any]] = {}
        self.slots: dict[str, tuple[str, str]] = {}
        self._epoch_offset_s: float | None = None

    def __len__(self) -> int:
        return self._n

    def append(self, cuc_s: float, seq: int, values: tuple[float, ...]) -> bool:
        """Add a sample; ``False`` (nothing added) unless it is later than the last one."""
        with self._lock:
            n = self._n
            if n and cuc_s <= self._cuc[n - 1]:
                return False
            if n == self._cuc.size:
                self._grow()
            step = (seq - self._last_seq) % SEQUENCE_MODULUS if n else 0
            self._frame[n] = (self._frame[n - 1] + (step or SEQUENCE_MODULUS)) if n else seq
            self._cuc[n] = cuc_s
            self._cols[:, n] = values
            self._last_seq = seq
            self._n = n + 1
        return True

    def holds(self, cuc_s: float) -> bool:
        """Has a sample with exactly this time arrived already (a duplicate)?"""
        with self._lock:
            n, cuc = self._n, self._cuc
        if n == 0 or cuc_s > cuc[n - 1]:
            return False
        i = int(np.searchsorted(cuc[:n], cuc_s))
        return i < n and cuc[i] == cuc_s

    def add_metadata(self, packet: PacketMetadata) -> None:
        """Merge a metadata packet that passed its checks (:func:`read_metadata`)."""
        with self._lock:
            self.meta_body.update(packet.meta)
            for e in packet.events:
                self.events[(e["t_s"], e["id"])] = e
            self.slots.update(packet.slots)
            if packet.launch_unix_s is not None:
                self._epoch_offset_s = packet.launch_unix_s - self.layout.epoch_seconds()

    def epoch_offset_s(self) -> float | None:
        """CUC seconds at liftoff, once a metadata packet has said when liftoff was."""
        return self._epoch_offset_s

    def tail(
        self, seconds: float, slots: list[str]
    ) -> tuple[npt.NDArray[np.float64], dict[str, npt.NDArray[np.float64]]]:
        """The last ``seconds`` of arrival (CUC time and the given slots), as views: cheap."""
        with self._lock:
            n, cuc, cols = self._n, self._cuc, self._cols
        if n == 0:
            return np.zeros(0), {s: np.zeros(0) for s in slots}
        i0 = int(np.searchsorted(cuc[:n], cuc[n - 1] - seconds, side="left"))
        index = {f.slot: j for j, f in enumerate(self.layout.fields)}
        return cuc[i0:n], {s: cols[index[s], i0:n] for s in slots if s in index}

    def last_t_s(self) -> float | None:
        """The newest sample's T+ (as :meth:`flight` would say it), cheaply: the live clock
        asks at every frame (``None`` before two samples)."""
        with self._lock:
            n, cuc, cols = self._n, self._cuc, self._cols
        if n < 2:
            return None
        offset = self.epoch_offset_s()
        if offset is None:
            offset = self._offset_from_flight_time(cuc, cols, n)
        return float(cuc[n - 1] - (offset if offset is not None else cuc[0]))

    def flight(self) -> Flight | None:
        """What has arrived so far, as a flight of views (``None`` before two samples)."""
        with self._lock:
            n, cuc, frame, cols = self._n, self._cuc, self._frame, self._cols
            body, events, slots = dict(self.meta_body), list(self.events.values()), dict(self.slots)
        if n < 2:
            return None
        offset = self.epoch_offset_s()
        from_packets = offset is None
        if offset is None:
            offset = self._offset_from_flight_time(cuc, cols, n)
        t = cuc[:n] - (offset if offset is not None else float(cuc[0]))
        columns: dict[str, npt.NDArray[Any]] = {ch.FRAME: frame[:n]}
        units = {ch.FRAME: "1"}
        for j, f in enumerate(self.layout.fields):
            if f.is_flight_time:
                continue
            name, unit = slots.get(f.slot, ("", "") if f.named_by_metadata else (f.slot, f.unit))
            if name:
                columns[name], units[name] = cols[j, :n], unit
        if all(c in columns for c in ch.POSITION_ECEF):
            lat, lon, alt = geodetic_from_ecef_unchecked(*(columns[c] for c in ch.POSITION_ECEF))
            columns |= {"lat_deg": lat, "lon_deg": lon, "alt_m": alt}
            units |= {"lat_deg": "deg", "lon_deg": "deg", "alt_m": "m"}
        meta = _meta(body, events)
        if from_packets and offset is not None and meta.launch_utc is None:
            # The time codes are UTC: with each packet's T+ they say when liftoff was.
            liftoff = self.layout.cuc_epoch + timedelta(seconds=offset)
            meta = replace(meta, launch_utc=liftoff)
        return Flight(t, columns, units, meta, None)

    def _offset_from_flight_time(
        self, cuc: npt.NDArray[np.float64], cols: npt.NDArray[np.float64], n: int
    ) -> float | None:
        """CUC seconds at liftoff from the packets' own T+ (before any metadata packet)."""
        j = next((k for k, f in enumerate(self.layout.fields) if f.is_flight_time), None)
        if j is None:
            return None
        met = cols[j, : min(n, 64)]
        ok = np.isfinite(met)
        if not ok.any():
            return None
        return float(np.median(cuc[: met.size][ok] - met[ok]))

    def _grow(self) -> None:
        cap = 2 * self._cuc.size
        self._cuc = _resized(self._cuc, cap)
        self._frame = _resized(self._frame, cap)
        cols = np.empty((self._cols.shape[0], cap))
        cols[:, : self._n] = self._cols[:, : self._n]
        self._cols = cols


def _resized(a: npt.NDArray[Any], cap: int) -> npt.NDArray[Any]:
    out = np.empty(cap, dtype=a.dtype)
    out[: a.size] = a
    return out


def _meta(body: dict[str, Any], events: list[dict[str, Any]]) -> FlightMeta:
    from pathlib import Path

    lines = metadata_lines({k: str(v) for k, v in body.items()}, tuple(events))
    try:
        meta = parse_meta(Path("live stream"), lines, require_version=False, source_format="live")
    except ValueError:  # packets that each passed their checks may still disagree
        meta = FlightMeta(source_format="live")
    return replace(meta, extra={**meta.extra, "live": "yes"})
