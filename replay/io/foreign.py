"""Reading files that are not ours: a table (delimited text or JSON), its column map (a file
family's profile, the user's options, then names, units and content), then the flight.

Every entry point takes the same :class:`ReadOptions` (``--time-column``, ``--time-unit``,
``--column NAME=ROLE[:UNIT]`` on the command line, the import dialog in the window).
"""

from __future__ import annotations

from dataclasses import dataclass

from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight
from replay.io.assemble import to_flight, with_gps_epoch
from replay.io.json_table import read_json_table
from replay.io.mapping import ColumnMap, MappingError, Overrides, guess
from replay.io.profiles import Profile
from replay.io.source import TextSource, logical_suffix
from replay.io.table import SAMPLE_ROWS, Table, read_table, unique_names

#: A bigger text file has its columns judged on its first rows before it is read in full: a
#: 2 GB log that is not telemetry is refused after a glance, not after reading it all.
JUDGE_FIRST_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """What the user says about a file's columns (every field optional)."""

    time_column: str | None = None
    time_unit: str | None = None
    columns: tuple[str, ...] = ()  # NAME=ROLE[:UNIT]

    def overrides(self) -> Overrides:
        """As a column map's overrides (``ValueError`` for a malformed ``--column``)."""
        return Overrides.parse(self.columns, self.time_column, self.time_unit)

    @property
    def given(self) -> bool:
        return bool(self.time_column or self.time_unit or self.columns)


def read_foreign(
    source: TextSource, options: ReadOptions, profile: Profile | None, format_name: str
) -> Flight:
    """A foreign file as a flight; ``TelemetryFormatError`` with the columns and the option that
    would fix it when its time cannot be found."""
    if not _is_json(source) and source.stream.remaining_bytes() > JUDGE_FIRST_BYTES:
        sample = table_of(source, profile, max_rows=SAMPLE_ROWS)
        to_flight(sample, column_map(sample, options, profile), source_format=format_name)
        source.stream.seek(0)  # its columns make sense: now the whole file
    table = table_of(source, profile)
    profile = profile or late_profile(source, table)
    cmap = column_map(table, options, profile)
    family = profile.name if profile is not None else ""
    flight = to_flight(table, cmap, source_format=format_name, family=family)
    if profile is not None and profile.epoch_from and flight.meta.launch_utc is None:
        flight = with_gps_epoch(flight, table, profile.epoch_from)
    return flight


def late_profile(source: TextSource, table: Table) -> Profile | None:
    """The family of a JSON file known by its keys once read (an object of long arrays has
    them past the first block)."""
    if not _is_json(source):
        return None
    from replay.io.profiles import profiles

    suffix = logical_suffix(source.path)
    return next((p for p in profiles() if suffix in p.suffixes and p.fits_table(table.names)), None)


def table_of(source: TextSource, profile: Profile | None, max_rows: int | None = None) -> Table:
    """The file's table, its columns named by the profile if the file has no header."""
    table = read_json_table(source) if _is_json(source) else read_table(source, max_rows)
    if profile is not None and profile.names and table.headers[0] == "col1":
        names = list(profile.names) + table.names[len(profile.names) :]
        names = unique_names(names[: len(table.names)])
        columns = {new: table.columns[old] for new, old in zip(names, table.names, strict=True)}
        table = Table(
            table.path,
            names,
            names,
            columns,
            table.first_line,
            table.delimiter,
            table.lines,
            {names[table.names.index(k)]: v for k, v in table.bad_cells.items()},
        )
    return table


def column_map(table: Table, options: ReadOptions, profile: Profile | None) -> ColumnMap:
    try:
        return guess(table, options.overrides(), profile.overrides() if profile else None)
    except MappingError as exc:
        raise TelemetryFormatError(
            table.path, str(exc), line=max(table.first_line - 1, 1)
        ) from None


def _is_json(source: TextSource) -> bool:
    return source.head.lstrip().startswith((b"{", b"["))
