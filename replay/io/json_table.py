"""JSON that is not ours as a table: one object of equal-length arrays (``{"time": [...],
"altitude": [...]}``) or JSON Lines (one object per line, keys may come and go)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from replay.core.errors import TelemetryFormatError
from replay.io.source import TextSource, read_all
from replay.io.table import Table


def read_json_table(source: TextSource) -> Table:
    """Read a JSON file as a :class:`Table` (``TelemetryFormatError`` naming line and column)."""
    path = source.path
    text = read_all(source).decode("utf-8", errors="replace")
    try:
        whole = json.loads(text, parse_int=_number)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # more than one value: JSON Lines
            return _lines(source, text)
        raise TelemetryFormatError(
            path, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno
        ) from None
    if isinstance(whole, dict) and whole and all(isinstance(v, list) for v in whole.values()):
        lengths = {len(v) for v in whole.values()}
        if len(lengths) != 1:
            sizes = ", ".join(f"{k}: {len(v)}" for k, v in list(whole.items())[:8])
            raise TelemetryFormatError(
                path, f"an object of arrays needs arrays of one length, found {sizes}", line=1
            )
        return _table(source, list(whole), [list(v) for v in whole.values()], first_line=1)
    if isinstance(whole, dict):
        return _lines(source, text)  # one object: one line of JSON Lines
    raise TelemetryFormatError(
        path, "expected an object of arrays or one object per line (JSON Lines)", line=1
    )


def _lines(source: TextSource, text: str) -> Table:
    keys: dict[str, list[Any]] = {}
    n = 0
    lines: list[int] = []
    for i, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line, parse_int=_number)
        except json.JSONDecodeError as exc:
            raise TelemetryFormatError(
                source.path, f"invalid JSON: {exc.msg}", line=i, column=exc.colno
            ) from None
        if not isinstance(obj, dict):
            raise TelemetryFormatError(
                source.path, f"expected a JSON object per line, found {type(obj).__name__}", line=i
            )
        for key, value in obj.items():
            keys.setdefault(key, [None] * n).append(value)
        n += 1
        for column in keys.values():
            if len(column) < n:
                column.append(None)
        lines.append(i)
    table = _table(source, list(keys), list(keys.values()), first_line=lines[0] if lines else 1)
    return Table(
        table.path,
        table.names,
        table.headers,
        table.columns,
        table.first_line,
        lines=np.array(lines, dtype=np.intp),
        bad_cells=table.bad_cells,
    )


def _table(source: TextSource, names: list[str], values: list[list[Any]], first_line: int) -> Table:
    columns = {}
    for name, column in zip(names, values, strict=True):
        numbers = all(
            v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in column
        )
        if numbers:
            columns[name] = np.array([np.nan if v is None else v for v in column], dtype=np.float64)
        elif all(v is None or isinstance(v, str) for v in column):
            columns[name] = np.array(["" if v is None else v for v in column], dtype=object)
    kept = [n for n in names if n in columns]
    return Table(source.path, kept, kept, columns, first_line)


def _number(text: str) -> int | float:
    return int(text) if len(text) <= 19 else float(text)
