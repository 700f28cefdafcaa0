"""Where the Sun is overhead, and which half of the Earth is in the dark, at a UTC instant.

The subsolar point comes from skyfield with the JPL DE421 ephemeris bundled in ``skyfield-data``
and the package's one builtin timescale (:mod:`replay.physics.timescale`), so nothing is ever
downloaded (skyfield is imported on first use: it is slow to import); the Sun's Earth-fixed
position becomes latitude and longitude through the Earth model (:mod:`replay.physics.geodesy`).
The terminator is the great circle 90° from the subsolar point on a spherical Earth (no
refraction, no twilight): good to a fraction of a degree on a world map.

>>> from datetime import UTC, datetime
>>> lat, lon = subsolar_point(datetime(2024, 6, 20, 20, 51, tzinfo=UTC))
>>> round(lat, 2), round(lon, 1)
(23.44, -132.3)
"""

from __future__ import annotations

import atexit
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.physics.constants import DAY_S
from replay.physics.geodesy import geodetic_from_ecef
from replay.physics.timescale import timescale

#: Below this subsolar latitude (deg) the terminator runs through the poles (an equinox); it is
#: nudged off them so longitude stays monotonic along it and the night side stays one polygon.
_EQUINOX_NUDGE_DEG = 1e-6
#: The terminator's samples; 721 puts one every 0.5° of arc.
DEFAULT_POINTS = 721


@dataclass(frozen=True, slots=True)
class DayNight:
    """The subsolar point, the terminator (lon -180 → 180) and the night side as a polygon."""

    subsolar_lat_deg: float
    subsolar_lon_deg: float
    line_lon: FloatArray
    line_lat: FloatArray
    night_lon: FloatArray
    night_lat: FloatArray


@cache
def _sky() -> tuple[Any, Any]:
    """skyfield's Earth and Sun, from the ephemeris installed with the app."""
    import skyfield_data
    from skyfield.api import Loader

    # skyfield_data.get_skyfield_data_path() warns that finals2000A.all has expired; the builtin
    # timescale never reads that file, so build the path without the check.
    load = Loader(str(Path(skyfield_data.__file__).parent / "data"), verbose=False)
    eph = load("de421.bsp")  # present, so the loader only opens it
    atexit.register(eph.close)  # memory-mapped; close it before interpreter teardown
    return eph["earth"], eph["sun"]


def subsolar_points(epoch: datetime, t_s: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Geodetic latitude and longitude (deg) under the Sun at ``epoch + t_s`` seconds.

    A naive ``epoch`` is taken as UTC. DE421 covers 1899-07-28 to 2053-10-08; outside that,
    skyfield raises ``EphemerisRangeError`` (a ``ValueError``).
    """
    from skyfield.framelib import itrs

    earth, sun = _sky()
    if epoch.tzinfo is None:
        epoch = epoch.replace(tzinfo=UTC)
    seconds = np.asarray(t_s, dtype=np.float64)
    t = timescale().from_datetime(epoch) + seconds / DAY_S
    x_m, y_m, z_m = earth.at(t).observe(sun).apparent().frame_xyz(itrs).m
    lat, lon, _h_m = geodetic_from_ecef(x_m, y_m, z_m)
    return lat, lon


#: The Sun's track is sampled once a minute of flight time (it moves 0.25° a minute)...
TRACK_STEP_S = 60.0
#: ...and runs this far past the end of the flight, so a live pass grows within it.
TRACK_AHEAD_S = 600.0


@dataclass(frozen=True, slots=True)
class SunTrack:
    """The subsolar point over a span of flight time, on a grid to interpolate."""

    t_s: FloatArray
    lat_deg: FloatArray
    #: Unwrapped: continuous across ±180° so that interpolation never jumps.
    lon_deg: FloatArray

    def covers(self, start_s: float, end_s: float) -> bool:
        return bool(self.t_s[0] <= start_s and end_s <= self.t_s[-1])

    def at(self, t_s: float) -> tuple[float, float]:
        """Latitude and longitude (deg, in [-180, 180)) under the Sun at ``t_s``."""
        lat = float(np.interp(t_s, self.t_s, self.lat_deg))
        lon = (float(np.interp(t_s, self.t_s, self.lon_deg)) + 180.0) % 360.0 - 180.0
        return lat, lon


def sun_track(
    epoch: datetime | None, start_s: float, end_s: float, ahead_s: float = TRACK_AHEAD_S
) -> SunTrack | None:
    """The Sun's track from ``start_s`` to ``ahead_s`` past ``end_s`` (s after ``epoch``);
    ``None`` without an epoch or outside DE421's years (no shading rather than no map)."""
    if epoch is None:
        return None
    end_s = max(end_s + ahead_s, start_s + 1.0)
    n = min(500, max(2, math.ceil((end_s - start_s) / TRACK_STEP_S) + 1))
    t = np.linspace(start_s, end_s, n)
    try:
        lat, lon = subsolar_points(epoch, t)
    except ValueError:
        return None
    return SunTrack(t, lat, np.unwrap(lon, period=360.0))


def subsolar_point(utc: datetime) -> tuple[float, float]:
    """Latitude and longitude (deg) of the point with the Sun at its zenith at ``utc``."""
    lat, lon = subsolar_points(utc, 0.0)
    return float(lat), float(lon)


def terminator(
    lat_s: float, lon_s: float, n: int = DEFAULT_POINTS
) -> tuple[FloatArray, FloatArray]:
    """The day/night line for a subsolar point: latitude as a function of longitude, from
    -180 to +180 inclusive, sampled evenly along the great circle (so the steep parts near an
    equinox are as well resolved as the flat ones)."""
    phi = math.radians(lat_s if abs(lat_s) >= _EQUINOX_NUDGE_DEG else _nudged(lat_s))
    lam = math.radians(lon_s)
    # The circle through u (on the equator, 90° east of the Sun) and v (its most northern point).
    u = np.array([-math.sin(lam), math.cos(lam), 0.0])
    v = np.array([-math.sin(phi) * math.cos(lam), -math.sin(phi) * math.sin(lam), math.cos(phi)])
    theta = np.linspace(0.0, 2.0 * math.pi, n)
    p = np.outer(np.cos(theta), u) + np.outer(np.sin(theta), v)
    lat = np.degrees(np.arcsin(np.clip(p[:, 2], -1.0, 1.0)))
    lon = np.degrees(np.arctan2(p[:, 1], p[:, 0]))
    # Longitude runs monotonically round the circle: eastward when the Sun is north. Unwrap
    # in that direction (a step through a pole is close to 180°, so it cannot be guessed).
    sign = 1.0 if phi > 0 else -1.0
    step = np.mod(np.diff(lon) * sign, 360.0)
    step[step > 270.0] = 0.0  # rounding noise against the direction, not a real step
    lon_u = lon[0] + sign * np.concatenate([[0.0], np.cumsum(step)])
    if sign < 0:
        lon_u, lat = lon_u[::-1], lat[::-1]
    base_x, base_y = lon_u[:-1], lat[:-1]  # one turn; the last point repeats the first
    k0 = math.floor((-180.0 - base_x[0]) / 360.0)
    x = np.concatenate([base_x + 360.0 * (k0 + j) for j in range(3)])
    y = np.tile(base_y, 3)
    inside = (x > -180.0) & (x < 180.0)
    # The ends exactly, from tan(lat) = -cos(lon - lon_s) / tan(lat_s).
    end = math.degrees(math.atan(-math.cos(math.radians(180.0 - lon_s)) / math.tan(phi)))
    return (
        np.concatenate([[-180.0], x[inside], [180.0]]),
        np.concatenate([[end], y[inside], [end]]),
    )


def night_polygon(
    lat_s: float, lon_s: float, n: int = DEFAULT_POINTS
) -> tuple[FloatArray, FloatArray]:
    """The night side as a closed polygon in (lon, lat): the terminator, then along the map's
    edge round the pole that is in the dark (the south pole when the Sun is north)."""
    return _close_night(lat_s, *terminator(lat_s, lon_s, n))


def _close_night(lat_s: float, lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    north_sun = lat_s > 0 or (lat_s == 0 and _nudged(lat_s) > 0)
    pole = -90.0 if north_sun else 90.0
    return (
        np.concatenate([lon, [180.0, -180.0, lon[0]]]),
        np.concatenate([lat, [pole, pole, lat[0]]]),
    )


def day_night(utc: datetime, n: int = DEFAULT_POINTS) -> DayNight:
    """The subsolar point, terminator and night polygon at ``utc``."""
    lat_s, lon_s = subsolar_point(utc)
    return day_night_at(lat_s, lon_s, n)


def day_night_at(lat_s: float, lon_s: float, n: int = DEFAULT_POINTS) -> DayNight:
    """The terminator and night polygon for a known subsolar point (no ephemeris needed)."""
    line = terminator(lat_s, lon_s, n)
    night = _close_night(lat_s, *line)
    return DayNight(lat_s, lon_s, line[0], line[1], night[0], night[1])


def is_night(
    lat_deg: npt.ArrayLike, lon_deg: npt.ArrayLike, lat_s: float, lon_s: float
) -> npt.NDArray[np.bool_]:
    """Whether the Sun is below the (spherical) horizon at each point."""
    lat = np.radians(np.asarray(lat_deg, dtype=np.float64))
    dlon = np.radians(np.asarray(lon_deg, dtype=np.float64) - lon_s)
    ps = math.radians(lat_s)
    cos_zenith = np.sin(lat) * math.sin(ps) + np.cos(lat) * math.cos(ps) * np.cos(dlon)
    return np.asarray(cos_zenith < 0.0)


def _nudged(lat_s: float) -> float:
    # copysign keeps the side of -0.0; +0.0 counts as a northern Sun.
    return math.copysign(_EQUINOX_NUDGE_DEG, lat_s)
