"""The ground track, split at the antimeridian, and UTC from the builtin timescale (skyfield).

Native files carry geodetic columns already checked against the ECEF state when read; files that
carry only the state are converted with the Earth model (:mod:`replay.physics.geodesy`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from replay.core import channels as ch
from replay.core.flight import Flight
from replay.core.types import FloatArray
from replay.physics.constants import DAY_S
from replay.physics.geodesy import geodetic_from_ecef_unchecked
from replay.physics.timescale import timescale


@dataclass(frozen=True, slots=True)
class GroundTrack:
    """Sub-vehicle points, one per sample; ``connect[i]`` joins sample i to i+1 on a map."""

    lat_deg: FloatArray
    lon_deg: FloatArray
    alt_m: FloatArray
    connect: npt.NDArray[np.bool_]

    @property
    def segments(self) -> list[slice]:
        """Runs of samples a map may join with straight lines (never across the antimeridian)."""
        breaks = np.flatnonzero(~self.connect[:-1]) + 1
        edges = [0, *breaks.tolist(), self.lat_deg.size]
        return [slice(a, b) for a, b in itertools.pairwise(edges) if b > a]


def ground_track(flight: Flight) -> GroundTrack | None:
    """The track of a flight that has a position (geodetic or ECEF); ``None`` otherwise, or
    when not one sample has a finite latitude and longitude."""
    cols = flight.channels
    if all(n in cols for n in ch.GEODETIC):
        lat, lon, alt = (np.asarray(cols[n], dtype=np.float64) for n in ch.GEODETIC)
    elif all(n in cols for n in ch.POSITION_ECEF):
        lat, lon, alt = geodetic_from_ecef_unchecked(*(cols[n] for n in ch.POSITION_ECEF))
    else:
        return None
    fixed = bool(np.isfinite(lat[:1]).all() and np.isfinite(lon[:1]).all())  # at once, mostly
    if not (fixed or np.any(np.isfinite(lat) & np.isfinite(lon))):
        return None
    jumps = np.abs(np.diff(lon)) > 180.0
    connect = np.concatenate([~jumps, [False]])
    return GroundTrack(lat, lon, alt, connect)


def utc_iso(epoch: datetime | None, t_s: float) -> str | None:
    """UTC of replay time ``t_s`` as ISO 8601 (``...Z``), from skyfield's builtin timescale."""
    if epoch is None:
        return None
    t = timescale().from_datetime(epoch) + float(t_s) / DAY_S
    return str(t.utc_iso(places=3))
