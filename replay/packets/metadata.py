"""What a metadata packet or a ground note says, checked before anyone believes it.

A packet's JSON can be well formed and still wrong (``"launch_utc": "yesterday"``, an event
without a time). The live receiver and the ``.ccsds`` reader check every packet here, on its
own, so one bad packet is counted or skipped with a warning instead of breaking the display
or the recording.

>>> m = read_metadata({"meta": {"launch_utc": "2016-12-01T14:51:52Z"},
...                    "events": [{"t_s": 0, "id": "liftoff"}]})
>>> m.launch_unix_s, m.events[0]["label"]
(1480603912.0, 'liftoff')
>>> read_metadata({"meta": {"launch_utc": "yesterday"}})
Traceback (most recent call last):
...
ValueError: launch_utc: expected an ISO 8601 UTC time like 2016-12-01T14:51:52Z, found 'yesterday'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from replay.core.errors import TelemetryFormatError
from replay.core.meta import MetaLine, parse_meta

_NOWHERE = Path("metadata packet")
_EVENT_ID = re.compile(r"[A-Za-z0-9_.\-]+")


@dataclass(frozen=True, slots=True)
class PacketMetadata:
    """A metadata packet that passed every check: its header keys, events and slot names."""

    meta: dict[str, str]
    events: tuple[dict[str, Any], ...]
    slots: dict[str, tuple[str, str]]
    launch_unix_s: float | None


def read_metadata(body: dict[str, Any]) -> PacketMetadata:
    """Check a metadata packet's JSON object; a ``ValueError`` says what was expected."""
    meta = body.get("meta", {})
    if not isinstance(meta, dict):
        raise ValueError(f"'meta': expected an object, found {_short(meta)}")
    events = body.get("events", [])
    if not isinstance(events, list):
        raise ValueError(f"'events': expected a list, found {_short(events)}")
    clean_events = tuple(_event(e) for e in events)
    slots = body.get("slots", {})
    if not isinstance(slots, dict):
        raise ValueError(f"'slots': expected an object, found {_short(slots)}")
    clean_slots = {str(k): _slot(k, v) for k, v in slots.items()}
    clean_meta = {str(k): _text(v) for k, v in meta.items()}
    lines = metadata_lines(clean_meta, clean_events)
    try:
        parsed = parse_meta(_NOWHERE, lines, require_version=False, source_format="packets")
    except TelemetryFormatError as exc:
        raise ValueError(exc.message) from None
    epoch = parsed.launch_utc
    return PacketMetadata(
        clean_meta, clean_events, clean_slots, None if epoch is None else epoch.timestamp()
    )


def metadata_lines(meta: dict[str, str], events: tuple[dict[str, Any], ...]) -> list[MetaLine]:
    """The ``key: value`` lines :func:`replay.core.meta.parse_meta` reads, for keys and events."""
    lines = [MetaLine(k, v, None) for k, v in meta.items()]
    lines += [MetaLine("event", f"{e['t_s']!r} {e['id']} {e['label']}", None) for e in events]
    return lines


def read_ground(body: dict[str, Any]) -> dict[str, Any]:
    """Check a ground note: finite recording times, counters as whole numbers."""
    out: dict[str, Any] = {}
    for key in ("recording_start_s", "recording_end_s"):
        if key in body:
            value = body[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{key!r}: expected a number, found {_short(value)}")
            if not math.isfinite(value):
                raise ValueError(f"{key!r}: expected a finite number, found {value!r}")
            out[key] = float(value)
    if "counters" in body:
        counters = body["counters"]
        if not isinstance(counters, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in counters.values()
        ):
            raise ValueError(f"'counters': expected names and counts, found {_short(counters)}")
        out["counters"] = {str(k): int(v) for k, v in counters.items()}
    if "final" in body:
        out["final"] = bool(body["final"])
    return out


def _event(e: object) -> dict[str, Any]:
    if not isinstance(e, dict) or "t_s" not in e or "id" not in e:
        raise ValueError(f"an event: expected {{'t_s': ..., 'id': ...}}, found {_short(e)}")
    t = e["t_s"]
    if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t):
        raise ValueError(f"an event time: expected a finite number, found {_short(t)}")
    ident = str(e["id"])
    if not _EVENT_ID.fullmatch(ident):
        raise ValueError(f"an event id: expected letters, digits and _.- only, found {ident!r}")
    label = " ".join(str(e.get("label", "") or ident).split())
    return {"t_s": float(t), "id": ident, "label": label}


def _slot(key: object, value: object) -> tuple[str, str]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(f"slot {key!r}: expected [channel, unit], found {_short(value)}")
    return str(value[0]), str(value[1])


def _text(value: object) -> str:
    if isinstance(value, dict | list):
        raise ValueError(f"a header value: expected text or a number, found {_short(value)}")
    return str(value)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
