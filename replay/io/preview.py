"""A look at a foreign file before it is read: its first rows as text, the columns' guessed
roles (or why none fits) and the family it was recognised as. The window's import dialog shows
it and lets the user change the roles; the result is the same :class:`ReadOptions` that
``--column`` gives on the command line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from replay.core.errors import TelemetryFormatError
from replay.io.foreign import ReadOptions, late_profile, table_of
from replay.io.mapping import ColumnMap, MappingError, guess
from replay.io.profiles import Profile
from replay.io.source import check_text, open_source

#: Rows of a preview.
PREVIEW_ROWS = 20


@dataclass(frozen=True)
class Preview:
    """What the import dialog shows of a file."""

    path: Path
    headers: list[str]  # as written
    names: list[str]  # unique, as options name them
    rows: list[list[str]]  # the first rows, cell by cell, as text
    roles: dict[str, tuple[str, str]]  # column name -> (role, unit) guessed or given
    family: str  # the recognised family's name, or ""
    problem: str  # why the file cannot be read this way ("" when it can)

    @property
    def header_key(self) -> str:
        """The same for every file with these column names (where a mapping is remembered)."""
        return hashlib.sha1("\x1f".join(self.headers).encode()).hexdigest()[:16]


def preview(path: str | Path, options: ReadOptions | None = None) -> Preview:
    """The first rows of ``path`` and the roles its columns would be read with under
    ``options``; ``TelemetryFormatError`` only when the file is no table at all."""
    from replay.io.registry import choose_format

    options = options or ReadOptions()
    source = open_source(path)
    try:
        check_text(source.path, source.head)
        fmt = choose_format(source)
        if not fmt.text or fmt.name == "native-csv":
            raise TelemetryFormatError(
                source.path, f"a {fmt.name} file: its columns are known (open it with File → Open)"
            )
        profile = _profile_of(fmt.name)
        table = table_of(source, profile, max_rows=PREVIEW_ROWS)
        profile = profile or late_profile(source, table)
    finally:
        source.close()
    rows = [
        [_cell(table.columns[n][k]) for n in table.names]
        for k in range(min(table.rows, PREVIEW_ROWS))
    ]
    problem, roles = "", {}
    try:
        roles = _roles(guess(table, options.overrides(), profile.overrides() if profile else None))
    except MappingError as exc:
        problem = str(exc)
        roles = _roles(exc.partial) if exc.partial is not None else {}
    except ValueError as exc:  # a malformed --column
        problem = str(exc)
    family = profile.name if profile is not None else ""
    return Preview(table.path, table.headers, table.names, rows, roles, family, problem)


def options_from_roles(roles: dict[str, tuple[str, str]]) -> ReadOptions:
    """Read options that say every column's role (what the dialog returns)."""
    columns = tuple(
        f"{name}={role}" + (f":{unit}" if unit else "") for name, (role, unit) in roles.items()
    )
    return ReadOptions(columns=columns)


def _roles(cmap: ColumnMap) -> dict[str, tuple[str, str]]:
    return {c.column: (c.role, c.unit) for c in cmap.choices}


def _profile_of(format_name: str) -> Profile | None:
    from replay.io.profiles import profiles

    return next((p for p in profiles() if p.id == format_name), None)


def _cell(value: object) -> str:
    if isinstance(value, float | np.floating):
        return "" if np.isnan(value) else f"{float(value):g}"
    return str(value)
