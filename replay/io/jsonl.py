"""JSON Lines telemetry: one JSON object per sample, optionally a ``{"meta": {...}}`` first line.

The meta object takes the same keys as the native header (``format_version``, ``vehicle``,
``launch_utc``, ...) plus ``units`` (name -> unit) and ``events`` (a list of ``{t_s, id, label}``).
Samples are objects of numbers; ``null`` or a missing key is a NaN. A key whose values are text
is not a channel and is skipped.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core import channels as ch
from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight
from replay.core.meta import MetaLine, format_meta, parse_meta
from replay.io.checks import check_increasing
from replay.io.source import TextSource

NAME = "jsonl"
SUFFIXES = (".jsonl", ".ndjson")
TIME_KEYS = (ch.TIME, "t", "time", "time_s", "timestamp")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def sniff(head: bytes) -> bool:
    first = head.lstrip().split(b"\n", 1)[0].strip()
    return first.startswith(b"{") and first.endswith(b"}")


def read(source: TextSource, time_column: str | None = None) -> Flight:
    """Read JSON Lines, line by line (memory grows with the samples kept, not the file); raise
    ``TelemetryFormatError`` naming line and column."""
    path, stream = source.path, source.stream
    meta_obj: dict[str, Any] = {}
    meta_line = None
    table = _Table()
    line = 0
    while raw := stream.readline():
        line += 1
        text = raw.decode("utf-8", errors="replace")
        if not text.strip():
            continue
        obj = _object(path, text, line)
        first = not table.lines and meta_line is None
        if first and set(obj) == {"meta"} and isinstance(obj["meta"], dict):
            meta_obj, meta_line = obj["meta"], line
            continue
        table.add(obj, line)
    if not table.lines:
        raise TelemetryFormatError(path, "no samples: expected one JSON object per line", line=line)
    units = meta_obj.pop("units", {}) if meta_obj else {}
    meta = parse_meta(
        path, _meta_lines(path, meta_obj, meta_line), require_version=False, source_format=NAME
    )
    t_key = _time_key(path, table.first, time_column, table.lines[0])
    columns = _columns(path, table, t_key)
    t = columns.pop(t_key).astype(np.float64)
    check_increasing(path, t, t_key, table.lines)
    if not isinstance(units, dict):
        raise TelemetryFormatError(path, "meta.units must be an object", line=meta_line)
    unit_of = {k: str(units.get(k, "")) for k in columns}
    return Flight(t, columns, unit_of, meta, str(path))


class _Table:
    """Samples as one list of values per key (``None`` where a row lacks the key)."""

    def __init__(self) -> None:
        self.values: dict[str, list[Any]] = {}
        self.lines: list[int] = []
        self.first: dict[str, Any] = {}

    def add(self, obj: dict[str, Any], line: int) -> None:
        n = len(self.lines)
        if not n:
            self.first = obj
        for key, value in obj.items():
            column = self.values.get(key)
            if column is None:
                column = self.values[key] = [None] * n
            column.append(value)
        self.lines.append(line)
        if len(obj) != len(self.values):
            for column in self.values.values():
                if len(column) == n:
                    column.append(None)


def write(flight: Flight, path: str | Path) -> None:
    """Write ``flight`` as JSON Lines that :func:`read` gives back exactly."""
    meta: dict[str, Any] = {}
    events = []
    for key, value in format_meta(flight.meta):
        if key == "event":
            t, ident, *label = value.split(" ", 2)
            events.append({"t_s": float(t), "id": ident, "label": label[0] if label else ident})
        else:
            meta[key] = value
    meta.update(units=dict(flight.units), events=events)
    names = list(flight.channels)
    cols = [flight.t_s.tolist(), *(flight.channels[n].tolist() for n in names)]
    keys = [ch.TIME, *names]
    with Path(path).open("w", encoding="utf-8") as f:
        f.write(json.dumps({"meta": meta}) + "\n")
        for row in zip(*cols, strict=True):
            obj = {
                k: (None if isinstance(v, float) and math.isnan(v) else v)
                for k, v in zip(keys, row, strict=True)
            }
            f.write(json.dumps(obj, allow_nan=True) + "\n")


def _number(text: str) -> int | float:
    """A JSON integer: exact while it fits 64 bits, a float beyond (Python refuses to read
    integers of over 4,300 digits, and one of 400 does not fit a float: it becomes inf)."""
    return int(text) if len(text) <= 19 else float(text)


def _object(path: Path, text: str, line: int) -> dict[str, Any]:
    try:
        obj = json.loads(text, parse_int=_number)
    except json.JSONDecodeError as exc:
        raise TelemetryFormatError(
            path, f"invalid JSON: {exc.msg}", line=line, column=exc.colno
        ) from None
    except RecursionError:
        raise TelemetryFormatError(path, "JSON nested too deeply", line=line) from None
    if not isinstance(obj, dict):
        raise TelemetryFormatError(
            path, f"expected a JSON object per line, found {type(obj).__name__}", line=line
        )
    return obj


def _meta_lines(path: Path, meta: dict[str, Any], line: int | None) -> list[MetaLine]:
    out = []
    for key, value in meta.items():
        if key == "events":
            if not isinstance(value, list):
                raise TelemetryFormatError(path, "meta.events must be a list", line=line)
            for e in value:
                if not isinstance(e, dict) or not {"t_s", "id"} <= set(e):
                    raise TelemetryFormatError(
                        path,
                        f"meta.events: expected {{t_s, id, label}}, found {e!r:.60}",
                        line=line,
                    )
                out.append(MetaLine("event", f"{e['t_s']} {e['id']} {e.get('label', '')}", line))
        else:
            out.append(MetaLine(key, str(value), line))
    return out


def _time_key(path: Path, first: dict[str, Any], wanted: str | None, line: int) -> str:
    candidates = (wanted,) if wanted else TIME_KEYS
    for key in candidates:
        if key in first:
            return key
    raise TelemetryFormatError(
        path, f"no time key: expected one of {', '.join(candidates)} in every object", line=line
    )


def _columns(path: Path, table: _Table, t_key: str) -> dict[str, npt.NDArray[Any]]:
    out: dict[str, npt.NDArray[Any]] = {}
    lines = table.lines
    for key, values in table.values.items():
        kinds = {type(v) for v in values}
        if kinds <= {str, type(None), list, dict} and key != t_key:
            continue  # text or structure, not a channel
        for v, line in zip(values, lines, strict=True):
            if not (v is None or (isinstance(v, int | float) and not isinstance(v, bool))):
                raise TelemetryFormatError(
                    path, f"{key!r}: expected a number, found {v!r:.40}", line=line
                )
            if key == t_key and (v is None or not math.isfinite(v)):
                raise TelemetryFormatError(
                    path, f"{key!r}: expected a finite time, found {v!r:.40}", line=line
                )
        in_range = all(isinstance(v, int) and _INT64_MIN <= v <= _INT64_MAX for v in values)
        if kinds <= {int} and key != t_key and in_range:
            out[key] = np.array(values, dtype=np.int64)
        else:
            out[key] = np.array([math.nan if v is None else v for v in values], dtype=np.float64)
    return out
