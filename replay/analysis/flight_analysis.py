"""Everything the tool works out about one flight, computed once (off the GUI thread) and frozen.

A flight with a geodetic position but no ECEF state gets one first (:func:`derive_state`), so
the ground track, the impact point, station coverage and the impact zone work for it too; a
flight with altitude alone has none of them. The impact zone is predicted only for a vehicle
that was not in orbit at its last frame, by its speed (:mod:`replay.analysis.orbit_check`).

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
from replay.analysis.impact import MAX_FALL_S, ImpactZone, NoImpactError, impact_zone
from replay.analysis.orbit_check import OrbitCheck, orbit_check
from replay.analysis.places import Place, nearest_place
from replay.analysis.signal import Gap, SignalReport, find_gaps
from replay.analysis.state import derive_state, derived_channels
from replay.analysis.track import GroundTrack, ground_track, utc_iso
from replay.core import channels as ch
from replay.core.errors import TelemetryFormatError
from replay.core.flight import Event, Flight


@dataclass(frozen=True, slots=True)
class LossOfSignal:
    """Where and when the stream stopped for good, and whether geometry explains it.

    The position is the last fix at or before the last frame (``fix_index``); ``orbit`` is the
    orbit of the last state with a velocity, ``None`` when the file gives none.
    """

    gap: Gap
    lat_deg: float
    lon_deg: float
    alt_m: float
    utc: str | None
    verdict: Verdict
    place: Place | None
    orbit: OrbitCheck | None = None
    fix_index: int = -1

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
    """The analysis of one flight; every part is ``None`` or empty where the data cannot tell.

    ``derived`` names the channels the analysis derived (ECEF position and velocity from the
    geodetic position); ``impact_note`` says in words why there is no impact zone.
    """

    signal: SignalReport
    events: tuple[Event, ...]
    health: tuple[ChannelHealth, ...]
    track: GroundTrack | None
    iip: IIPTrace | None
    coverage: Coverage | None
    los: LossOfSignal | None
    impact: Impact | None
    derived: tuple[str, ...] = ()
    impact_note: str = ""

    @property
    def has_position(self) -> bool:
        """Whether the file gives the vehicle's position (recorded or derived)."""
        return self.track is not None


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
    full = derive_state(flight)
    track = ground_track(full)
    state = _state(full)
    iip = vacuum_iip(*state) if state is not None else None
    coverage = station_coverage(full)
    los = impact_ = None
    note = NO_LOS
    if signal.los is not None:
        note = NO_POSITION
        k = _last_fix(track, signal.los.last_good_index) if track is not None else None
        if track is not None and k is not None:
            lat, lon, alt = float(track.lat_deg[k]), float(track.lon_deg[k]), float(track.alt_m[k])
            j = _last_state(state, k)
            los = LossOfSignal(
                signal.los,
                lat,
                lon,
                alt,
                utc_iso(flight.meta.launch_utc, signal.los.t_start_s) if impact else None,
                judge_loss(coverage, full, k),
                nearest_place(lat, lon) if places else None,
                None if state is None or j is None else orbit_check(state[0][j], state[1][j]),
                k,
            )
            impact_, note = _impact(full, state, los, places) if impact else (None, NOT_YET)
    return FlightAnalysis(
        signal=signal,
        events=flight_events(flight),
        health=channel_health(flight, signal.period_s),
        track=track,
        iip=iip,
        coverage=coverage,
        los=los,
        impact=impact_,
        derived=derived_channels(full),
        impact_note="" if impact_ is not None else note,
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
    impact, note = analysis.impact, analysis.impact_note
    if impact is None and note == NOT_YET:
        full = derive_state(flight)
        impact, note = _impact(full, _state(full), los, places)
    elif places and impact is not None and impact.place is None:
        p = impact.zone.nominal
        impact = replace(impact, place=nearest_place(p.lat_deg, p.lon_deg))
    if named is los and impact is analysis.impact:
        return analysis
    return replace(
        analysis, los=named, impact=impact, impact_note="" if impact is not None else note
    )


#: Why there is no impact zone (``FlightAnalysis.impact_note``).
NO_LOS = "there is no loss of signal to predict from"
NO_POSITION = "the file holds no position of the vehicle"
NO_VELOCITY = "the file gives no velocity at the last frame to fall from"
NOT_YET = "not computed yet"
NO_STATE = "the last whole state lies inside the Earth (a damaged file?)"
NO_LANDING = f"the ballistic fall does not reach the ground within {MAX_FALL_S / 3600:g} h"


def _impact(
    flight: Flight, state: State | None, los: LossOfSignal, places: bool
) -> tuple[Impact | None, str]:
    """The impact zone from the last state before the loss of signal, or why there is none:
    in orbit (by its speed), no velocity, or a fall that never lands."""
    j = _last_state(state, los.fix_index)
    if state is None or j is None or los.orbit is None:
        return None, NO_VELOCITY
    if los.orbit.in_orbit or los.orbit.escaping:
        return None, f"the vehicle was {los.orbit.text} at its last frame"
    try:
        zone = impact_zone(float(flight.t_s[j]), state[0][j], state[1][j])
    except NoImpactError:
        return None, NO_LANDING
    except ValueError:  # a position no body can have (inside the Earth): a damaged file
        return None, NO_STATE
    p = zone.nominal
    place = nearest_place(p.lat_deg, p.lon_deg) if places else None
    return Impact(zone, utc_iso(flight.meta.launch_utc, p.t_s), place), ""


State = tuple[np.ndarray, np.ndarray]


def _state(flight: Flight) -> State | None:
    cols = flight.channels
    if not all(n in cols for n in (*ch.POSITION_ECEF, *ch.VELOCITY_ECEF)):
        return None
    r = np.stack([np.asarray(cols[n], dtype=np.float64) for n in ch.POSITION_ECEF], axis=1)
    v = np.stack([np.asarray(cols[n], dtype=np.float64) for n in ch.VELOCITY_ECEF], axis=1)
    return r, v


def _last_fix(track: GroundTrack, i: int) -> int | None:
    """The last sample at or before ``i`` with a position."""
    return _last_finite((track.lat_deg, track.lon_deg, track.alt_m), i)


def _last_state(state: State | None, i: int) -> int | None:
    """The last sample at or before ``i`` with a whole state (position and velocity)."""
    if state is None:
        return None
    r, v = state
    return _last_finite((*r.T, *v.T), i)


def _last_finite(columns: tuple[np.ndarray, ...], i: int) -> int | None:
    """The last index at or before ``i`` where every column is finite (``i`` itself at once,
    as it nearly always is: no pass over a million samples for it)."""
    if i < 0:
        return None
    if all(np.isfinite(c[i]) for c in columns):
        return i
    ok = np.logical_and.reduce([np.isfinite(c[: i + 1]) for c in columns])
    found = np.flatnonzero(ok)
    return int(found[-1]) if found.size else None
