"""Which column of a foreign file is what: roles found by name, unit and content, or given.

A *role* is what the replay needs to know a column as: ``time``, ``altitude``, ``latitude``,
``longitude``, ``speed``, ``vertical_speed``, ``acceleration`` (and ``date`` and ``zone``, which
help read a time of day). :func:`guess` finds them in a :class:`~replay.io.table.Table` (a
file family's profile or the user's ``--column NAME=ROLE[:UNIT]`` first); :func:`to_flight`
converts them to the project's channels and units (``alt_m``, ``lat_deg``, ``v_vertical_m_s``,
``accel_axial_g``...). The choice is kept in the flight's metadata, so ``info`` shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from replay.core.types import FloatArray
from replay.io.table import Table
from replay.io.units import knows, looks_nmea, split_unit

#: Each role: its channel in a flight, and the kind of unit it has.
ROLES: dict[str, tuple[str | None, str | None]] = {
    "time": ("t_s", "time"),
    "altitude": ("alt_m", "length"),
    "latitude": ("lat_deg", "angle"),
    "longitude": ("lon_deg", "angle"),
    "speed": ("v_relative_m_s", "speed"),
    "vertical_speed": ("v_vertical_m_s", "speed"),
    "acceleration": ("accel_axial_g", "acceleration"),
    "date": (None, None),
    "zone": (None, None),
    "ignore": (None, None),  # left out
    "channel": (None, None),  # no role: a channel under its own name (a guess must not take it)
}
#: Roles a column can be given without taking a role from another column.
_NOT_ROLES = ("ignore", "channel")
#: Names a speed goes by, whether it is a speed or a vertical speed (the sign tells).
_GENERIC_SPEED = ("speed", "velocity", "vel", "v")
#: Names of each role, most telling first (matched on the name without its unit, in lower
#: case, as a whole or as its last word: ``gps_data.timeStamp_GPS`` is a time).
# fmt: off
NAMES: dict[str, tuple[str, ...]] = {
    "time": ("t_s", "time", "ts", "t", "timestamp", "time_s", "elapsed", "elapsed_time", "met",
             "t_plus", "seconds", "sec", "secs", "tick", "ticks", "unixtime", "unix_time",
             "epoch", "utc", "datetime", "date_time", "gps_time", "timestamp_gps"),
    "altitude": ("alt_m", "height", "altitude", "alt", "z", "elevation", "gps_alt",
                 "gps_altitude", "baro_alt", "filtered_altitude", "filtered_altitude_agl"),
    "latitude": ("lat_deg", "latitude", "lat", "gps_lat", "gps_latitude"),
    "longitude": ("lon_deg", "longitude", "lon", "lng", "long", "gps_lon", "gps_long",
                  "gps_longitude"),
    "vertical_speed": ("v_vertical_m_s", "vertv", "vert_vel", "vertical_velocity",
                       "vertical_speed", "vz", "v_z", "climb", "climb_rate", *_GENERIC_SPEED),
    "speed": ("v_relative_m_s", *_GENERIC_SPEED, "ground_speed", "horzv"),
    "acceleration": ("accel_axial_g", "acceleration", "accel", "acc", "axial_accel",
                     "filtered_acceleration", "accel_z"),
    "date": ("date", "day", "gps_date"),
    "zone": ("tz", "timezone", "time_zone", "zone"),
}
# fmt: on
_ORDER = (
    "time",
    "date",
    "zone",
    "latitude",
    "longitude",
    "altitude",
    "vertical_speed",
    "speed",
    "acceleration",
)


@dataclass(frozen=True, slots=True)
class Choice:
    """One column in one role: the column's name, its unit as understood, and why."""

    role: str
    column: str
    unit: str
    why: str

    def describe(self) -> str:
        unit = f" [{self.unit}]" if self.unit else ""
        return f"{self.role}: {self.column}{unit} ({self.why})"


@dataclass(frozen=True)
class Overrides:
    """What the user (or a file family's profile) says: columns by name (or 1-based number) to
    roles and units, and the time column and its unit."""

    columns: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    time_column: str | None = None
    time_unit: str | None = None
    source: str = "given with --column"

    @classmethod
    def parse(
        cls,
        specs: Iterable[str] = (),
        time_column: str | None = None,
        time_unit: str | None = None,
    ) -> Overrides:
        """From ``NAME=ROLE[:UNIT]`` texts; ``ValueError`` naming what is wrong."""
        columns: dict[str, tuple[str, str]] = {}
        for spec in specs:
            name, eq, rest = spec.partition("=")
            role, _, unit = rest.partition(":")
            if not eq or not name.strip() or role.strip() not in ROLES:
                raise ValueError(
                    f"--column {spec!r}: expected NAME=ROLE[:UNIT] with ROLE one of "
                    f"{', '.join(ROLES)}"
                )
            columns[name.strip()] = (role.strip(), unit.strip())
        return cls(columns, time_column, time_unit)


@dataclass(frozen=True)
class ColumnMap:
    """The roles found in a table (``time`` always), in the order they were decided."""

    choices: tuple[Choice, ...]

    def get(self, role: str) -> Choice | None:
        return next((c for c in self.choices if c.role == role), None)

    def describe(self) -> list[str]:
        return [c.describe() for c in self.choices if c.role not in _NOT_ROLES]


class MappingError(ValueError):
    """The table's roles cannot be found or do not fit; the message says what would fix it.
    ``partial`` holds the roles that were found (for the import dialog to show)."""

    def __init__(self, message: str, partial: ColumnMap | None = None) -> None:
        super().__init__(message)
        self.partial = partial


def guess(
    table: Table, overrides: Overrides | None = None, profile: Overrides | None = None
) -> ColumnMap:
    """The roles of ``table``'s columns: the user's ``overrides`` first, then a file family's
    ``profile`` (its columns a file lacks are skipped), then names, units and content."""
    taken: dict[str, Choice] = {}
    for layer, strict in ((profile, False), (overrides, True)):
        if layer is None:
            continue
        for key, (role, unit) in layer.columns.items():
            column = _column(table, key) if strict else _maybe_column(table, key)
            if column is None:
                continue
            for old in [c for c, ch in taken.items() if ch.role == role and role not in _NOT_ROLES]:
                del taken[old]  # the user's word replaces the profile's
            taken[column] = Choice(role, column, unit or _header_unit(table, column), layer.source)
    if overrides is not None and overrides.time_column is not None:
        column = _column(table, overrides.time_column)
        for old in [c for c, ch in taken.items() if ch.role == "time"]:
            del taken[old]
        taken[column] = Choice(
            "time", column, _header_unit(table, column), "given with --time-column"
        )
    chosen = {c.role: c for c in taken.values() if c.role not in _NOT_ROLES}
    for role in _ORDER:
        if role not in chosen:
            found = _find(table, role, set(taken))
            if found is not None:
                taken[found.column] = chosen[role] = found
    time = chosen.get("time")
    if time is None:
        raise MappingError(
            f"cannot tell which column is time (columns: {', '.join(table.names[:30])}"
            f"{' ...' if len(table.names) > 30 else ''}); give --time-column NAME",
            ColumnMap(tuple(taken.values())),
        )
    if overrides is not None and overrides.time_unit:
        chosen["time"] = Choice("time", time.column, overrides.time_unit, time.why + ", unit given")
    ordered = [chosen[r] for r in _ORDER if r in chosen]
    ordered += [c for c in taken.values() if c.role in _NOT_ROLES]
    ordered += _other_time_bases(table, {c.column for c in ordered})
    return ColumnMap(tuple(ordered))


def _other_time_bases(table: Table, used: set[str]) -> list[Choice]:
    """Columns on another clock: a file that pairs ``Time-Axial Accel`` with ``Axial Accel`` in
    the same rows as ``Time`` and ``Altitude`` holds two series; the second one's rows are not
    at the first one's times, so it is left out (said in the mapping)."""
    out = []
    cleaned = {
        split_unit(h)[0].strip().lower(): n for h, n in zip(table.headers, table.names, strict=True)
    }
    for clean, name in cleaned.items():
        m = re.fullmatch(r"time[-_ ]+(.+)", clean)
        if m and m.group(1) in cleaned and name not in used:
            series = cleaned[m.group(1)]
            why = f"on its own clock, {name!r}: not at this file's times"
            out += [Choice("ignore", name, "", why), Choice("ignore", series, "", why)]
    return out


def _maybe_column(table: Table, key: str) -> str | None:
    try:
        return _column(table, key)
    except MappingError:
        return None


def _column(table: Table, key: str) -> str:
    if key in table.names:
        return key
    for header, name in zip(table.headers, table.names, strict=True):
        if header.strip() == key.strip():
            return name
    if key.isdigit() and 1 <= int(key) <= len(table.names):
        return table.names[int(key) - 1]
    wanted = key.strip().lower()  # "clock" names the column headed "clock [ms]"
    by_clean = [
        n
        for h, n in zip(table.headers, table.names, strict=True)
        if split_unit(h)[0].strip().lower() == wanted or h.strip().lower() == wanted
    ]
    if len(by_clean) == 1:
        return by_clean[0]
    raise MappingError(f"no column {key!r}; columns: {', '.join(table.names[:40])}")


def _header_unit(table: Table, column: str) -> str:
    header = table.headers[table.names.index(column)]
    return split_unit(header)[1]


def _find(table: Table, role: str, taken: set[str]) -> Choice | None:
    """The best free column for ``role`` by name, kept only if its unit and content fit."""
    candidates = []
    for header, name in zip(table.headers, table.names, strict=True):
        if name in taken:
            continue
        clean, unit, ref = split_unit(header)
        rank = _rank(clean, NAMES[role])
        if rank is None:
            continue
        kind = ROLES[role][1]
        if unit and kind and not (knows(kind, unit) or _special_unit(role, unit)):
            continue  # "time(not s)", "Time-Axial Accel (Gs)"
        fits, read_as = _fits(table, name, role, clean)
        if fits:
            note = f"named {clean!r}" + (f", {ref}" if ref else "")
            if read_as and not unit:
                unit, note = read_as, note + f", values read as {read_as}"
            candidates.append((rank, -bool(unit), name, Choice(role, name, unit, note)))
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c[0], c[1], table.names.index(c[2])))[3]


def _rank(clean: str, names: tuple[str, ...]) -> int | None:
    """How well a name says the role: the whole name, its last words, then any word of it."""
    low = re.sub(r"[^a-z0-9]+", "_", clean.lower()).strip("_")
    if low in names:
        return names.index(low)
    words = low.split("_")
    for word in ("_".join(words[-2:]), words[-1]):
        if word in names:
            return len(names) + names.index(word)
    found = [names.index(w) for w in words if w in names]  # "time aprox (s)"
    return 2 * len(names) + min(found) if found else None


def _special_unit(role: str, unit: str) -> bool:
    u = unit.lower()
    return (role == "time" and (u in ("unix", "unix_ms") or u.startswith("ticks:"))) or (
        role in ("latitude", "longitude") and u.startswith("nmea")
    )


def _fits(table: Table, name: str, role: str, clean: str) -> tuple[bool, str]:
    """Whether the column's content can be ``role``, and a unit its values show (``nmea``)."""
    col = table.columns[name]
    numeric = table.is_numeric(name)
    if role in ("date", "zone"):
        return not numeric, ""
    if role == "time":
        return True, ""  # numbers or text; the time base decides, and says what it read
    if not numeric:
        return False, ""
    v: FloatArray = col[np.isfinite(col)]
    if v.size == 0:
        return False, ""
    if role in ("latitude", "longitude"):
        limit = 90.0 if role == "latitude" else 180.0
        if np.abs(v).max() <= limit:
            return True, ""
        return looks_nmea(v, limit), "nmea"
    signed = bool(v.min() < -0.1 * max(v.max(), 1e-9))
    generic = re.sub(r"[^a-z0-9]+", "_", clean.lower()).strip("_") in _GENERIC_SPEED
    if role == "speed":
        return not signed, ""  # a speed that goes negative is a vertical speed
    if role == "vertical_speed" and generic:
        return signed, ""
    return True, ""
