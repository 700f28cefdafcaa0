"""Read the numeric body of a delimited text file into numpy columns, fast and strictly.

The body is read in blocks of a few megabytes. Each block goes through polars' multi-threaded CSV
parser (the fast path); a block that polars rejects, or that holds an empty cell, a non-finite
value where one is required, a row with another number of cells (counted on the bytes before
polars sees them: polars fills missing trailing cells), or an integer out of range, is parsed
again by a strict pure-Python parser whose only job is to say exactly which line and column is
wrong and why. Both parsers accept exactly the same blocks and agree on every value (a property
test checks it), so the fast path is an optimisation, never a different meaning. A small file
(one block of at most ``SMALL_FILE_BYTES``) read while polars has not been imported goes through
numpy's C parser instead (:func:`small_parse`, held to the same property): importing polars
costs more than it saves on a few megabytes.

Memory: columns are preallocated from the file size and filled block by block, so the peak is the
final arrays plus one block (``docs/benchmarks.md``).
"""

from __future__ import annotations

import io
import mmap
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from replay.core.errors import TelemetryFormatError

if TYPE_CHECKING:
    from replay.io.source import Guarded

BLOCK_BYTES = 8 * 1024 * 1024
#: A file whose body is one block of at most this size is parsed by numpy while polars has not
#: been imported (:func:`small_parse`): the bundled flights open without polars.
SMALL_FILE_BYTES = 4 * 1024 * 1024
#: More columns than any telemetry has; a header with more is not a telemetry header.
MAX_COLUMNS = 10_000
MAP_MIN_BYTES = 4 * 1024 * 1024
Kind = Literal["float", "int", "skip"]

FLOAT_RE = re.compile(
    r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:nan|inf|infinity)", re.IGNORECASE
)
_INT = re.compile(r"[+-]?\d+")
#: What loggers write for "no value" where empty cells are allowed (foreign files).
MISSING = frozenset(("-", "--", "n/a", "na", "null", "none", "nil", "?"))
_INNER_BLANK = re.compile(rb"[^,;|\s][ \t]+[^,;|\s]")


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of the body: its name, how to read it, and whether it must be finite."""

    name: str
    kind: Kind = "float"
    finite: bool = False


@dataclass(frozen=True, slots=True)
class BlockFormat:
    """How the body of one file is laid out, and where it came from (for messages)."""

    path: Path
    columns: Sequence[ColumnSpec]
    delimiter: str = ","
    #: Empty cells become NaN instead of an error.
    allow_empty: bool = False


def read_numeric_block(
    stream: Guarded, fmt: BlockFormat, *, first_line: int, remaining_bytes: int | None = None
) -> list[npt.NDArray[Any]]:
    """Parse every remaining line of ``stream`` into one array per non-skipped column.

    ``first_line`` is the 1-based line number of the first body line, for messages.
    ``remaining_bytes`` sizes the preallocation; without it the columns grow as needed.
    """
    sink = _Sink(fmt.columns, remaining_bytes)
    line = first_line
    block = _next_block(stream)
    while block:
        following = _next_block(stream)
        last = not following
        data = block.rstrip(b" \t\r\n") if last else block  # trailing blank lines are harmless
        _check_line_lengths(fmt, data, line)
        if data:
            whole = line == first_line and last and len(data) <= SMALL_FILE_BYTES
            parse = small_parse if whole and not _polars_loaded() else fast_parse
            arrays = parse(fmt, data)
            padded = arrays is None and fmt.delimiter not in " \t" and b" " in data
            if padded and not _INNER_BLANK.search(data):
                # Foreign files often pad cells ("1, 2"); polars wants them bare. A blank inside
                # a cell ("1 000") is not padding: the strict parser refuses it.
                arrays = parse(fmt, data.translate(None, b" \t"))
            if arrays is None:
                arrays = strict_parse(fmt, data, line, last)
            sink.append(arrays, len(data))
            line += arrays[0].size
        block = following
    return sink.result()


def _check_line_lengths(fmt: BlockFormat, data: bytes, first_line: int) -> None:
    """No row is megabytes long: a longer line is not telemetry (the stream caps the lines it
    reads one by one; this, those inside a block)."""
    from replay.io.source import MAX_LINE_BYTES

    if len(data) <= MAX_LINE_BYTES:
        return
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    bounds = np.concatenate([[-1], ends, [len(data)]])
    lengths = np.diff(bounds) - 1
    k = int(np.argmax(lengths))
    if lengths[k] > MAX_LINE_BYTES:
        _fail(
            fmt,
            first_line + k,
            None,
            f"a line longer than {MAX_LINE_BYTES // (1024 * 1024)} MiB; expected rows of "
            "telemetry (is this a telemetry file?)",
        )


def _next_block(stream: Guarded) -> bytes:
    """About ``BLOCK_BYTES`` of whole lines (one copy: the rest of the cut line is appended)."""
    block = stream.read(BLOCK_BYTES)
    if block and not block.endswith(b"\n"):
        block += stream.readline()
    return block


def _polars_loaded() -> bool:
    return "polars" in sys.modules


def small_parse(fmt: BlockFormat, data: bytes) -> list[npt.NDArray[Any]] | None:
    """numpy's C parser on a small file's only block; ``None`` whenever anything is unusual
    (the strict parser decides), as :func:`fast_parse`. Slower than polars per megabyte (27
    against 7 ms/MB on MS-04) but it needs no import: polars takes 0.14 s to import, which a
    file of a few megabytes never wins back."""
    if not _plain(fmt, data):
        return None
    used = [i for i, c in enumerate(fmt.columns) if c.kind != "skip"]
    kinds = [np.int64 if fmt.columns[i].kind == "int" else np.float64 for i in used]
    dtype = np.dtype([(f"c{i}", k) for i, k in zip(used, kinds, strict=True)])
    try:
        table = np.loadtxt(
            io.BytesIO(data),
            delimiter=fmt.delimiter,
            dtype=dtype,
            usecols=used,
            comments=None,
            ndmin=1,
            encoding="latin-1",
        )
    except ValueError:
        return None
    # numpy skips blank lines and takes a lone CR for a line end: every line is one row here.
    if table.size != data.count(b"\n") + (not data.endswith(b"\n")):
        return None
    out = [np.ascontiguousarray(table[f"c{i}"]) for i in used]
    for i, a in zip(used, out, strict=True):
        if fmt.columns[i].finite and not np.isfinite(a).all():
            return None
    return out


def fast_parse(fmt: BlockFormat, data: bytes) -> list[npt.NDArray[Any]] | None:
    """polars on one block; ``None`` whenever anything is unusual (the strict parser decides).

    With quoting off and no comment prefix polars turns every line, blank ones included, into
    one row, so its row count is the block's line count.
    """
    if not _plain(fmt, data):
        return None
    import polars as pl

    dtypes = {"float": pl.Float64, "int": pl.Int64, "skip": pl.String}
    schema = {f"c{i}": dtypes[c.kind] for i, c in enumerate(fmt.columns)}
    try:
        df = pl.read_csv(
            data,
            has_header=False,
            schema=schema,
            separator=fmt.delimiter,
            quote_char=None,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:  # the strict parser will name the problem
        return None
    out: list[npt.NDArray[Any]] = []
    for i, spec in enumerate(fmt.columns):
        if spec.kind == "skip":
            continue
        s = df.get_column(f"c{i}")
        if s.null_count() and (spec.kind == "int" or not fmt.allow_empty or spec.finite):
            return None
        a = s.to_numpy()
        if spec.finite and not np.isfinite(a).all():
            return None
        out.append(a)
    return out


def _plain(fmt: BlockFormat, data: bytes) -> bool:
    """Whether a fast parser may try ``data``: no byte-order mark (polars skips one anywhere;
    the strict parser names it) and every line with the format's number of cells."""
    return b"\xef\xbb\xbf" not in data and _same_width(data, fmt.delimiter, len(fmt.columns))


def _same_width(data: bytes, delimiter: str, n: int) -> bool:
    """Whether every line of ``data`` has exactly ``n`` cells (``delimiter`` ``n - 1`` times).

    Whitespace-separated text has runs of blanks between cells: the strict parser reads it.
    """
    if delimiter in " \t" or len(delimiter.encode()) != 1:
        return False
    buf = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(buf == 10)
    if not data.endswith(b"\n"):
        ends = np.append(ends, buf.size)
    seps = np.flatnonzero(buf == ord(delimiter))
    per_line = np.diff(np.searchsorted(seps, ends), prepend=0)
    return bool((per_line == n - 1).all())


def strict_parse(
    fmt: BlockFormat, data: bytes, first_line: int, last: bool
) -> list[npt.NDArray[Any]]:
    """Parse a block in pure Python, raising on the first bad cell with its line and column."""
    rows = data.decode("utf-8", errors="replace").split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    n = len(fmt.columns)
    delimiter = fmt.delimiter
    values: list[list[float]] = [[] for _ in fmt.columns]
    for k, raw in enumerate(rows):
        line = first_line + k
        row = raw.rstrip("\r")
        cells = row.split(delimiter) if delimiter.strip() else row.split()
        if not row.strip():
            _fail(fmt, line, None, f"blank line; expected {n} values separated by {delimiter!r}")
        if len(cells) != n:
            last_row = last and k == len(rows) - 1
            _fail(fmt, line, None, _count_message(cells, n, delimiter, last_row))
        for j, (cell, spec) in enumerate(zip(cells, fmt.columns, strict=True)):
            if spec.kind != "skip":
                values[j].append(_cell(fmt, spec, cell.strip(), line, j + 1))
    return [
        np.array(vals, dtype=np.int64 if spec.kind == "int" else np.float64)
        for spec, vals in zip(fmt.columns, values, strict=True)
        if spec.kind != "skip"
    ]


def _cell(fmt: BlockFormat, spec: ColumnSpec, cell: str, line: int, col: int) -> float:
    where = f"column {col} ({spec.name})"
    if not cell or (fmt.allow_empty and cell.lower() in MISSING):
        if fmt.allow_empty and spec.kind == "float" and not spec.finite:
            return float("nan")
        _fail(fmt, line, col, f"{where}: expected a number, found an empty cell")
    if spec.kind == "int":
        if not _INT.fullmatch(cell):
            _fail(fmt, line, col, f"{where}: expected an integer, found {_show(cell)}")
        value_int = int(cell) if len(cell) <= 30 else 2**64
        if not -(2**63) <= value_int < 2**63:
            _fail(fmt, line, col, f"{where}: {_show(cell)} is out of range (64-bit integers)")
        return value_int
    if not FLOAT_RE.fullmatch(cell):
        _fail(fmt, line, col, f"{where}: expected a number, found {_show(cell)}")
    value = float(cell)
    if spec.finite and not np.isfinite(value):
        _fail(fmt, line, col, f"{where}: expected a finite number, found {_show(cell)}")
    return value


def _count_message(cells: list[str], n: int, delimiter: str, last_row: bool) -> str:
    found = len(cells)
    msg = f"expected {n} values separated by {delimiter!r}, found {found}"
    if last_row and found < n:
        return msg + " (the last row is truncated)"
    joined = delimiter.join(cells)
    for other in (";", "\t", "|", ","):
        if other != delimiter and joined.count(other) >= n - 1:
            return msg + f" (the row seems to use {other!r} as delimiter)"
    return msg


def _show(cell: str) -> str:
    return repr(cell if len(cell) <= 40 else cell[:37] + "...")


def _fail(fmt: BlockFormat, line: int, column: int | None, message: str) -> None:
    raise TelemetryFormatError(fmt.path, message, line=line, column=column)


class _Sink:
    """Preallocated output columns, filled block by block, grown by half when the guess is short."""

    def __init__(self, columns: Sequence[ColumnSpec], remaining_bytes: int | None) -> None:
        self.kinds = [
            np.int64 if c.kind == "int" else np.float64 for c in columns if c.kind != "skip"
        ]
        self.capacity = 0 if remaining_bytes is None else -1
        self.remaining = remaining_bytes
        self.cols: list[npt.NDArray[Any]] = [np.empty(0, k) for k in self.kinds]
        self.n = 0

    def append(self, arrays: list[npt.NDArray[Any]], n_bytes: int) -> None:
        k = arrays[0].size if arrays else 0
        if self.capacity < 0 and self.remaining is not None and k:
            # First block: guess the row count from its bytes per row, with a little margin.
            self.capacity = int(self.remaining / (n_bytes / k) * 1.03) + 1024
            self.cols = allocate_columns(self.kinds, self.capacity)
        if self.n + k > max(self.capacity, 0):
            self.capacity = max(int((self.n + k) * 1.5), 1024)
            new = allocate_columns(self.kinds, self.capacity)
            for old, col in zip(self.cols, new, strict=True):
                col[: self.n] = old[: self.n]
            self.cols = new
        for col, a in zip(self.cols, arrays, strict=True):
            col[self.n : self.n + k] = a
        self.n += k

    def result(self) -> list[npt.NDArray[Any]]:
        # A view keeps a little unused capacity alive; copy only when the guess was far off.
        wasteful = bool(self.cols) and self.n < 0.8 * self.cols[0].size
        return [c[: self.n].copy() if wasteful else c[: self.n] for c in self.cols]


def allocate_columns(kinds: Sequence[type[np.generic]], capacity: int) -> list[npt.NDArray[Any]]:
    """Columns of ``capacity`` 8-byte values, in one prefaulted mapping when that is possible.

    Touching fresh memory page by page costs ~2.5 ms/MB on a virtual machine (one fault per
    4 kB page); asking the kernel to populate the mapping up front costs a tenth of that.
    """
    size = capacity * 8  # room for 8 bytes a value, whatever the kind (none is larger)
    populate = getattr(mmap, "MAP_POPULATE", 0)
    if size < MAP_MIN_BYTES or not populate:
        return [np.empty(capacity, k) for k in kinds]
    region = mmap.mmap(
        -1, size * len(kinds), flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | populate
    )
    return [
        np.frombuffer(region, dtype=k, count=capacity, offset=i * size) for i, k in enumerate(kinds)
    ]
