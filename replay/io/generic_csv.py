"""Delimited text files that are not ours: find the time column, keep every numeric column.

No metadata is needed. The delimiter is sniffed from the header (',', ';', tab, '|' or
whitespace); units are taken from headers like ``alt [m]`` or ``speed (m/s)`` when present.
A time column in ms/us/ns is scaled to seconds, and Unix times become seconds since the first
sample with the launch epoch set to that sample.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from replay.core import channels as ch
from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight, FlightMeta
from replay.core.types import FloatArray
from replay.io._numblock import (
    FLOAT_RE,
    MAX_COLUMNS,
    BlockFormat,
    ColumnSpec,
    read_numeric_block,
)
from replay.io.checks import check_increasing
from replay.io.source import TextSource

NAME = "generic-csv"
SUFFIXES = (".csv", ".tsv", ".txt", ".dat")

_DELIMITERS = (",", ";", "\t", "|")
_UNIT = re.compile(r"(.*?)\s*[\[(]([^\])]*)[\])]\s*")
_TIME_NAME = re.compile(
    r"(t|time|timestamp|t_s|time_s|t_ms|time_ms|elapsed(_time)?(_s)?|sec|secs|seconds|met|t_plus)",
    re.IGNORECASE,
)
_TIME_SCALE = {"s": 1.0, "sec": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9, "min": 60.0}
_UNIX_RANGE = (1e8, 4.2e9)
_SAMPLE_ROWS = 200


def sniff(head: bytes) -> bool:
    """Delimited text whose first non-comment line is not JSON."""
    for raw in head.splitlines():
        line = raw.strip()
        if line and not line.startswith(b"#"):
            return not line.startswith((b"{", b"["))
    return False


def read(source: TextSource, time_column: str | None = None) -> Flight:
    """Read a foreign delimited file; raise ``TelemetryFormatError`` naming line and column."""
    path, stream = source.path, source.stream
    line_no, pos = 0, stream.tell()
    while True:
        raw = stream.readline()
        line_no += 1
        if not raw:
            raise TelemetryFormatError(path, "no data: only comment lines", line=line_no)
        text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        if text.strip() and not text.lstrip().startswith("#"):
            break
        pos = stream.tell()
    delimiter = _delimiter(text)
    cells = _split(text, delimiter)
    if len(cells) > MAX_COLUMNS:
        raise TelemetryFormatError(
            path,
            f"{len(cells):,} columns; expected at most {MAX_COLUMNS:,} (is this telemetry?)",
            line=line_no,
        )
    has_header = not all(FLOAT_RE.fullmatch(c.strip()) for c in cells)
    if has_header:
        names, units = _names_units(cells)
        first_line = line_no + 1
    else:
        names, units = [f"col{i + 1}" for i in range(len(cells))], [""] * len(cells)
        stream.seek(pos, lines_before=line_no - 1)
        first_line = line_no
    kinds = _numeric_columns(path, source.head, delimiter, len(names), line_no)
    t_idx = _time_index(path, names, kinds, time_column, line_no)
    specs = [
        ColumnSpec(n, "float" if k else "skip", i == t_idx)
        for i, (n, k) in enumerate(zip(names, kinds, strict=True))
    ]
    remaining = stream.remaining_bytes()
    fmt = BlockFormat(path, specs, delimiter, allow_empty=True)
    arrays = read_numeric_block(stream, fmt, first_line=first_line, remaining_bytes=remaining)
    kept = [i for i, k in enumerate(kinds) if k]
    cols = dict(zip((names[i] for i in kept), arrays, strict=True))
    unit_of = {names[i]: units[i] for i in kept}
    t_name = names[t_idx]
    t = cols.pop(t_name)
    if t.size == 0:
        raise TelemetryFormatError(path, "header only: expected rows of samples", line=first_line)
    check_increasing(path, t, t_name, first_line)
    t, extra, epoch = _to_seconds(t, t_name, unit_of.pop(t_name))
    skipped = [names[i] for i, k in enumerate(kinds) if not k]
    if skipped:
        extra["skipped_columns"] = ", ".join(skipped)
    extra["time_column"] = t_name
    meta = FlightMeta(source_format=NAME, launch_utc=epoch, extra=extra)
    if ch.TIME in cols:  # a channel may not shadow the time axis
        cols[f"{ch.TIME}_column"] = cols.pop(ch.TIME)
        unit_of[f"{ch.TIME}_column"] = unit_of.pop(ch.TIME)
    return Flight(t, cols, unit_of, meta, str(path))


def write(flight: Flight, path: str | Path) -> None:
    """Plain CSV for other tools: ``t_s [s]`` then every channel as ``name [unit]``, no metadata."""
    names = list(flight.channels)
    header = ",".join(["t_s [s]", *(f"{n} [{flight.units.get(n, '')}]" for n in names)])
    cols = [flight.t_s.tolist(), *(flight.channels[n].tolist() for n in names)]
    with Path(path).open("w", encoding="utf-8") as f:
        f.write(header + "\n")
        for row in zip(*cols, strict=True):
            f.write(",".join(map(repr, row)) + "\n")


def _delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else " "


def _split(line: str, delimiter: str) -> list[str]:
    return line.split(delimiter) if delimiter != " " else line.split()


def _names_units(cells: list[str]) -> tuple[list[str], list[str]]:
    names: list[str] = []
    units: list[str] = []
    taken: set[str] = set()
    for i, raw in enumerate(cells):
        cell = raw.strip().strip('"')
        m = _UNIT.fullmatch(cell)
        name, unit = (m.group(1), m.group(2).strip()) if m else (cell, "")
        name = name or f"col{i + 1}"
        if name in taken:  # a repeated name gets the column's number: linear, whatever repeats
            name = f"{name}_{i + 1}"
            while name in taken:
                name += "_"
        taken.add(name)
        names.append(name)
        units.append(unit)
    return names, units


def _numeric_columns(
    path: Path, head: bytes, delimiter: str, n: int, header_line: int
) -> list[bool]:
    """Which columns hold numbers, judged on the first rows (empty cells count as numbers)."""
    lines = head.decode("utf-8", errors="replace").splitlines()[
        header_line : header_line + _SAMPLE_ROWS
    ]
    numeric = [True] * n
    for line in lines[:-1]:  # the last line of the head block may be cut short
        cells = _split(line.rstrip("\r"), delimiter)
        if len(cells) == n:
            for j, cell in enumerate(cells):
                if cell.strip() and not FLOAT_RE.fullmatch(cell.strip()):
                    numeric[j] = False
    return numeric


def _time_index(
    path: Path, names: list[str], numeric: list[bool], wanted: str | None, line: int
) -> int:
    if wanted is not None:
        idx = names.index(wanted) if wanted in names else None
        if idx is None and wanted.isdigit() and 1 <= int(wanted) <= len(names):
            idx = int(wanted) - 1
        if idx is None:
            raise TelemetryFormatError(
                path, f"no time column {wanted!r}; columns: {', '.join(names)}", line=line
            )
        if not numeric[idx]:
            raise TelemetryFormatError(
                path,
                f"time column {names[idx]!r} does not hold numbers (seconds expected)",
                line=line,
            )
        return idx
    for i, name in enumerate(names):
        if numeric[i] and _TIME_NAME.fullmatch(name.strip()):
            return i
    if numeric and numeric[0]:
        return 0
    raise TelemetryFormatError(
        path,
        f"cannot tell which column is time; give --time-column (columns: {', '.join(names)})",
        line=line,
    )


def _to_seconds(
    t: FloatArray, name: str, unit: str
) -> tuple[FloatArray, dict[str, str], datetime | None]:
    suffix = name.rsplit("_", 1)[-1].lower() if "_" in name else ""
    scale = _TIME_SCALE.get(unit.lower(), _TIME_SCALE.get(suffix, 1.0))
    t = t * scale if scale != 1.0 else t
    extra: dict[str, str] = {}
    if _UNIX_RANGE[0] <= t[0] <= _UNIX_RANGE[1]:
        epoch = datetime.fromtimestamp(float(t[0]), UTC)
        extra["time_origin"] = "first sample (the time column holds Unix times)"
        return t - t[0], extra, epoch
    return t, extra, None
