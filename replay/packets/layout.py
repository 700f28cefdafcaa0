"""The packet layout (``assets/packets/ascent.toml``): CCSDS primary header, CUC time, fields.

Everything about the bytes on the wire is here, once: the header bit fields, the time code, the
numpy dtype of a whole telemetry packet (so a file of them decodes in one vectorised step) and the
``struct`` format of one (so a datagram decodes without numpy overhead).
"""

from __future__ import annotations

import struct
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import numpy as np

PRIMARY_HEADER_BYTES = 6
SEQUENCE_MODULUS = 1 << 14
#: Version 0, type 0 (telemetry), secondary header present.
_ID_BITS = 0b0000_1000_0000_0000
_UNSEGMENTED = 0b11 << 14
_TYPES: dict[str, tuple[str, str, type[np.generic]]] = {
    "f8": (">f8", "d", np.float64),
    "f4": (">f4", "f", np.float32),
    "u1": ("u1", "B", np.uint8),
    "u2": (">u2", "H", np.uint16),
    "i4": (">i4", "i", np.int32),
}


#: The slot carrying each sample's flight time (T+).
FLIGHT_TIME_SLOT = "t_plus_s"


@dataclass(frozen=True, slots=True)
class Field:
    """One data field of a telemetry packet."""

    slot: str
    type: str
    unit: str

    @property
    def is_flight_time(self) -> bool:
        """The sample's own T+ (not a channel: it tells the receiver when liftoff was)."""
        return self.slot == FLIGHT_TIME_SLOT

    @property
    def named_by_metadata(self) -> bool:
        """Generic slots (``pc_N_bar``, ``extra_N``) take their name from the metadata packets."""
        return self.slot.startswith(("pc_", "extra_"))


@dataclass(frozen=True, slots=True)
class Layout:
    """The stream's packet layout."""

    telemetry_apid: int
    metadata_apid: int
    ground_apid: int
    metadata_every_s: float
    cuc_epoch: datetime
    coarse_octets: int
    fine_octets: int
    fields: tuple[Field, ...]

    @property
    def time_bytes(self) -> int:
        return self.coarse_octets + self.fine_octets

    @property
    def telemetry_bytes(self) -> int:
        """Total length of a telemetry packet."""
        return PRIMARY_HEADER_BYTES + self.time_bytes + self.data_dtype.itemsize

    @property
    def data_dtype(self) -> np.dtype[np.void]:
        return _data_dtype(self.fields)

    @property
    def packet_dtype(self) -> np.dtype[np.void]:
        """A whole telemetry packet as one numpy record (header words, time bytes, fields)."""
        return np.dtype(
            [
                ("id", ">u2"),
                ("seq", ">u2"),
                ("length", ">u2"),
                ("time", "u1", (self.time_bytes,)),
                *[(f.slot, _TYPES[f.type][0]) for f in self.fields],
            ]
        )

    @property
    def struct_format(self) -> str:
        """``struct`` format of the data fields (after the time code)."""
        return ">" + "".join(_TYPES[f.type][1] for f in self.fields)

    def native_dtype(self, field: Field) -> type[np.generic]:
        return _TYPES[field.type][2]

    def epoch_seconds(self) -> float:
        return self.cuc_epoch.timestamp()


@cache
def _data_dtype(fields: tuple[Field, ...]) -> np.dtype[np.void]:
    return np.dtype([(f.slot, _TYPES[f.type][0]) for f in fields])


def primary_header(apid: int, seq: int, total_bytes: int) -> bytes:
    """The 6-byte primary header of a telemetry packet of ``total_bytes``."""
    return struct.pack(
        ">HHH",
        _ID_BITS | (apid & 0x7FF),
        _UNSEGMENTED | (seq % SEQUENCE_MODULUS),
        total_bytes - PRIMARY_HEADER_BYTES - 1,
    )


def parse_primary_header(header: bytes) -> tuple[int, int, int, int, bool]:
    """``(version, apid, sequence count, total bytes, secondary header flag)``."""
    word0, word1, length = struct.unpack(">HHH", header[:PRIMARY_HEADER_BYTES])
    version = word0 >> 13
    has_secondary = bool(word0 & 0x0800)
    return version, word0 & 0x7FF, word1 & 0x3FFF, length + PRIMARY_HEADER_BYTES + 1, has_secondary


def cuc(layout: Layout, unix_s: float) -> bytes:
    """A CUC time code (coarse seconds, fine binary fraction) for a Unix time."""
    since = unix_s - layout.epoch_seconds()
    coarse = int(np.floor(since))
    fine = round((since - coarse) * (1 << (8 * layout.fine_octets)))
    if fine >= 1 << (8 * layout.fine_octets):
        coarse, fine = coarse + 1, 0
    if not 0 <= coarse < 1 << (8 * layout.coarse_octets):
        raise ValueError(f"time {unix_s!r} is outside the CUC range of this layout")
    return coarse.to_bytes(layout.coarse_octets, "big") + fine.to_bytes(layout.fine_octets, "big")


def cuc_seconds(layout: Layout, time_bytes: np.ndarray) -> np.ndarray:
    """Seconds since the CUC epoch for an array of time codes, shape (N, time_bytes)."""
    weights = 256.0 ** np.arange(layout.coarse_octets - 1, -layout.fine_octets - 1, -1)
    return np.asarray(time_bytes, dtype=np.float64) @ weights


@cache
def load_layout(path: Path | None = None) -> Layout:
    """The bundled layout (or one from ``path``)."""
    from replay.resources import asset

    source = path or asset("packets/ascent.toml")
    with source.open("rb") as fh:
        d = tomllib.load(fh)
    p = d["packet"]
    fields = tuple(
        Field(str(f["slot"]), str(f["type"]), str(f.get("unit", ""))) for f in d["field"]
    )
    unknown = sorted({f.type for f in fields} - set(_TYPES))
    if unknown:
        raise ValueError(f"{source}: unknown field types {unknown}; known: {sorted(_TYPES)}")
    epoch = datetime.fromisoformat(str(p["cuc_epoch_utc"])).astimezone(UTC)
    return Layout(
        int(p["telemetry_apid"]),
        int(p["metadata_apid"]),
        int(p["ground_apid"]),
        float(p["metadata_every_s"]),
        epoch,
        int(p["cuc_coarse_octets"]),
        int(p["cuc_fine_octets"]),
        fields,
    )
