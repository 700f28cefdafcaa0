"""The ground-station and relay catalogue (``assets/stations.toml``) and who can see the vehicle.

Shared by the telemetry generator (a frame is received only while a station of the vehicle's
network sees it) and by the analysis (was a loss of signal expected from geometry?).

>>> st = Station("x", "X", "net", "ground", 46.12, 73.62, 350.0, mask_deg=3.0)
>>> bool(visible([st], ecef_from_geodetic(49.18, 73.99, 193e3)[None, :])[0, 0])
True
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.physics.geodesy import ecef_from_geodetic, enu_basis

KINDS = ("ground", "relay")


@dataclass(frozen=True, slots=True)
class Station:
    """A ground station or a relay satellite, each with an elevation mask.

    For a ground station the mask is the vehicle's elevation above the station's horizon; for a
    relay it is the satellite's elevation above the vehicle's horizon (the antenna looks up).
    """

    id: str
    name: str
    network: str
    kind: str
    lat_deg: float
    lon_deg: float
    height_m: float
    mask_deg: float = 0.0
    #: Closer than this the station always has the vehicle (pad receivers, cable before liftoff).
    near_km: float = 0.0

    @property
    def ecef_m(self) -> FloatArray:
        return ecef_from_geodetic(self.lat_deg, self.lon_deg, self.height_m)


def load_stations(
    networks: Iterable[str] | None = None, path: Path | None = None
) -> tuple[Station, ...]:
    """Stations of the given networks (all when ``None``), in catalogue order."""
    wanted = None if networks is None else set(networks)
    catalogue = _catalogue(path)
    if wanted is not None:
        unknown = wanted - {s.network for s in catalogue}
        if unknown:
            known = sorted({s.network for s in catalogue})
            raise ValueError(f"unknown station networks {sorted(unknown)}; known: {known}")
    return tuple(s for s in catalogue if wanted is None or s.network in wanted)


@cache
def _catalogue(path: Path | None) -> tuple[Station, ...]:
    from replay.resources import asset

    source = path or asset("stations.toml")
    with source.open("rb") as fh:
        rows = tomllib.load(fh).get("station", [])
    out = []
    for row in rows:
        kind = str(row.get("kind", "ground"))
        if kind not in KINDS:
            raise ValueError(f"{source}: station {row.get('id')!r} has kind {kind!r}; use {KINDS}")
        out.append(
            Station(
                id=str(row["id"]),
                name=str(row["name"]),
                network=str(row["network"]),
                kind=kind,
                lat_deg=float(row["lat_deg"]),
                lon_deg=float(row["lon_deg"]),
                height_m=float(row.get("height_m", 0.0)),
                mask_deg=float(row.get("mask_deg", 0.0)),
                near_km=float(row.get("near_km", 0.0)),
            )
        )
    return tuple(out)


def elevations_deg(stations: Sequence[Station], r_ecef_m: npt.ArrayLike) -> FloatArray:
    """The elevation (deg) that each station's mask applies to, for each point: shape (N, S).

    Ground station: the point above the station's horizon. Relay: the satellite above the
    point's local horizontal (geocentric up), so it is seen while it is above the vehicle's sky.
    """
    r = np.atleast_2d(np.asarray(r_ecef_m, dtype=np.float64))
    out = np.empty((r.shape[0], len(stations)))
    for j, st in enumerate(stations):
        if st.kind == "ground":
            enu = (r - st.ecef_m) @ enu_basis(st.lat_deg, st.lon_deg).T
            out[:, j] = np.degrees(np.arctan2(enu[:, 2], np.hypot(enu[:, 0], enu[:, 1])))
        else:
            line = st.ecef_m - r
            up = r / np.linalg.norm(r, axis=1, keepdims=True)
            sin_el = np.einsum("ij,ij->i", line, up) / np.linalg.norm(line, axis=1)
            out[:, j] = np.degrees(np.arcsin(np.clip(sin_el, -1.0, 1.0)))
    return out


def visible(stations: Sequence[Station], r_ecef_m: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Which stations see each point (at or above the mask, or within ``near_km``): (N, S)."""
    return visible_from(stations, r_ecef_m, elevations_deg(stations, r_ecef_m))


def visible_from(
    stations: Sequence[Station], r_ecef_m: npt.ArrayLike, el_deg: FloatArray
) -> npt.NDArray[np.bool_]:
    """:func:`visible` when the elevations are already known."""
    r = np.atleast_2d(np.asarray(r_ecef_m, dtype=np.float64))
    out = el_deg >= np.array([st.mask_deg for st in stations])
    for j, st in enumerate(stations):
        if st.near_km > 0:
            out[:, j] |= np.linalg.norm(r - st.ecef_m, axis=1) <= 1e3 * st.near_km
    return np.asarray(out)


__all__ = ["Station", "ecef_from_geodetic", "elevations_deg", "load_stations", "visible"]
