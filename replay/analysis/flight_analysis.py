"""Everything the tool works out about one flight, computed once (off the GUI thread) and frozen.

>>> from replay.io import read_flight
>>> from replay.resources import sample
>>> a = analyze(read_flight(sample("progress-ms-04")))
>>> a.los.t_s, a.los.expected, a.impact.place.region
(382.0, False, 'Republic of Tyva')
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from replay.analysis.coverage import Coverage, Verdict, judge_loss, station_coverage
from replay.analysis.events import flight_events
from replay.analysis.health import ChannelHealth, channel_health
from replay.analysis.iip import IIPTrace, vacuum_iip
from replay.analysis.impact import ImpactZone, impact_zone
from replay.analysis.places import Place, nearest_place
from replay.analysis.signal import Gap, SignalReport, find_gaps
from replay.analysis.track import GroundTrack, ground_track, utc_iso
from replay.core import channels as ch
from replay.core.errors import TelemetryFormatError
from replay.core.flight import Event, Flight


@dataclass(frozen=True, slots=True)
class LossOfSignal:
    """Where and when the stream stopped for good, and whether geometry explains it."""

    gap: Gap
    lat_deg: float
    lon_deg: float
    alt_m: float
    utc: str | None
    verdict: Verdict
    place: Place | None

    @property
    def t_s(self) -> float:
        """Time of the last good sample."""
        return self.gap.t_start_s

    @property
    def expected(self) -> bool | None:
        return self.verdict.expected


@dataclass(frozen=True, slots=True)
class Impact:
    """Where the vehicle was going to come down, seen from its last good sample."""

    zone: ImpactZone
    utc: str | None
    place: Place | None


@dataclass(frozen=True, slots=True)
class FlightAnalysis:
    """The analysis of one flight; every part is ``None`` or empty where the data cannot tell."""

    signal: SignalReport
    events: tuple[Event, ...]
    health: tuple[ChannelHealth, ...]
    track: GroundTrack | None
    iip: IIPTrace | None
    coverage: Coverage | None
    los: LossOfSignal | None
    impact: Impact | None


def analyze(flight: Flight, *, places: bool = True, impact: bool = True) -> FlightAnalysis:
    """Analyse a flight. ``places=False`` skips naming places (the gazetteer takes ~1 s to
    load); ``impact=False`` skips the impact zone and the UTC of the loss of signal (scipy's
    integrator and skyfield's timescale, 0.5 s to import): a replay can start without them,
    and :func:`finish` adds them."""
    if flight.n_samples < 2:
        raise TelemetryFormatError(
            flight.path or "the flight",
            f"{flight.n_samples} sample; expected at least two to replay or analyse it",
        )
    signal = find_gaps(flight)
    track = ground_track(flight)
    state = _state(flight)
    iip = vacuum_iip(*state) if state is not None else None
    coverage = station_coverage(flight)
    los = impact_ = None
    if signal.los is not None and track is not None:
        i = signal.los.last_good_index
        lat, lon, alt = float(track.lat_deg[i]), float(track.lon_deg[i]), float(track.alt_m[i])
        los = LossOfSignal(
            signal.los,
            lat,
            lon,
            alt,
            utc_iso(flight.meta.launch_utc, signal.los.t_start_s) if impact else None,
            judge_loss(coverage, flight, i),
            nearest_place(lat, lon) if places else None,
        )
        if state is not None and impact:
            impact_ = _impact(flight, state, i, places)
    return FlightAnalysis(
        signal=signal,
        events=flight_events(flight),
        health=channel_health(flight, signal.period_s),
        track=track,
        iip=iip,
        coverage=coverage,
        los=los,
        impact=impact_,
    )


def finish(analysis: FlightAnalysis, flight: Flight, *, places: bool = True) -> FlightAnalysis:
    """``analysis`` of ``flight`` (made with ``places=False`` or ``impact=False``) with the
    impact zone and, with ``places``, the place names it lacks; the same object when it lacks
    nothing."""
    los = analysis.los
    if los is None:
        return analysis
    named = los
    if los.utc is None and flight.meta.launch_utc is not None:
        named = replace(named, utc=utc_iso(flight.meta.launch_utc, los.t_s))
    if places and los.place is None:
        named = replace(named, place=nearest_place(los.lat_deg, los.lon_deg))
    impact = analysis.impact
    state = _state(flight)
    if impact is None and state is not None:
        impact = _impact(flight, state, los.gap.last_good_index, places)
    elif places and impact is not None and impact.place is None:
        p = impact.zone.nominal
        impact = replace(impact, place=nearest_place(p.lat_deg, p.lon_deg))
    if named is los and impact is analysis.impact:
        return analysis
    return replace(analysis, los=named, impact=impact)


def _impact(
    flight: Flight, state: tuple[np.ndarray, np.ndarray], i: int, places: bool
) -> Impact | None:
    """The impact zone from the last whole state at or before sample ``i``; ``None`` when the
    vehicle was in orbit, or no state up to there is one a body can have (a damaged file)."""
    r, v = state
    whole = np.flatnonzero(
        np.isfinite(r[: i + 1]).all(axis=1) & np.isfinite(v[: i + 1]).all(axis=1)
    )
    if whole.size == 0:
        return None
    i = int(whole[-1])
    try:
        zone = impact_zone(float(flight.t_s[i]), r[i], v[i])
    except ValueError:  # NoImpactError (in orbit), or a position inside the Earth
        return None
    p = zone.nominal
    place = nearest_place(p.lat_deg, p.lon_deg) if places else None
    return Impact(zone, utc_iso(flight.meta.launch_utc, p.t_s), place)


def _state(flight: Flight) -> tuple[np.ndarray, np.ndarray] | None:
    cols = flight.channels
    if not all(n in cols for n in (*ch.POSITION_ECEF, *ch.VELOCITY_ECEF)):
        return None
    r = np.stack([np.asarray(cols[n], dtype=np.float64) for n in ch.POSITION_ECEF], axis=1)
    v = np.stack([np.asarray(cols[n], dtype=np.float64) for n in ch.VELOCITY_ECEF], axis=1)
    return r, v
