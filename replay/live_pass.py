"""A pass being received, as the sessions a replay shows (Qt-free).

A live stream is a flight that grows while you watch: :meth:`LivePass.session` turns what the
receiver holds now into a :class:`~replay.session.Session` like a file's, whose recording ends
*now* (the ground's time, in flight time: the last packet's time code plus the wall time since
it arrived, at the stream's measured pace). Views show it with the same code as a replay. The
analysis runs on each snapshot (dropouts, events, track, IIP, coverage); once the watchdog has
declared the loss of signal, :meth:`finish` adds the impact zone and the place names, once.

Every session of one pass carries the same ``pass_key``, so the views keep what the user set up
(channels, zoom, map view) as the flight grows; a new source starts a new pass.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import datetime

from replay.analysis.flight_analysis import analyze
from replay.core.limits import limits_for
from replay.geo.sun import SunTrack, sun_track
from replay.session import Session, finish_session
from replay.stream.receiver import Receiver


@dataclass(frozen=True)
class PassKey:
    """One pass of one receiver (views compare keys to tell growth from a new flight)."""

    receiver_id: int
    number: int


class LivePass:
    """What ``receiver`` has heard, as sessions; the ground's "now" in flight time."""

    def __init__(self, receiver: Receiver, watchdog_s: float) -> None:
        self.receiver = receiver
        self.watchdog_s = watchdog_s
        self._sun: tuple[PassKey, datetime | None, SunTrack | None] | None = None

    @property
    def key(self) -> PassKey:
        return PassKey(id(self.receiver), self.receiver.pass_number)

    def now_s(self, wall: float | None = None) -> float | None:
        """The ground's time in flight time (``None`` before the first two samples)."""
        last = self.receiver.buffer.last_t_s()
        return None if last is None else self._now(last, wall)

    def session(self, wall: float | None = None) -> Session | None:
        """The pass so far, analysed (no impact zone or place names: :meth:`finish`)."""
        flight = self.receiver.buffer.flight()
        if flight is None:
            return None
        now = self._now(float(flight.t_s[-1]), wall)
        meta = replace(flight.meta, recording_start_s=float(flight.t_s[0]), recording_end_s=now)
        flight = replace(flight, meta=meta)
        analysis = analyze(flight, places=False, impact=False)
        return Session(
            flight,
            analysis,
            limits_for(flight),
            watchdog_s=self.watchdog_s,
            pass_key=self.key,
            sun=self._sun_over(flight.meta.launch_utc, float(flight.t_s[0]), now),
        )

    def _sun_over(self, epoch: datetime | None, start_s: float, end_s: float) -> SunTrack | None:
        """The pass's Sun track, computed again only when the pass outgrows it (it runs ten
        minutes ahead), a new pass starts or the pass's UTC becomes known."""
        kept = self._sun
        if kept is not None and kept[:2] == (self.key, epoch):
            track = kept[2]
            if track is None or track.covers(start_s, end_s):
                return track
        track = sun_track(epoch, start_s, end_s)
        self._sun = (self.key, epoch, track)
        return track

    def finish(self, session: Session) -> Session:
        """``session`` with the impact zone and the place names (after the loss of signal)."""
        return finish_session(session, places=True, teaching=False)

    def _now(self, last: float, wall: float | None) -> float:
        """``last`` (the newest sample's T+) plus the wall time since it came, at the pace."""
        a = self.receiver.arrivals
        if a.last_wall is None:
            return last
        since = (time.monotonic() if wall is None else wall) - a.last_wall
        return last + max(since, 0.0) * a.speed()
