"""What the crosshair and the measurement read off a flight (numpy, Qt-free).

A channel's value at a time is its last sample at or before that time, as a ground display
holds the last frame: :func:`reading_at` says which sample and how old it is, so a value held
over a dropout is shown as stale, and a NaN sample as no data. :func:`great_circle_m` and
:func:`initial_bearing_deg` measure between two points of the map.

>>> t = np.array([0.0, 1.0, 2.0, 10.0])
>>> r = reading_at(t, np.array([5.0, 6.0, np.nan, 8.0]), 1.5, stale_after_s=1.0)
>>> (r.index, r.value, r.age_s, r.stale)
(1, 6.0, 0.5, False)
>>> reading_at(t, np.array([5.0, 6.0, np.nan, 8.0]), 6.0, stale_after_s=1.0).text("km")
'no data'
>>> reading_at(t, np.array([5.0, 6.0, 7.0, 8.0]), 6.0, stale_after_s=1.0).text("km")
'7.00 km (stale, 4.0 s old)'
>>> round(great_circle_m(0.0, 0.0, 0.0, 1.0) / 1e3, 3), initial_bearing_deg(0.0, 0.0, 1.0, 0.0)
(111.195, 0.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from replay.analysis.impact import MEAN_EARTH_RADIUS_KM
from replay.core.types import FloatArray

#: A sample older than this many sample periods (and at least 1 s) is shown as stale.
STALE_PERIODS = 5.0
#: Shown for a time with no sample, or a sample without a value.
NO_DATA = "no data"


@dataclass(frozen=True, slots=True)
class Reading:
    """The sample shown at a time: its index (-1: none yet), value and age (s)."""

    index: int
    value: float
    age_s: float
    stale: bool

    def text(self, unit: str, scale: float = 1.0) -> str:
        """ "160.2 km", "160.2 km (stale, 4.0 s old)" or "no data"."""
        if self.index < 0 or not math.isfinite(self.value):
            return NO_DATA
        shown = f"{format_value(self.value * scale)} {unit}".strip()
        return f"{shown} (stale, {self.age_s:.1f} s old)" if self.stale else shown


def stale_after_s(t_s: FloatArray) -> float:
    """How old a sample may be before it is stale: :data:`STALE_PERIODS` median periods."""
    if t_s.size < 2:
        return 1.0
    return max(1.0, STALE_PERIODS * float(np.median(np.diff(t_s))))


def reading_at(t_s: FloatArray, values: FloatArray, t: float, stale_after_s: float) -> Reading:
    """The last sample of ``values`` (at times ``t_s``) at or before ``t``."""
    k = int(np.searchsorted(t_s, t, side="right")) - 1
    if k < 0:
        return Reading(-1, math.nan, math.nan, False)
    age = float(t - t_s[k])
    return Reading(k, float(values[k]), age, age > stale_after_s)


def format_value(v: float) -> str:
    """Four significant figures or so, without an exponent for the values a flight has."""
    a = abs(v)
    if a >= 10_000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.1f}"
    if a >= 1 or a == 0:
        return f"{v:.2f}"
    return f"{v:.3g}"


def great_circle_m(lat1_deg: float, lon1_deg: float, lat2_deg: float, lon2_deg: float) -> float:
    """Distance (m) along the sphere of the mean Earth radius (haversine)."""
    p1, p2 = math.radians(lat1_deg), math.radians(lat2_deg)
    dp, dl = p2 - p1, math.radians(lon2_deg - lon1_deg)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2e3 * MEAN_EARTH_RADIUS_KM * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


def initial_bearing_deg(
    lat1_deg: float, lon1_deg: float, lat2_deg: float, lon2_deg: float
) -> float:
    """The direction (deg from north, clockwise, 0-360) to set off in from the first point."""
    p1, p2 = math.radians(lat1_deg), math.radians(lat2_deg)
    dl = math.radians(lon2_deg - lon1_deg)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0
