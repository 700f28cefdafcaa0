"""The native telemetry format: CSV with a ``#`` metadata header (docs/telemetry-format.md)."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core import channels as ch
from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight
from replay.core.meta import MetaLine, check_version, format_meta, parse_meta
from replay.io._numblock import MAX_COLUMNS, BlockFormat, ColumnSpec, read_numeric_block
from replay.io.checks import check_increasing, check_state_consistent
from replay.io.source import Guarded, TextSource

MAGIC = "# ascent-replay telemetry"
NAME = "native-csv"
SUFFIXES = (".csv",)
#: The header key that states how many rows follow: a file cut at a line boundary is caught.
SAMPLES_KEY = "samples"

_HEADER_CELL = re.compile(r"\s*([^\s\[\],]+)\s*\[([^\[\],]*)\]\s*")
_META = re.compile(r"#\s*([A-Za-z0-9_]+)\s*:(.*)")


def sniff(head: bytes) -> bool:
    """Is this text one of ours? (its first line is the magic comment)."""
    return head.lstrip().startswith(MAGIC.encode())


def read(source: TextSource) -> Flight:
    """Read a native telemetry file; raise ``TelemetryFormatError`` naming line and column."""
    path, stream = source.path, source.stream
    meta_lines, header, header_line = _read_header(path, stream)
    promised = _promised_samples(path, meta_lines)
    meta_lines = [m for m in meta_lines if m.key != SAMPLES_KEY]
    meta = parse_meta(path, meta_lines, require_version=True, source_format=NAME)
    names, units = _parse_columns(path, header, header_line)
    required = {ch.TIME, *ch.REQUIRED_UNITS}
    specs = [ColumnSpec(n, "int" if n == ch.FRAME else "float", n in required) for n in names]
    remaining = stream.remaining_bytes()
    arrays = read_numeric_block(
        stream, BlockFormat(path, specs), first_line=header_line + 1, remaining_bytes=remaining
    )
    if arrays[0].size == 0:
        raise TelemetryFormatError(
            path,
            "header only: expected at least one row of samples after the column names",
            line=header_line + 1,
        )
    if promised is not None and arrays[0].size != promised:
        cut = arrays[0].size < promised
        raise TelemetryFormatError(
            path,
            f"{arrays[0].size:,} rows of samples, but the header says {SAMPLES_KEY}: "
            f"{promised:,}" + ("; the file was cut short" if cut else ""),
            line=header_line + arrays[0].size + 1,
        )
    cols = dict(zip(names, arrays, strict=True))
    t = cols.pop(ch.TIME)
    first = header_line + 1
    check_increasing(path, t, ch.TIME, first)
    check_increasing(path, cols[ch.FRAME], ch.FRAME, first)
    check_state_consistent(path, cols, first)
    _check_recording(path, meta.recording_end_s, float(t[-1]))
    units.pop(ch.TIME)
    return Flight(t, cols, units, meta, str(path))


def write(flight: Flight, path: str | Path) -> None:
    """Write ``flight`` so that :func:`read` gives it back exactly (gzip if the name ends .gz).

    Floats are written in their shortest round-trip form; gzip output has no timestamp, so the
    same flight always gives the same bytes.
    """
    p = Path(path)
    text = to_text(flight).encode("utf-8")
    if p.suffix.lower() == ".gz":
        with p.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(text)
    else:
        p.write_bytes(text)


def to_text(flight: Flight) -> str:
    """The whole native file as text."""
    missing = [n for n in ch.REQUIRED_UNITS if n not in flight.channels]
    if missing:
        raise ValueError(f"a native file needs the channels {missing}")
    wrong = {n: u for n, u in ch.REQUIRED_UNITS.items() if flight.units[n] != u}
    if wrong:
        raise ValueError(f"a native file needs these channels in these units: {wrong}")
    out = io.StringIO()
    out.write(MAGIC + "\n")
    for key, value in format_meta(flight.meta):
        out.write(f"# {key}: {value}\n")
    out.write(f"# {SAMPLES_KEY}: {flight.n_samples}\n")
    names = [
        ch.TIME,
        *ch.REQUIRED_UNITS,
        *(n for n in flight.channels if n not in ch.REQUIRED_UNITS),
    ]
    units = {ch.TIME: "s", **flight.units}
    out.write(",".join(f"{n} [{units[n]}]" for n in names) + "\n")
    columns = [_format_column(flight.t_s if n == ch.TIME else flight.channels[n]) for n in names]
    for row in zip(*columns, strict=True):
        out.write(",".join(row))
        out.write("\n")
    return out.getvalue()


def _format_column(values: npt.NDArray[Any]) -> list[str]:
    if np.issubdtype(values.dtype, np.integer):
        return [str(v) for v in values.tolist()]
    return [repr(v) for v in values.astype(np.float64).tolist()]


def _read_header(path: Path, stream: Guarded) -> tuple[list[MetaLine], str, int]:
    metas: list[MetaLine] = []
    line_no = 0
    while True:
        raw = stream.readline()
        line_no += 1
        if not raw:
            raise TelemetryFormatError(
                path,
                "no column header: expected a line of 'name [unit]' after the # lines",
                line=line_no,
            )
        text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        if line_no == 1 and not text.startswith(MAGIC):
            raise TelemetryFormatError(path, f"expected the first line {MAGIC!r}", line=1)
        if not text.startswith("#"):
            return metas, text, line_no
        m = _META.fullmatch(text)
        if m is not None:
            if m.group(1) == "format_version":  # before anything else: v2 may differ in layout
                check_version(path, m.group(2).strip(), line_no)
            metas.append(MetaLine(m.group(1), m.group(2), line_no))
        elif line_no > 1 and text.strip("# "):
            raise TelemetryFormatError(
                path, f"expected '# key: value' in the header, found {text[:40]!r}", line=line_no
            )


def _promised_samples(path: Path, lines: list[MetaLine]) -> int | None:
    found = [m for m in lines if m.key == SAMPLES_KEY]
    if not found:
        return None  # optional: files written by hand need not count their rows
    m = found[-1]
    value = m.value.strip()
    if not value.isdigit():
        raise TelemetryFormatError(
            path, f"{SAMPLES_KEY}: expected a whole number of rows, found {value!r}", line=m.line
        )
    return int(value)


def _parse_columns(path: Path, header: str, line: int) -> tuple[list[str], dict[str, str]]:
    cells = header.split(",")
    if len(cells) > MAX_COLUMNS:
        raise TelemetryFormatError(
            path, f"{len(cells):,} columns; expected at most {MAX_COLUMNS:,}", line=line
        )
    if len(cells) == 1:
        for other in (";", "\t", "|"):
            if other in header:
                raise TelemetryFormatError(
                    path, f"expected ',' between column names, found {other!r}", line=line
                )
    names: list[str] = []
    units: dict[str, str] = {}
    for col, cell in enumerate(cells, start=1):
        m = _HEADER_CELL.fullmatch(cell)
        if m is None:
            raise TelemetryFormatError(
                path,
                f"expected a column name with its unit like 'alt_m [m]', found {cell[:40]!r}",
                line=line,
                column=col,
            )
        name, unit = m.group(1), m.group(2).strip()
        if name in units:
            raise TelemetryFormatError(
                path, f"column {name!r} appears twice", line=line, column=col
            )
        names.append(name)
        units[name] = unit
    if names[0] != ch.TIME:
        raise TelemetryFormatError(path, "the first column must be 't_s [s]'", line=line, column=1)
    for name, unit in {ch.TIME: "s", **ch.REQUIRED_UNITS}.items():
        if name not in units:
            raise TelemetryFormatError(path, f"missing required column {name!r}", line=line)
        if units[name] != unit:
            raise TelemetryFormatError(
                path,
                f"column {name!r} must be in [{unit}], found [{units[name]}]",
                line=line,
                column=names.index(name) + 1,
            )
    return names, units


def _check_recording(path: Path, end_s: float | None, last_t: float) -> None:
    if end_s is not None and end_s < last_t:
        raise TelemetryFormatError(
            path, f"recording_end_s {end_s!r} is before the last sample at t_s={last_t!r}"
        )
