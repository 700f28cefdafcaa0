"""Which ground stations (or relays) could see the vehicle, sample by sample, and why it was lost.

The stations are those of the networks the file names (``# networks: rgs``); a file that does not
say gets the network of the ground station nearest to where it starts (if within
``NEAR_NETWORK_KM``): a launch range tracks its own launches.
Visibility is evaluated about once a second and refined to the exact sample at every change,
so a million-sample flight costs a few thousand geometry evaluations, not a million per station.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core import channels as ch
from replay.core.flight import Flight
from replay.physics.stations import Station, elevations_deg, load_stations, visible

NEAR_NETWORK_KM = 1500.0
#: A station this far above its mask at the last sample still had the vehicle well in view.
CLEAR_MARGIN_DEG = 1.0


@dataclass(frozen=True, slots=True)
class StationPass:
    """The spans of samples (first and last sample times) in which one station saw the vehicle."""

    station: Station
    intervals: tuple[tuple[float, float], ...]

    def as_dict(self) -> dict[str, Any]:
        s = self.station
        return {
            "id": s.id,
            "name": s.name,
            "network": s.network,
            "kind": s.kind,
            "lat_deg": s.lat_deg,
            "lon_deg": s.lon_deg,
            "mask_deg": s.mask_deg,
            "intervals": [{"t_aos_s": a, "t_los_s": b} for a, b in self.intervals],
        }


@dataclass(frozen=True, slots=True)
class Coverage:
    """Visibility of the vehicle from the stations that cover this flight."""

    networks: tuple[str, ...]
    networks_from: str
    passes: tuple[StationPass, ...]

    @property
    def stations(self) -> tuple[Station, ...]:
        return tuple(p.station for p in self.passes)

    def in_view(self, t_s: float) -> tuple[Station, ...]:
        """Stations that saw the sample at ``t_s`` (interval ends included)."""
        return tuple(p.station for p in self.passes if any(a <= t_s <= b for a, b in p.intervals))


@dataclass(frozen=True, slots=True)
class Verdict:
    """Was a loss of signal explained by geometry?"""

    expected: bool | None
    reason: str
    in_view: tuple[str, ...]


def station_coverage(flight: Flight) -> Coverage | None:
    """Coverage of the flight, or ``None`` when it has no ECEF position (or not one finite
    value of it). A sample without a position (NaN) is in no station's view."""
    if not all(n in flight.channels for n in ch.POSITION_ECEF):
        return None
    r = np.stack([np.asarray(flight.channels[n], dtype=np.float64) for n in ch.POSITION_ECEF], 1)
    first = 0 if np.isfinite(r[0]).all() else _first_finite_row(r)
    if first is None:
        return None
    networks, how = _networks(flight, r[first])
    stations = load_stations(networks) if networks else ()
    t = flight.t_s
    period = float(np.median(np.diff(t))) if t.size > 1 else 1.0
    step = max(1, round(1.0 / max(period, 1e-6)))
    coarse = np.unique(np.concatenate([np.arange(0, t.size, step), [t.size - 1]]))
    seen = visible(stations, r[coarse]) if stations else np.zeros((coarse.size, 0), bool)
    passes = []
    for j, st in enumerate(stations):
        mask = _refine(seen[:, j], coarse, lambda idx, st=st: visible([st], r[idx])[:, 0])
        passes.append(StationPass(st, _intervals(mask, t)))
    return Coverage(tuple(networks), how, tuple(passes))


def _first_finite_row(r: npt.NDArray[np.float64]) -> int | None:
    found = np.flatnonzero(np.isfinite(r).all(axis=1))
    return int(found[0]) if found.size else None


def judge_loss(coverage: Coverage | None, flight: Flight, index: int) -> Verdict:
    """Was the signal lost after sample ``index`` while a station still had the vehicle?"""
    if coverage is None or not coverage.passes:
        return Verdict(None, "no station of the catalogue covers this flight", ())
    r = np.array([[float(flight.channels[n][index]) for n in ch.POSITION_ECEF]])
    stations = coverage.stations
    margin = elevations_deg(stations, r)[0] - np.array([s.mask_deg for s in stations])
    dist_km = np.array([np.linalg.norm(s.ecef_m - r[0]) / 1e3 for s in stations])
    near = dist_km <= np.array([s.near_km for s in stations])  # in a station's close range
    clear = (margin >= CLEAR_MARGIN_DEG) | near
    names = tuple(s.name for s, c in zip(stations, clear, strict=True) if c)
    best = int(np.argmax(margin))
    b = stations[best]
    if clear.any():
        k = int(np.argmax(np.where(clear, margin, -np.inf)))
        s = stations[k]
        how = (
            f"{margin[k] + s.mask_deg:.1f}° above its horizon"
            if s.kind == "ground"
            else f"the relay {margin[k] + s.mask_deg:.1f}° above the vehicle's horizon"
        )
        if near[k]:
            how = "within its close-range coverage"
        return Verdict(
            False,
            f"unexpected: {s.name} still had the vehicle ({how}); a vehicle problem, not geometry",
            names,
        )
    if margin[best] > -CLEAR_MARGIN_DEG:
        return Verdict(
            True,
            f"expected: the last station, {b.name}, was setting "
            f"({margin[best] + b.mask_deg:.1f}° elevation, mask {b.mask_deg:g}°)",
            (),
        )
    return Verdict(True, "expected: no station had the vehicle in view", ())


def _networks(flight: Flight, r0: npt.NDArray[np.float64]) -> tuple[list[str], str]:
    named = flight.meta.extra.get("networks", "")
    if named.strip():
        return [n.strip() for n in named.split(",") if n.strip()], "named in the file"
    ground = [s for s in load_stations() if s.kind == "ground"]
    dist = [float(np.linalg.norm(s.ecef_m - r0)) for s in ground]
    if not ground or min(dist) > 1e3 * NEAR_NETWORK_KM:
        return [], f"no ground station within {NEAR_NETWORK_KM:g} km of the start"
    nearest = ground[int(np.argmin(dist))]
    return [nearest.network], f"the network of the station nearest the start ({nearest.name})"


def _refine(
    coarse_seen: npt.NDArray[np.bool_], coarse: npt.NDArray[np.intp], exact: Any
) -> npt.NDArray[np.bool_]:
    """Full-rate visibility from coarse samples, evaluating exactly only around the changes."""
    n = int(coarse[-1]) + 1
    mask = np.repeat(coarse_seen[:-1], np.diff(coarse)) if coarse.size > 1 else np.zeros(0, bool)
    mask = np.concatenate([mask, coarse_seen[-1:]])
    for k in np.flatnonzero(coarse_seen[1:] != coarse_seen[:-1]).tolist():
        idx = np.arange(int(coarse[k]), int(coarse[k + 1]) + 1)
        mask[idx] = exact(idx)
    return mask[:n]


def _intervals(
    mask: npt.NDArray[np.bool_], t: npt.NDArray[np.float64]
) -> tuple[tuple[float, float], ...]:
    if not mask.any():
        return ()
    edges = np.diff(np.concatenate(([0], mask.view(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return tuple((float(t[a]), float(t[b])) for a, b in zip(starts, ends, strict=True))
