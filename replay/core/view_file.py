"""Saved views: a :class:`~replay.core.view_state.ViewState` as a small TOML file.

The form is documented in ``docs/views.md``. It is written here without a TOML library (the
values are numbers, booleans and strings) and read with the standard ``tomllib``. A bad file
raises :class:`ViewFileError`, one line naming the file, the line and the key:

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "los.toml"
>>> state = ViewState(t_s=382.5, channels=("alt_m", "downrange_km"), plot_range_s=(300.0, 420.0))
>>> read_view(write_view(state, path)) == state
True
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from replay.core.display import DEFAULT_SYSTEM, UNIT_SYSTEMS
from replay.core.view_state import DEFAULT_ALIGN, ViewState

FORMAT = "ascent-replay view"
VERSION = 1
#: The ascent profiles a view may show (replay.qt.profile_plot.PROFILES).
PROFILE_IDS = ("alt_downrange", "speed_alt")

#: Every key a view file may have, by table ("" is the top level), with what it must be.
_KEYS: dict[str, dict[str, str]] = {
    "": {
        "format": f'"{FORMAT}"',
        "version": f"{VERSION}",
        "t_s": "a time in seconds",
        "speed": "a positive playback speed",
        "presentation": "true or false",
        "units": f"the unit system, one of {', '.join(UNIT_SYSTEMS)}",
    },
    "plots": {
        "channels": "a list of channel names",
        "range_s": "two increasing times in seconds",
        "window_s": "a positive number of seconds",
        "profiles": f"a list of ascent profiles ({', '.join(PROFILE_IDS)})",
        "fit_data": "true or false",
        "first": "the number of the top plot shown, from 0",
    },
    "map": {
        "home": "[lon_min, lon_max, lat_min, lat_max] in degrees, each min below its max",
        "follow": "true or false",
    },
    "overlays": {"nominal": "true or false", "truth": "true or false"},
    "compare": {
        "file": "the telemetry file of the flight compared (relative to the view file)",
        "align": "the id of an event both flights have (liftoff, upper_stage_ignition, ...)",
    },
}


class ViewFileError(ValueError):
    """A view file could not be read: ``file:line: key: what was expected`` on one line."""

    def __init__(self, path: str | Path, message: str, *, line: int | None = None) -> None:
        self.path, self.line = str(path), line
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {' '.join(message.split())}")


def write_view(state: ViewState, path: str | Path) -> Path:
    """Write ``state`` to ``path`` (TOML, docs/views.md); returns the path."""
    target = Path(path)
    target.write_text(view_text(state), encoding="utf-8")
    return target


def view_text(state: ViewState) -> str:
    """The view file's text for ``state`` (``ValueError`` for a value no file can hold)."""
    lines = [
        "# An Ascent Replay view: open it with File > Open view, or video --view (docs/views.md).",
        f'format = "{FORMAT}"',
        f"version = {VERSION}",
        f"t_s = {_number('t_s', state.t_s)}",
        f"speed = {_number('speed', state.speed)}",
        f"presentation = {_bool(state.presentation)}",
        f"units = {_string(state.units)}",
        "",
        "[plots]",
        f"channels = [{', '.join(_string(c) for c in state.channels)}]",
    ]
    if state.plot_range_s is not None:
        lines.append(f"range_s = {_numbers('plots.range_s', state.plot_range_s)}")
    if state.plot_window_s is not None:
        lines.append(f"window_s = {_number('plots.window_s', state.plot_window_s)}")
    if state.fit_data is not None:
        lines.append(f"fit_data = {_bool(state.fit_data)}")
    if state.plot_first:
        lines.append(f"first = {state.plot_first}")
    if state.profiles:
        lines.append(f"profiles = [{', '.join(_string(p) for p in state.profiles)}]")
    lines += ["", "[map]", f"follow = {_bool(state.map_follow)}"]
    if state.map_home is not None:
        lines.append(f"home = {_numbers('map.home', state.map_home)}")
    lines += [
        "",
        "[overlays]",
        f"nominal = {_bool(state.nominal)}",
        f"truth = {_bool(state.truth)}",
    ]
    if state.compare_file is not None:
        lines += [
            "",
            "[compare]",
            f"file = {_string(state.compare_file)}",
            f"align = {_string(state.compare_align)}",
        ]
    return "\n".join(lines) + "\n"


def read_view(path: str | Path) -> ViewState:
    """Read a view file; a :class:`ViewFileError` names the file, line and key of a bad one
    (``FileNotFoundError`` if there is none)."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ViewFileError(source, "not a text file (expected TOML in UTF-8)") from None
    state = parse_view(text, source)
    if state.compare_file is not None:  # a relative file is beside the view file
        state = replace(state, compare_file=str(source.parent / state.compare_file))
    return state


def parse_view(text: str, path: str | Path = "<view>") -> ViewState:
    """A :class:`ViewState` from a view file's ``text`` (``path`` names it in errors)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ViewFileError(path, f"not TOML: {msg}", line=int(m.group(1)) if m else None) from None
    v = _Checker(path, text, doc)
    if doc.get("format") != FORMAT:
        v.fail("", "format", f'expected format = "{FORMAT}" (is this a view file?)')
    if doc.get("version") != VERSION:
        v.fail("", "version", f"expected version = {VERSION}, found {doc.get('version')!r}")
    v.known_keys()
    plots, map_, over, compare = (v.table(n) for n in ("plots", "map", "overlays", "compare"))
    other, align = compare.get("file"), compare.get("align", DEFAULT_ALIGN)
    for key, value in (("file", other), ("align", align)):
        if key in compare and not (isinstance(value, str) and value.strip()):
            v.fail("compare", key, f"expected {_KEYS['compare'][key]}, found {value!r}")
    if compare and other is None:
        v.fail("compare", "align", "expected file = the telemetry file compared, before align")
    channels = plots.get("channels", [])
    if not isinstance(channels, list) or not all(isinstance(c, str) and c for c in channels):
        v.fail("plots", "channels", f"expected a list of channel names, found {channels!r}")
    profiles = plots.get("profiles", [])
    if not isinstance(profiles, list) or not all(p in PROFILE_IDS for p in profiles):
        v.fail("plots", "profiles", f"expected {_KEYS['plots']['profiles']}, found {profiles!r}")
    t_s = v.number("", "t_s", doc.get("t_s"))
    speed = v.number("", "speed", doc.get("speed", 1.0))
    if speed <= 0.0:
        v.fail("", "speed", f"expected a positive playback speed, found {speed!r}")
    window = plots.get("window_s")
    if window is not None and v.number("plots", "window_s", window) <= 0.0:
        v.fail("plots", "window_s", f"expected a positive number of seconds, found {window!r}")
    units = doc.get("units", DEFAULT_SYSTEM)
    if units not in UNIT_SYSTEMS:
        v.fail("", "units", f"expected {_KEYS['']['units']}, found {units!r}")
    first = plots.get("first", 0)
    if not isinstance(first, int) or isinstance(first, bool) or first < 0:
        v.fail("plots", "first", f"expected {_KEYS['plots']['first']}, found {first!r}")
    fit = plots.get("fit_data")
    span = v.ranges("plots", "range_s", plots.get("range_s"), 2)
    home = v.ranges("map", "home", map_.get("home"), 4)
    return ViewState(
        t_s=t_s,
        speed=speed,
        channels=tuple(channels),
        plot_range_s=None if span is None else (span[0], span[1]),
        plot_window_s=None if window is None else float(window),
        plot_first=first,
        fit_data=None if fit is None else v.boolean("plots", "fit_data", fit),
        profiles=tuple(profiles),
        map_home=None if home is None else (home[0], home[1], home[2], home[3]),
        map_follow=v.boolean("map", "follow", map_.get("follow", True)),
        nominal=v.boolean("overlays", "nominal", over.get("nominal", True)),
        truth=v.boolean("overlays", "truth", over.get("truth", False)),
        presentation=v.boolean("", "presentation", doc.get("presentation", False)),
        units=units,
        compare_file=other,
        compare_align=align,
    )


class _Checker:
    """Checks values and says where a bad one is (the line of its key in the text)."""

    def __init__(self, path: str | Path, text: str, doc: dict[str, Any]) -> None:
        self.path, self.lines, self.doc = path, text.splitlines(), doc

    def fail(self, table: str, key: str, message: str) -> NoReturn:
        name = f"{table}.{key}" if table else key
        raise ViewFileError(self.path, f"{name}: {message}", line=self._line_of(table, key))

    def known_keys(self) -> None:
        for key, value in self.doc.items():
            if key not in _KEYS[""] and key not in _KEYS:
                self.fail("", key, f"unknown key; expected one of {', '.join(_all_keys())}")
            if key in _KEYS:
                if not isinstance(value, dict):
                    self.fail("", key, f"expected a table [{key}]")
                for sub in value:
                    if sub not in _KEYS[key]:
                        known = ", ".join(_KEYS[key])
                        self.fail(key, sub, f"unknown key; expected one of {known}")

    def table(self, name: str) -> dict[str, Any]:
        value = self.doc.get(name, {})
        return value if isinstance(value, dict) else {}

    def number(self, table: str, key: str, value: object) -> float:
        if _is_number(value):
            return float(value)  # type: ignore[arg-type]
        self.fail(table, key, f"expected {_KEYS[table][key]}, found {value!r}")

    def boolean(self, table: str, key: str, value: object) -> bool:
        if not isinstance(value, bool):
            self.fail(table, key, f"expected true or false, found {value!r}")
        return bool(value)

    def ranges(self, table: str, key: str, value: object, n: int) -> tuple[float, ...] | None:
        """``None``, or ``n`` finite numbers in (min, max) pairs, each min below its max."""
        if value is None:
            return None
        nums = value if isinstance(value, list) else []
        ok = len(nums) == n and all(_is_number(x) for x in nums)
        if not ok or any(nums[i] >= nums[i + 1] for i in range(0, n, 2)):
            self.fail(table, key, f"expected {_KEYS[table][key]}, found {value!r}")
        return tuple(float(x) for x in nums)

    def _line_of(self, table: str, key: str) -> int | None:
        current = ""
        for k, line in enumerate(self.lines, start=1):
            head = re.match(r"\s*\[\s*([A-Za-z0-9_\-]+)\s*\]", line)
            if head:
                current = head.group(1)
            elif current == table and re.match(rf"\s*{re.escape(key)}\s*=", line):
                return k
        return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _all_keys() -> list[str]:
    return [*_KEYS[""], *(f"[{t}]" for t in _KEYS if t)]


def _number(name: str, value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"view: {name} must be finite, got {value!r}")
    return repr(float(value))


def _numbers(name: str, values: tuple[float, ...]) -> str:
    return "[" + ", ".join(_number(name, v) for v in values) + "]"


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    body = "".join(
        "\\" + c if c in '"\\' else f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F else c
        for c in text
    )
    return f'"{body}"'


def _bool(value: bool) -> str:
    return "true" if value else "false"
