"""A replay session: a flight, its analysis and its limits, loaded together (Qt-free).

The app loads a session off the GUI thread in two steps: :func:`open_session` gives what a
replay needs to start (the flight, the signal, events, track, coverage, limits, the lesson),
:func:`finish_session` adds what it shows later (place names, the impact zone, the nominal
reference and the truth). :func:`load_session` does both. Views only read sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from replay.analysis.derived import with_derived
from replay.analysis.flight_analysis import FlightAnalysis, analyze, finish
from replay.analysis.watchdog import DEFAULT_WATCHDOG_S, link_status
from replay.core.flight import Flight
from replay.core.limits import ChannelLimits, limits_for
from replay.geo.sun import SunTrack, sun_track
from replay.io import ReadOptions, read_flight
from replay.teach.lesson import Lesson, load_lesson
from replay.teach.nominal import Divergence, first_divergence, nominal_reference

Status = Literal["AOS", "DROPOUT", "LOS", "NO DATA"]
Progress = Callable[[str, float], None]


@dataclass(frozen=True, slots=True)
class SignalState:
    """What the ground has at a replay time: the link status and the age of the last frame."""

    status: Status
    last_index: int
    since_last_frame_s: float | None
    #: The final loss of signal has been declared (the LOS after the last frame of the
    #: flight's loss, once the watchdog time has passed; not a mid-flight LOS it came back from).
    lost: bool = False


@dataclass(frozen=True)
class Session:
    """Everything a replay shows, computed once."""

    flight: Flight
    analysis: FlightAnalysis
    limits: dict[str, ChannelLimits] = field(default_factory=dict)
    #: For teaching: the same flight without its failure, where the two part, the falling
    #: vehicle's true path after a failure, and the lesson.
    reference: Flight | None = None
    divergence: Divergence | None = None
    truth: Flight | None = None
    lesson: Lesson | None = None
    #: Seconds of silence before the ground declares the loss of signal (the lamp's watchdog).
    watchdog_s: float = DEFAULT_WATCHDOG_S
    #: The live pass this session is a snapshot of (``None``: a file). Sessions of one pass
    #: are one growing flight to the views (:meth:`same_flight`).
    pass_key: object | None = None
    #: Where the Sun is overhead during the flight (the map's night side), from the finished
    #: analysis: the ephemeris is not needed to start a replay.
    sun: SunTrack | None = None

    def same_flight(self, other: Session | None) -> bool:
        """Whether ``other`` shows the same flight: the same file's, or the same live pass (with
        more samples)."""
        if other is None:
            return False
        return self.flight is other.flight or (
            self.pass_key is not None and self.pass_key == other.pass_key
        )

    @property
    def live(self) -> bool:
        return self.pass_key is not None

    @property
    def start_s(self) -> float:
        """Where the timeline starts: the recording's start, or the first sample."""
        rec = self.flight.meta.recording_start_s
        first = float(self.flight.t_s[0])
        return min(first, rec) if rec is not None else first

    @property
    def end_s(self) -> float:
        """Where the timeline ends: the recording's end, or the last sample."""
        rec = self.flight.meta.recording_end_s
        last = float(self.flight.t_s[-1])
        return max(last, rec) if rec is not None else last

    def signal_at(self, t_s: float) -> SignalState:
        """What the ground's lamp says at ``t_s``, knowing nothing of later frames (see
        :mod:`replay.analysis.watchdog`): AOS while frames arrive at their rate, DROPOUT while
        one is overdue, LOS once the silence has lasted the watchdog time (AOS again if frames
        come back). NO DATA before the first frame, and at the end of a file that does not say
        how long the ground recorded, once the watchdog time has passed."""
        f, sig = self.flight, self.analysis.signal
        i = f.index_at(t_s)
        if i < 0:
            return SignalState("NO DATA", -1, None)
        since = float(t_s - f.t_s[i])
        status = link_status(since, sig.late_after_s(float(f.t_s[i])), self.watchdog_s)
        last = i == f.n_samples - 1
        if status == "LOS" and last and sig.los is None:
            return SignalState("NO DATA", i, since)
        return SignalState(status, i, since, lost=status == "LOS" and last)


def load_session(
    path: str | Path,
    *,
    fmt: str | None = None,
    options: ReadOptions | None = None,
    places: bool = True,
    teaching: bool = True,
    progress: Progress | None = None,
) -> Session:
    """Read and analyse a telemetry file (bad input raises ``TelemetryFormatError``).

    With ``teaching``, a flight of one of the bundled scenarios also gets its lesson, its truth
    after a failure and its nominal reference (flown again without the failure: about 0.4 s).
    """
    session = open_session(path, fmt=fmt, options=options, progress=progress)
    return finish_session(session, places=places, teaching=teaching, progress=progress)


def open_session(
    path: str | Path,
    *,
    fmt: str | None = None,
    options: ReadOptions | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Session:
    """What a replay needs to start playing: the file read, the analysis without place names
    and impact zone, the limits and (for a bundled scenario) the lesson. ``cancelled()``
    true stops the reading (``LoadCancelled``)."""
    say = progress or (lambda _what, _fraction: None)
    say("reading", 0.05)
    flight = read_flight(
        path,
        fmt=fmt,
        options=options,
        progress=lambda done: say("reading", 0.05 + 0.45 * done),
        cancelled=cancelled,
    )
    say("analysing", 0.5)
    analysis = analyze(flight, places=False, impact=False)  # of the channels received
    flight = with_derived(flight)  # downrange, Mach, energy, ...: plotted like any channel
    sid = flight.meta.scenario_id
    lesson = load_lesson(sid) if sid else None
    say("ready to play", 0.7)
    return Session(flight, analysis, limits_for(flight), lesson=lesson)


def finish_session(
    session: Session,
    *,
    places: bool = True,
    teaching: bool = True,
    progress: Progress | None = None,
) -> Session:
    """``session`` with the impact zone, place names (``places``) and, with ``teaching``, the
    truth and nominal reference of a bundled scenario; the flight and the lesson stay the
    same objects, so views keep what the user set up."""
    say = progress or (lambda _what, _fraction: None)
    flight = session.flight
    say("predicting the impact", 0.75)
    analysis = finish(session.analysis, flight, places=places)
    sun = sun_track(flight.meta.launch_utc, session.start_s, session.end_s)
    if not teaching or not flight.meta.scenario_id:
        say("ready", 1.0)
        return replace(session, analysis=analysis, lesson=None, sun=sun)
    say("flying the nominal reference", 0.85)
    reference = nominal_reference(flight)
    reference = None if reference is None else with_derived(reference)
    divergence = None if reference is None else first_divergence(flight, reference)
    say("ready", 1.0)
    return replace(
        session,
        analysis=analysis,
        reference=reference,
        divergence=divergence,
        truth=_truth(flight),
        sun=sun,
    )


def _truth(flight: Flight) -> Flight | None:
    """The bundled truth after the failure of this flight's scenario, if there is one."""
    from replay.resources import samples_dir, truth_name

    path = samples_dir() / truth_name(flight.meta.scenario_id)
    return read_flight(path) if path.is_file() else None
