"""Foreign delimited text as a table of named columns: numbers as float arrays, text as strings.

Finds the header however files write it (``#version,serial,...`` in AltOS exports, a byte-order
mark, quoted names, none at all), the delimiter (``,`` ``;`` tab ``|`` or blanks) and which
columns hold numbers (from the first rows; a later cell that is not a number is an error naming
its line and column, as everywhere). Pure numeric files go through the fast block parser;
files with text columns or quoted cells, and every file under :data:`SMALL_BYTES` (the logs
people bring), through Python's csv module, which reads a cell that is not a number in a column
of numbers as missing and notes it (:attr:`Table.bad_cells`): one "Drogue" in a temperature
column does not refuse a flight; the mapping refuses it only where it matters (the time).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core.errors import TelemetryFormatError
from replay.io._numblock import (
    FLOAT_RE,
    MAX_COLUMNS,
    MISSING,
    BlockFormat,
    ColumnSpec,
    read_numeric_block,
)
from replay.io.source import MAX_LINE_BYTES, TextSource

DELIMITERS = (",", ";", "\t", "|")
#: Files smaller than this are read cell by cell, leniently (bigger ones by the block parser).
SMALL_BYTES = 64 * 1024 * 1024
#: Rows judged to tell number columns from text columns.
SAMPLE_ROWS = 200


@dataclass(frozen=True)
class Table:
    """Columns by name (unique; repeats get the column's number), as the file wrote them."""

    path: Path
    names: list[str]
    headers: list[str]  # as written, for messages and the mapping's unit parsing
    columns: dict[str, npt.NDArray[Any]]  # float64 for numbers, object (str) for text
    first_line: int  # the line of the first row of data
    delimiter: str = ","
    lines: npt.NDArray[np.intp] | None = None  # every row's line, when rows are not one a line
    #: Cells that are not numbers in a column of numbers (read as missing): per column, how
    #: many, and the first one's line and text.
    bad_cells: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def is_numeric(self, name: str) -> bool:
        return self.columns[name].dtype != object

    def line_of(self, row: int) -> int:
        return int(self.lines[row]) if self.lines is not None else self.first_line + row


def read_table(source: TextSource, max_rows: int | None = None) -> Table:
    """Read a delimited text file as a :class:`Table` (``TelemetryFormatError`` on bad input);
    with ``max_rows``, only its first rows (to judge its columns before reading it all)."""
    path, stream = source.path, source.stream
    head = source.head.decode("utf-8", errors="replace").split("\n")
    found = _find_header(path, head)
    header_at, data_at, cells, delimiter = found
    if len(cells) > MAX_COLUMNS:
        at = data_at if header_at is None else header_at
        more = "more than " if at == len(head) - 1 else ""  # the line goes on past the block
        raise TelemetryFormatError(
            path,
            f"{more}{len(cells):,} columns; expected at most {MAX_COLUMNS:,} (is this telemetry?)",
            line=at + 1,
        )
    if header_at is None:
        headers = [f"col{i + 1}" for i in range(len(cells))]
    else:
        headers = [c.strip().lstrip("\ufeff").strip('"').strip() for c in cells]
    names = unique_names(headers)
    sample = [_split(line, delimiter) for line in head[data_at : data_at + SAMPLE_ROWS]]
    sample = [row for row in sample[:-1] if len(row) == len(names)]  # the last may be cut
    text = [_text_column(col) for col in zip(*sample, strict=False)]
    text += [False] * (len(names) - len(text))
    quoted = '"' in "\n".join(head[data_at:])
    for _ in range(data_at):  # position the stream on the first row of data
        stream.readline()
    if quoted or any(text) or max_rows or stream.remaining_bytes() < SMALL_BYTES:
        columns, lines, bad = _read_with_csv(
            path, stream, names, text, delimiter, data_at + 1, max_rows
        )
        table = Table(path, names, headers, columns, data_at + 1, delimiter, lines, bad)
    else:
        specs = [ColumnSpec(n, "float") for n in names]
        fmt = BlockFormat(path, specs, delimiter, allow_empty=True)
        arrays = read_numeric_block(
            stream, fmt, first_line=data_at + 1, remaining_bytes=stream.remaining_bytes()
        )
        columns = dict(zip(names, arrays, strict=True))
        table = Table(path, names, headers, columns, data_at + 1, delimiter)
    if table.rows == 0:
        raise TelemetryFormatError(
            path, "header only: expected rows of data after it", line=data_at + 1
        )
    return table


def unique_names(headers: list[str]) -> list[str]:
    """Column names made unique in linear time: a repeat gets its column's number."""
    taken: set[str] = set()
    out = []
    for i, raw in enumerate(headers):
        name = raw or f"col{i + 1}"
        if name in taken:
            name = f"{name}_{i + 1}"
            while name in taken:
                name += "_"
        taken.add(name)
        out.append(name)
    return out


def _find_header(path: Path, head: list[str]) -> tuple[int | None, int, list[str], str]:
    """(header line index or None, first data line index, header or first-row cells, delimiter).

    A line starting with ``#`` is a comment, unless the next line of data has as many cells and
    it holds names (AltOS exports write ``#version,serial,flight,...``).
    """
    rows = [(i, line.rstrip("\r")) for i, line in enumerate(head)]
    content = [(i, line) for i, line in rows if line.strip()]
    if not content:
        raise TelemetryFormatError(path, "no data: only blank lines", line=len(head))
    data = [(i, line) for i, line in content if not line.lstrip().startswith("#")]
    if not data:
        raise TelemetryFormatError(path, "no data: only comment lines", line=content[-1][0] + 1)
    first_i, first = data[0]
    hashed = [(i, line) for i, line in content if i < first_i]
    if hashed:
        i, line = hashed[-1]
        candidate = line.lstrip()[1:]
        delimiter = _delimiter(candidate)
        cells = _split(candidate, delimiter)
        if len(cells) > 1 and len(cells) == len(_split(first, delimiter)) and not _numeric(cells):
            return i, first_i, cells, delimiter
    delimiter = _delimiter(first)
    cells = _split(first, delimiter)
    if _numeric(cells) or _mostly_numbers(cells):  # a row of data, not names
        return None, first_i, cells, delimiter
    return first_i, first_i + 1, cells, delimiter


def _numeric(cells: list[str]) -> bool:
    return all(FLOAT_RE.fullmatch(c.strip()) for c in cells if c.strip()) and any(
        c.strip() for c in cells
    )


def _mostly_numbers(cells: list[str]) -> bool:
    """A header names its columns; a first row of a file without one (a logger writing a date
    and a time among its numbers) is mostly numbers."""
    numbers = sum(bool(FLOAT_RE.fullmatch(c.strip())) for c in cells)
    return numbers > len(cells) / 2


def _text_column(cells: tuple[str, ...]) -> bool:
    """Words in most of its filled cells (a few words among numbers are cells to read as
    missing, or to refuse where the column matters)."""
    filled = [c for c in cells if c.strip() and c.strip().lower() not in MISSING]
    return sum(_word(c) for c in filled) * 2 > len(filled)


def _word(cell: str) -> bool:
    """A cell of a text column: not empty, not a number, not a "no value" marker."""
    c = cell.strip()
    return bool(c) and c.lower() not in MISSING and not FLOAT_RE.fullmatch(c)


def _delimiter(line: str) -> str:
    unquoted = re.sub(r'"[^"]*"', "", line)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else " "


def _split(line: str, delimiter: str) -> list[str]:
    line = line.rstrip("\r")
    if delimiter == " ":
        return line.split()
    if '"' in line:
        return next(csv.reader([line], delimiter=delimiter))
    return line.split(delimiter)


def _read_with_csv(  # noqa: PLR0917
    path: Path,
    stream: Any,
    names: list[str],
    text: list[bool],
    delimiter: str,
    first_line: int,
    max_rows: int | None = None,
) -> tuple[dict[str, npt.NDArray[Any]], npt.NDArray[np.intp], dict[str, tuple[int, int, str]]]:
    """Every row through Python's csv module (quoted cells, text columns)."""
    n = len(names)
    values: list[list[Any]] = [[] for _ in names]
    lines: list[int] = []
    bad: dict[str, tuple[int, int, str]] = {}
    line = first_line - 1
    for line, cells in _rows(path, stream, delimiter, first_line):
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if len(cells) != n:
            cut = len(cells) < n and not stream.readline()
            raise TelemetryFormatError(
                path,
                ("the last row is cut short (a truncated file?): " if cut else "")
                + f"expected {n} values separated by {delimiter!r}, found {len(cells)}",
                line=line,
            )
        for j, raw in enumerate(cells):
            cell = raw.strip()
            if text[j]:
                values[j].append(cell)
            elif not cell or cell.lower() in MISSING:
                values[j].append(np.nan)
            elif FLOAT_RE.fullmatch(cell):
                values[j].append(float(cell))
            else:
                values[j].append(np.nan)
                count, at, what = bad.get(names[j], (0, line, cell[:40]))
                bad[names[j]] = (count + 1, at, what)
        lines.append(line)
        if max_rows is not None and len(lines) >= max_rows:
            break
    columns = {
        name: np.array(col, dtype=object if text[j] else np.float64)
        for j, (name, col) in enumerate(zip(names, values, strict=True))
    }
    return columns, np.array(lines, dtype=np.intp), bad


def _rows(
    path: Path, stream: Any, delimiter: str, first_line: int
) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for each row; a quoted cell may span lines."""

    def text_lines() -> Iterator[str]:
        line = first_line
        while raw := _line(path, stream, line):
            yield raw.decode("utf-8", errors="replace")
            line += 1

    if delimiter == " ":
        for k, line in enumerate(text_lines()):
            yield first_line + k, line.split()
        return
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))  # our own limit rules
    reader = csv.reader(text_lines(), delimiter=delimiter)
    start = first_line
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a quoted cell never closed, running past the field limit
            raise TelemetryFormatError(path, f"{exc}; expected rows of cells", line=start) from None
        yield start, cells
        start = first_line + reader.line_num


def _line(path: Path, stream: Any, line: int, chunk: int = 64 * 1024) -> bytes:
    """One line, read a chunk at a time so that binary data (a NUL byte) is refused within
    ``chunk`` bytes instead of after the longest line a stream admits."""
    parts, size = [], 0
    while True:
        part = stream.readline(chunk)
        if b"\x00" in part:
            raise TelemetryFormatError(path, "binary data (a NUL byte); expected text", line=line)
        parts.append(part)
        size += len(part)
        if size > MAX_LINE_BYTES:
            raise TelemetryFormatError(
                path,
                f"a line longer than {MAX_LINE_BYTES // (1024 * 1024)} MiB; expected rows of "
                "telemetry (is this a telemetry file?)",
                line=line,
            )
        if len(part) < chunk or part.endswith(b"\n"):
            return b"".join(parts)
