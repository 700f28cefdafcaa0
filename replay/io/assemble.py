"""A flight from a foreign table and its column map: time in seconds, rows in time order, the
project's channels in the project's units, and what was done said in the metadata.

Real logs repeat timestamps (a GNSS logger writing its pre-launch buffer again, an AltOS
export with one row per packet kind) and step back in time: rows are put in time order and
rows of one time merged (each channel keeps the last value it had at that time), and the
flight's ``warnings`` say how many. Nothing is refused for it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight, FlightMeta
from replay.core.types import FloatArray
from replay.io.mapping import ROLES, ColumnMap
from replay.io.table import Table
from replay.io.timebase import TimeAxis, TimeError, numeric_time, text_time, zone_offset_h
from replay.io.units import factor, knows, nmea_to_degrees, split_unit

G0 = 9.80665


def to_flight(table: Table, cmap: ColumnMap, *, source_format: str, family: str = "") -> Flight:
    """The flight a table holds under ``cmap`` (``TelemetryFormatError`` naming the problem)."""
    warnings: list[str] = []
    axis = _time(table, cmap)
    t = axis.t_s
    keep = np.isfinite(t)
    if not keep.all():
        first = table.line_of(int(np.flatnonzero(~keep)[0]))
        warnings.append(
            f"{int((~keep).sum())} rows without a time left out (the first at line {first})"
        )
    if not keep.any():
        raise TelemetryFormatError(table.path, "no row has a time", line=table.first_line)
    channels, units, notes = _channels(table, cmap)
    warnings += notes + _no_fix_as_missing(table, channels)
    t, channels = t[keep], {k: v[keep] for k, v in channels.items()}
    t, channels, order_notes = _in_time_order(table, t, channels, np.flatnonzero(keep))
    warnings += order_notes
    time_column = cmap.get("time")
    assert time_column is not None
    extra = {
        "mapping": "; ".join(cmap.describe()),
        "time": axis.how,
        "time_column": time_column.column,
    }
    if family:
        extra["family"] = family
    skipped = [n for n in table.names if not table.is_numeric(n) and not _role_of(cmap, n)]
    if skipped:
        extra["skipped_columns"] = ", ".join(skipped)
    meta = FlightMeta(
        source_format=source_format,
        launch_utc=axis.epoch,
        extra=extra,
        warnings=tuple(f"{table.path.name}: {w}" for w in warnings),
    )
    return Flight(t, channels, units, meta, str(table.path))


def with_gps_epoch(flight: Flight, table: Table, columns: tuple[str, ...]) -> Flight:
    """``flight`` with the UTC of its time zero from GPS date and time columns (year, month,
    day, hour, minute, second): the median over the rows with a fix of their UTC minus their
    time (unchanged when the table lacks them or no row has a fix)."""
    if not all(c in table.columns and table.is_numeric(c) for c in columns):
        return flight
    y, mo, d, h, mi, s = (table.columns[c] for c in columns)
    times = table_time(table, flight)
    offsets = []
    for k in np.flatnonzero(np.isfinite(y) & (y > 1990) & np.isfinite(s))[:: max(1, len(y) // 200)]:
        try:
            stamp = datetime(int(y[k]), int(mo[k]), int(d[k]), int(h[k]), int(mi[k]), tzinfo=UTC)
        except ValueError:
            continue
        if np.isfinite(times[k]):
            offsets.append(stamp.timestamp() + float(s[k]) - float(times[k]))
    if not offsets:
        return flight
    epoch = datetime.fromtimestamp(float(np.median(offsets)), UTC)
    extra = {**flight.meta.extra, "time_origin": f"UTC from the GPS columns {', '.join(columns)}"}
    return replace(flight, meta=replace(flight.meta, launch_utc=epoch, extra=extra))


def table_time(table: Table, flight: Flight) -> FloatArray:
    """The time of each of the table's rows, as the flight's time column gave it (NaN where
    a row had none)."""
    column = table.columns.get(flight.meta.extra.get("time_column", ""))
    if column is None or column.dtype == object:
        return np.full(table.rows, np.nan)
    return np.asarray(column, dtype=np.float64)


def _time(table: Table, cmap: ColumnMap) -> TimeAxis:
    choice = cmap.get("time")
    assert choice is not None
    col = table.columns[choice.column]
    bad = table.bad_cells.get(choice.column)
    if bad is not None:
        count, line, text = bad
        raise TelemetryFormatError(
            table.path,
            f"time column {choice.column!r}: {count} cells are not times, the first {text!r}",
            line=line,
        )
    try:
        if table.is_numeric(choice.column):
            return numeric_time(col, choice.unit or None, choice.column)
        date = cmap.get("date")
        dates = table.columns[date.column] if date is not None else None
        return text_time(col, dates, choice.column, _offsets(table, cmap))
    except TimeError as exc:
        raise TelemetryFormatError(table.path, str(exc), line=table.first_line) from None


def _offsets(table: Table, cmap: ColumnMap) -> float | FloatArray:
    """Hours east of UTC of the clock in the file: a zone column, or the time's unit (a zone
    name like ``CDT``), else UTC."""
    zone = cmap.get("zone")
    if zone is not None:
        found = [zone_offset_h(str(z)) for z in table.columns[zone.column]]
        return np.array([0.0 if h is None else h for h in found])
    choice = cmap.get("time")
    given = zone_offset_h(choice.unit) if choice is not None and choice.unit else None
    return 0.0 if given is None else given


def _channels(
    table: Table, cmap: ColumnMap
) -> tuple[dict[str, FloatArray], dict[str, str], list[str]]:
    channels: dict[str, FloatArray] = {}
    units: dict[str, str] = {}
    notes: list[str] = []
    used = {c.column for c in cmap.choices if c.role != "channel"}
    for c in cmap.choices:
        channel, kind = ROLES[c.role]
        if channel is None or kind is None or c.role == "time":
            continue
        _refuse_words_in(table, c.column, c.role)
        values = table.columns[c.column].astype(np.float64)
        converted, unit_note = _convert(values, c.role, kind, c.unit)
        channels[channel] = converted
        units[channel] = {"length": "m", "angle": "deg", "speed": "m/s", "acceleration": "g"}[kind]
        if unit_note:
            notes.append(f"{c.column}: {unit_note}")
    taken = set(channels) | {"t_s"}
    for header, name in zip(table.headers, table.names, strict=True):
        if name in used or not table.is_numeric(name):
            continue
        clean, unit, _ref = split_unit(header)
        channel = clean or name
        while channel in taken:
            channel += "_"
        taken.add(channel)
        channels[channel] = table.columns[name].astype(np.float64)
        units[channel] = unit
    for name, (count, line, text) in table.bad_cells.items():
        notes.append(
            f"{name}: {count} cells that are not numbers read as missing (the first at"
            f" line {line}: {text!r})"
        )
    return channels, units, notes


#: A column with a role may hold this fraction of cells that are not numbers (an event name
#: logged into it, a glitch) before the file is refused: more means it is not that column.
MAX_WORDS_FRACTION = 0.01


def _refuse_words_in(table: Table, column: str, role: str) -> None:
    bad = table.bad_cells.get(column)
    if bad is None or bad[0] <= MAX_WORDS_FRACTION * table.rows:
        return
    count, line, text = bad
    raise TelemetryFormatError(
        table.path,
        f"{column} ({role}): {text!r} is not a number ({count} of {table.rows} cells are not);"
        f" expected numbers, or --column {column}=ignore",
        line=line,
        column=table.names.index(column) + 1,
    )


def _no_fix_as_missing(table: Table, channels: dict[str, FloatArray]) -> list[str]:
    """GPS loggers write latitude 0, longitude 0 when they have no fix: such rows have no
    position (in place, on the flight's own new arrays)."""
    lat, lon = channels.get("lat_deg"), channels.get("lon_deg")
    if lat is None or lon is None:
        return []
    zero = (lat == 0.0) & (lon == 0.0)
    if not zero.any():
        return []
    lat[zero] = np.nan
    lon[zero] = np.nan
    first = table.line_of(int(np.flatnonzero(zero)[0]))
    return [
        f"{int(zero.sum())} rows at latitude 0, longitude 0 (a GPS without a fix) read as no"
        f" position (the first at line {first})"
    ]


def _convert(values: FloatArray, role: str, kind: str, unit: str) -> tuple[FloatArray, str]:
    u = unit.lower()
    if role in ("latitude", "longitude") and u.startswith("nmea"):
        return nmea_to_degrees(values, west_or_south=u.endswith(("_w", "_s"))), ""
    if u and knows(kind, u):
        f = factor(kind, u)
        return (values * f if f != 1.0 else values), ""
    if kind in ("length", "speed") and not u:
        return values, f"no unit given: read as {'metres' if kind == 'length' else 'm/s'}"
    if kind == "acceleration":  # no unit: m/s² if the values are of that size
        magnitude = float(np.nanmedian(np.abs(values))) if np.isfinite(values).any() else 0.0
        if magnitude > 4.0:
            return (
                values / G0,
                f"no unit given: read as m/s² (typical value {magnitude:.1f}), shown in g",
            )
        return values, "no unit given: read as g"
    if u:
        return values, f"unit {unit!r} not understood: values kept as they are"
    return values, ""


def _role_of(cmap: ColumnMap, name: str) -> str | None:
    return next((c.role for c in cmap.choices if c.column == name), None)


def _in_time_order(
    table: Table, t: FloatArray, channels: dict[str, FloatArray], rows: npt.NDArray[np.intp]
) -> tuple[FloatArray, dict[str, FloatArray], list[str]]:
    """Rows sorted by time, rows of one time merged (the last value of each channel)."""
    notes: list[str] = []
    back = np.flatnonzero(np.diff(t) < 0)
    if back.size:
        line = table.line_of(int(rows[back[0] + 1]))
        notes.append(
            f"time goes back {back.size} times (the first at line {line}): rows put in time order"
        )
    order = np.argsort(t, kind="stable")
    t = t[order]
    starts = np.flatnonzero(np.concatenate([[True], np.diff(t) > 0]))
    if starts.size == t.size:
        return t, {k: v[order] for k, v in channels.items()}, notes
    merged = t.size - starts.size
    notes.append(
        f"{merged} rows repeat the time of the row before: merged (each channel keeps "
        "its last value at that time)"
    )
    index = np.arange(t.size)
    out = {}
    for name, values in channels.items():
        v = values[order]
        last = np.maximum.reduceat(np.where(np.isfinite(v), index, -1), starts)
        out[name] = np.where(last >= 0, v[np.maximum(last, 0)], np.nan)
    return t[starts], out, notes
