"""A flight's ground track as a map draws it (Qt-free): longitudes that run on past ±180°,
the last good sample at every sample, and the direction of travel (for placing labels).
"""

from __future__ import annotations

import math

import numpy as np

from replay.core.types import FloatArray
from replay.geo.wrap import near_lon_deg, unwrap_lon_deg


class TrackPath:
    """The track of samples ``t_s`` at ``lat_deg``/``lon_deg`` (NaN where there is no fix)."""

    def __init__(self, t_s: FloatArray, lat_deg: FloatArray, lon_deg: FloatArray) -> None:
        if not (t_s.shape == lat_deg.shape == lon_deg.shape and t_s.ndim == 1):
            raise ValueError(
                f"t_s, lat_deg and lon_deg must be 1-D of one shape, got {t_s.shape}, "
                f"{lat_deg.shape} and {lon_deg.shape}"
            )
        self.t_s = t_s
        self.lat_deg = lat_deg
        #: Longitudes made continuous: the track is never cut at the map's edge.
        self.lon_deg = unwrap_lon_deg(lon_deg)
        ok = np.isfinite(lat_deg) & np.isfinite(lon_deg)
        #: For every sample, the index of the last sample at or before it with a fix (-1: none).
        self.last_ok = np.maximum.accumulate(np.where(ok, np.arange(ok.size), -1))
        #: Whether the drawn track runs past ±180° (into the next copy of the world).
        self.crosses_antimeridian = bool(ok.any() and np.nanmax(np.abs(self.lon_deg)) > 180.0)

    @classmethod
    def empty(cls) -> TrackPath:
        nothing = np.zeros(0)
        return cls(nothing, nothing, nothing)

    @property
    def has_fix(self) -> bool:
        return bool(self.last_ok.size and self.last_ok[-1] >= 0)

    def fix_at(self, i: int) -> int:
        """The last sample with a fix at or before sample ``i`` (-1: none)."""
        return int(self.last_ok[i]) if 0 <= i < self.last_ok.size else -1

    def fix_at_time(self, t_s: float) -> int:
        """The last sample with a fix at or before time ``t_s`` (-1: none)."""
        return self.fix_at(int(np.searchsorted(self.t_s, t_s, side="right")) - 1)

    def near(self, i: int, lon_deg: float) -> float:
        """``lon_deg`` moved by whole turns next to sample ``i`` as drawn."""
        ok = 0 <= i < self.lon_deg.size and math.isfinite(float(self.lon_deg[i]))
        return float(near_lon_deg(lon_deg, self.lon_deg[i])) if ok else lon_deg

    def heading(self, j: int, back_s: float = 20.0) -> tuple[float, float]:
        """Direction of the track into sample ``j`` (east, north; in map degrees), from the fix
        ``back_s`` earlier; on the pad (no motion yet), the direction of the whole flight."""
        if j < 0 or not self.has_fix:
            return 1.0, 0.0
        t, lon, lat = self.t_s, self.lon_deg, self.lat_deg
        k = self.fix_at(max(int(np.searchsorted(t, t[j] - back_s)), 0))
        k = k if 0 <= k < j else 0
        dx, dy = float(lon[j] - lon[k]), float(lat[j] - lat[k])
        last = int(self.last_ok[-1])
        if math.hypot(dx, dy) < 0.05 and j < last:  # still on the pad: look ahead
            return self.heading(last, float(t[-1] - t[0]))
        return (dx, dy) if math.isfinite(dx + dy) else (1.0, 0.0)
