"""Time as foreign files write it, turned into seconds: numbers in some unit, tick counters,
Unix times, times of day (with a date column, or rolled over midnight), date-times.

>>> t = numeric_time(np.array([0.0, 250.0, 500.0]), "ms", "time_ms")
>>> t.t_s.tolist(), t.how
([0.0, 0.25, 0.5], 'time_ms in ms')
>>> clock = text_time(np.array(["23:59:59.5", "00:00:00.5"], dtype=object), None, "time")
>>> clock.t_s.tolist(), clock.how
([0.0, 1.0], 'time as time of day (rolled over midnight once), UTC date unknown')
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.io.units import factor, knows

#: Unix times (s) of plausible recordings: 1973 to 2103.
UNIX_RANGE_S = (1e8, 4.2e9)
#: A telemetry log samples every 0.1 ms to every minute: a time column stepping by more is
#: not in seconds (a tick counter, milliseconds...).
MAX_STEP_S = 60.0
#: Zone abbreviations of local times (APRS and GPS loggers write them).
ZONES = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "CDT": -5,
    "CST": -6,
    "EDT": -4,
    "EST": -5,
    "MDT": -6,
    "MST": -7,
    "PDT": -7,
    "PST": -8,
    "CET": 1,
    "CEST": 2,
    "BST": 1,
    "JST": 9,
}
_CLOCK = re.compile(r"\s*(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*([AaPp][Mm])?\s*")
_NUMBERS = re.compile(r"\d+")
_DATETIME_CHARS = re.compile(r"[\d\s:/.,T-]+(?:\s*(?:Z|UTC|GMT))?")


class TimeError(ValueError):
    """The time column cannot be read as time; the message says what would fix it."""


@dataclass(frozen=True)
class TimeAxis:
    """Seconds of every row, the UTC of ``t_s = 0`` when the file tells it, and how it was read."""

    t_s: FloatArray  # NaN where a row has no time
    epoch: datetime | None
    how: str


def numeric_time(values: FloatArray, unit: str | None, name: str) -> TimeAxis:
    """Time from a column of numbers in ``unit`` (``s``, ``ms``, ``us``, ``min``...,
    ``ticks:SECONDS`` per tick, ``unix``); ``None``: judged from the values."""
    v = np.asarray(values, dtype=np.float64)
    if unit:
        u = unit.strip().lower()
        if u.startswith("ticks:"):
            seconds = _positive(u.split(":", 1)[1], name)
            return TimeAxis(v * seconds, None, f"{name} in ticks of {seconds:g} s")
        if u in ("unix", "unix_s", "epoch"):
            return _unix(v, name, 1.0)
        if u in ("unix_ms", "epoch_ms"):
            return _unix(v, name, 1e-3)
        if not knows("time", u):
            raise TimeError(f"{unit!r} is not a unit of time (s, ms, us, min, unix, ticks:S)")
        f = factor("time", u)
        return TimeAxis(v * f if f != 1.0 else v, None, f"{name} in {u}")
    finite = v[np.isfinite(v)]
    step = float(np.median(np.diff(np.sort(finite)))) if finite.size > 1 else 0.0
    if finite.size and UNIX_RANGE_S[0] <= finite[0] <= UNIX_RANGE_S[1] and step <= MAX_STEP_S:
        return _unix(v, name, 1.0)
    in_ms = finite.size and 1e3 * UNIX_RANGE_S[0] <= finite[0] <= 1e3 * UNIX_RANGE_S[1]
    if in_ms and 1e-3 * step <= MAX_STEP_S:
        return _unix(v, name, 1e-3)
    if step > MAX_STEP_S:
        raise TimeError(
            f"time column {name!r} steps by {step:g} per row, too much for seconds; give its unit "
            "with --time-unit (ms, us, ticks:SECONDS-PER-TICK, unix)"
        )
    return TimeAxis(v, None, f"{name} in s")


def text_time(
    values: npt.NDArray[np.object_],
    dates: npt.NDArray[np.object_] | None,
    name: str,
    utc_offset_h: float | npt.NDArray[np.float64] = 0.0,
) -> TimeAxis:
    """Time from text: times of day (``13:13:37``, ``9:12:08 AM``), with ``dates`` of the same
    rows if the file has them, or date-times (ISO 8601, or numbers in year-first order like
    ``2022-5-7--11-24-56-316``); ``utc_offset_h`` is the zone the clock shows (hours east)."""
    strings = [str(s).strip() for s in values]
    clock = [_clock_seconds(s) for s in strings]
    if sum(c is not None for c in clock) >= max(1, len([s for s in strings if s]) // 2):
        return _time_of_day(
            np.array([np.nan if c is None else c for c in clock]), dates, name, utc_offset_h
        )
    stamps = [_datetime(s) for s in strings]
    if not any(stamps):
        raise TimeError(
            f"time column {name!r} holds neither numbers, times of day nor dates and times "
            f"(first value {strings[0][:30]!r})"
        )
    offset = np.broadcast_to(np.asarray(utc_offset_h, dtype=np.float64), (len(stamps),))
    utc = [
        None
        if d is None
        else d - timedelta(hours=float(h))
        if d.tzinfo is None
        else d.astimezone(UTC).replace(tzinfo=None)
        for d, h in zip(stamps, offset, strict=True)
    ]
    first = next(d for d in utc if d is not None)
    t = np.array([np.nan if d is None else (d - first).total_seconds() for d in utc])
    return TimeAxis(t, first.replace(tzinfo=UTC), f"{name} as dates and times (UTC)")


def zone_offset_h(text: str) -> float | None:
    """Hours east of UTC for ``CDT``, ``UTC-5``, ``+02:00`` and the like (``None``: unknown)."""
    s = text.strip().rstrip(":").upper()
    if s in ZONES:
        return float(ZONES[s])
    m = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", s)
    if m:
        h = int(m.group(2)) + int(m.group(3) or 0) / 60.0
        return h if m.group(1) == "+" else -h
    return None


def _time_of_day(
    seconds: FloatArray,
    dates: npt.NDArray[np.object_] | None,
    name: str,
    utc_offset_h: float | npt.NDArray[np.float64],
) -> TimeAxis:
    day = np.zeros(seconds.size)
    rolled = 0
    if dates is not None:
        parsed = _dates([str(d).strip() for d in dates])
        known = [d for d in parsed if d is not None]
        base = min(known) if known else None
        if base is not None:
            day = np.array([np.nan if d is None else (d - base).days for d in parsed], float)
    else:
        base = None
        finite = np.flatnonzero(np.isfinite(seconds))
        back = finite[1:][np.diff(seconds[finite]) < -43_200.0]  # midnight passed
        for i in back:
            day[i:] += 1.0
        rolled = int(back.size)
    local = seconds + 86_400.0 * day - 3600.0 * np.asarray(utc_offset_h, dtype=np.float64)
    first = int(np.flatnonzero(np.isfinite(local))[0]) if np.isfinite(local).any() else 0
    t = local - local[first]
    if base is None:
        extra = f" (rolled over midnight {'once' if rolled == 1 else f'{rolled} times'})"
        return TimeAxis(
            t, None, f"{name} as time of day{extra if rolled else ''}, UTC date unknown"
        )
    epoch = datetime(base.year, base.month, base.day, tzinfo=UTC) + timedelta(
        seconds=float(local[first])
    )
    return TimeAxis(t, epoch, f"{name} as time of day with its date (UTC)")


def _clock_seconds(text: str) -> float | None:
    m = _CLOCK.fullmatch(text)
    if m is None:
        return None
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3))
    frac = float("0." + m.group(4)) if m.group(4) else 0.0
    if m.group(5):
        h = h % 12 + (12 if m.group(5).lower() == "pm" else 0)
    if h > 23 or mi > 59 or s > 60:
        return None
    return 3600.0 * h + 60.0 * mi + s + frac


def _dates(texts: list[str]) -> list[datetime | None]:
    """Dates written ``d-m-y``, ``m/d/Y``, ``Y-m-d``...: the order is chosen to fit every row
    (a first field over 12 is a day)."""
    parts = [[int(x) for x in _NUMBERS.findall(t)][:3] for t in texts]
    rows = [p for p in parts if len(p) == 3]
    if not rows:
        return [None] * len(texts)
    if max(p[0] for p in rows) > 31:
        order = (0, 1, 2)  # year first
    elif max(p[0] for p in rows) > 12:
        order = (2, 1, 0)  # day, month, year
    else:
        order = (2, 0, 1) if "/" in texts[0] else (2, 1, 0)  # 4/28/2023 is US; 21-04-23 is not
    out: list[datetime | None] = []
    for p in parts:
        try:
            y, mo, d = (p[i] for i in order)
            out.append(datetime(y + 2000 if y < 100 else y, mo, d))
        except (ValueError, IndexError):
            out.append(None)
    return out


def _datetime(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    if not _DATETIME_CHARS.fullmatch(text):  # "2016-12-01 14:51:52 INFO started" is a message
        return None
    n = [int(x) for x in _NUMBERS.findall(text)]
    if len(n) < 6 or n[0] < 1000:
        return None
    try:
        frac = float(f"0.{n[6]:03d}") if len(n) > 6 else 0.0
        y, mo, d, h, mi, s = n[:6]
        return datetime(y, mo, d, h, mi, s) + timedelta(seconds=frac)
    except ValueError:
        return None


def _unix(v: FloatArray, name: str, scale: float) -> TimeAxis:
    s = v * scale
    finite = s[np.isfinite(s)]
    first = float(finite[0]) if finite.size else 0.0
    epoch = datetime.fromtimestamp(first, UTC)
    unit = "Unix seconds" if scale == 1.0 else "Unix milliseconds"
    return TimeAxis(s - first, epoch, f"{name} as {unit} (t = 0 at the first sample)")


def _positive(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise TimeError(f"{name}: ticks need a positive tick length in seconds, got {text!r}")
    return value


__all__ = ["TimeAxis", "TimeError", "numeric_time", "text_time", "zone_offset_h"]
