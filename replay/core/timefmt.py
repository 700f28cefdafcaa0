"""How replay time is written for people: ``T+06:22.0`` and UTC."""

from __future__ import annotations

import math
from datetime import datetime, timedelta


def format_t_plus(t_s: float, decimals: int = 1) -> str:
    """Mission time: ``format_t_plus(382.04)`` -> ``'T+06:22.0'``; before liftoff ``T-``."""
    if not math.isfinite(t_s):
        return "T+--:--"
    sign = "-" if t_s < 0 else "+"
    scale = 10**decimals
    ticks = round(abs(t_s) * scale)
    minutes, rem = divmod(ticks, 60 * scale)
    seconds = rem / scale
    width = 3 + decimals if decimals else 2
    return f"T{sign}{minutes:02d}:{seconds:0{width}.{decimals}f}"


def format_utc(dt: datetime | None, decimals: int = 1) -> str:
    """``2016-12-01 14:58:14.0 UTC``, or an em dash when the epoch is unknown."""
    if dt is None:
        return "—"
    step_us = 10 ** (6 - decimals)
    rounded = dt + timedelta(microseconds=step_us // 2 - (dt.microsecond + step_us // 2) % step_us)
    digits = f"{rounded.microsecond:06d}"[:decimals]
    return rounded.strftime("%Y-%m-%d %H:%M:%S") + (f".{digits}" if decimals else "") + " UTC"
