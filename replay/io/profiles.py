"""File families as data: a profile (``assets/formats/*.toml``) says how to recognise a family's
files from their content and what its columns are, in the vocabulary of the column map.

A profile's ``[match]`` has ``suffixes`` and one or more tests on the file's first block:
``header_starts`` (the header line begins with it), ``header_has`` (names that must all be in
the header), ``first_line`` (a regular expression the first line matches, for files without a
header) or ``json_keys`` (keys of a JSON file). ``[columns]`` gives roles as
``ROLE = "COLUMN[:UNIT]"`` (``ignore`` takes a list of columns); ``names`` names the columns of
a file without a header. A column a profile names but a file lacks is simply not there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from replay.io.mapping import ROLES, Overrides


@dataclass(frozen=True)
class Profile:
    """One file family."""

    id: str
    name: str
    family: str
    about: str
    suffixes: tuple[str, ...]
    header_starts: str = ""
    header_has: tuple[str, ...] = ()
    first_line: re.Pattern[str] | None = None
    json_keys: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    columns: tuple[tuple[str, str, str], ...] = ()  # (column, role, unit)
    #: Columns of a GPS date and time (year, month, day, hour, minute, second) that give the
    #: UTC of the flight's time zero.
    epoch_from: tuple[str, ...] = ()

    @property
    def specificity(self) -> int:
        """How much a match says (the most specific profile is tried first)."""
        return (
            len(self.header_starts)
            + 10 * len(self.header_has)
            + 20 * len(self.json_keys)
            + (100 if self.first_line is not None else 0)
        )

    def overrides(self) -> Overrides:
        cols = {column: (role, unit) for column, role, unit in self.columns}
        return Overrides(cols, source=f"the {self.name} profile")

    def fits_table(self, names: list[str]) -> bool:
        """Whether a table read without a profile (a JSON object of long arrays, whose keys
        are past the first block) has this family's names."""
        wanted = set(self.json_keys) | set(self.header_has)
        return bool(wanted) and wanted <= set(names)

    def sniff(self, head: bytes) -> bool:
        """Whether the first block of a file is of this family."""
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
        if self.json_keys:
            return _json_keys(text) >= set(self.json_keys)
        first = next((ln.rstrip("\r") for ln in text.split("\n") if ln.strip()), "")
        if self.first_line is not None:
            return bool(self.first_line.fullmatch(first))
        if self.header_starts and not first.startswith(self.header_starts):
            return False
        if self.header_has:
            cells = {c.strip().strip('"') for c in re.split(r"[,;\t|]", first.lstrip("#"))}
            return set(self.header_has) <= cells
        return bool(self.header_starts)


@cache
def profiles() -> tuple[Profile, ...]:
    """Every bundled profile, the most specific first."""
    from replay.resources import asset_names, read_toml

    found = [_profile(pid, read_toml("formats", pid)) for pid in asset_names("formats")]
    return tuple(sorted(found, key=lambda p: -p.specificity))


def _profile(pid: str, d: dict[str, Any]) -> Profile:
    match = d.get("match", {})
    columns: list[tuple[str, str, str]] = []
    for role, spec in d.get("columns", {}).items():
        if role not in ROLES:
            raise ValueError(f"formats/{pid}.toml: unknown role {role!r}")
        for one in spec if isinstance(spec, list) else [spec]:
            column, _, unit = str(one).partition(":")
            columns.append((column, role, unit))
    pattern = match.get("first_line")
    return Profile(
        id=pid,
        name=str(d["name"]),
        family=str(d.get("family", "")),
        about=" ".join(str(d.get("about", "")).split()),
        suffixes=tuple(match.get("suffixes", (".csv",))),
        header_starts=str(match.get("header_starts", "")),
        header_has=tuple(match.get("header_has", ())),
        first_line=re.compile(pattern) if pattern else None,
        json_keys=tuple(match.get("json_keys", ())),
        names=tuple(d.get("names", ())),
        columns=tuple(columns),
        epoch_from=tuple(d.get("epoch_from", ())),
    )


def _json_keys(text: str) -> set[str]:
    """The keys of the first object of a JSON file (an object of arrays or JSON Lines)."""
    s = text.lstrip()
    if not s.startswith("{"):
        return set()
    first = s.split("\n", 1)[0]
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        return set(re.findall(r'"([^"]+)"\s*:', s[:4096]))  # an object of long arrays
    return set(obj) if isinstance(obj, dict) else set()
