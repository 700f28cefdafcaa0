"""The replay controller: the session, the clock, the views it drives, and the actions the
transport and keys trigger.

Views never talk to each other, and never move time while being told it: the controller tells
every registered view (:class:`replay.qt.views.TimeView`) about each new session and each new
replay time, in registration order; user intents come back here as small steps on the clock.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QObject, Signal

from replay.analysis.watchdog import check_watchdog
from replay.qt.clock import QtClock
from replay.qt.live_feed import LiveFeed
from replay.qt.views import TimeView
from replay.session import Session

JUMP_S = 10.0


class Controller(QObject):
    """Owns the clock, the current session and the list of views; turns intents into moves."""

    session_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = QtClock(self)
        self.session: Session | None = None
        self.views: list[TimeView] = []
        #: The watchdog time the user set (kept for every flight opened after), or None.
        self.watchdog_s: float | None = None
        #: What a lesson holds back from the views now.
        self.held: frozenset[str] = frozenset()
        #: The live pass shown (``None``: a file).
        self.feed: LiveFeed | None = None
        self.clock.time_changed.connect(self._show_time)

    def register(self, *views: TimeView) -> None:
        """Drive ``views`` from now on (shown the current flight and time at once)."""
        for view in views:
            self.views.append(view)
            if self.session is not None:
                view.set_session(self.session)
                view.seek(self.clock.t_s)

    def set_session(self, session: Session, t_s: float | None = None) -> None:
        """Show a new flight, paused at ``t_s`` (default: liftoff, or the first sample)."""
        start = 0.0 if session.start_s <= 0.0 <= session.end_s else session.start_s
        self.clock.reset(session.start_s, session.end_s, start if t_s is None else t_s)
        self.session = session = self._watched(session)
        for view in self.views:
            view.set_session(session)
        self.clock.notify()
        self.session_changed.emit(session)

    def refine(self, session: Session) -> None:
        """The same flight with more of its analysis: views keep their options, the clock
        goes on (playing or not) where it is."""
        if self.session is None or not session.same_flight(self.session):
            raise ValueError("refine() takes a session of the flight shown")
        self.session = session = self._watched(session)
        for view in self.views:
            view.set_session(session)
        self.clock.notify()
        self.session_changed.emit(session)

    def hold_back(self, held: frozenset[str]) -> None:
        """Tell the views what a lesson holds back now (see :mod:`replay.teach.reveal`)."""
        self.held = frozenset(held)
        for view in self.views:
            hold = getattr(view, "hold_back", None)
            if hold is not None:
                hold(self.held)

    def set_watchdog(self, seconds: float) -> None:
        """Declare the loss of signal after ``seconds`` of silence from now on (every view
        keeps its options; the lamp, strips and map follow)."""
        self.watchdog_s = check_watchdog(seconds)
        if self.feed is not None:
            self.feed.set_watchdog(seconds)
        if self.session is not None and abs(seconds - self.session.watchdog_s) > 1e-9:
            self.refine(self.session)

    def _watched(self, session: Session) -> Session:
        if self.watchdog_s is None or session.watchdog_s == self.watchdog_s:
            return session
        return replace(session, watchdog_s=self.watchdog_s)

    # --- live ----------------------------------------------------------------------------
    def start_live(self, feed: LiveFeed) -> None:
        """Show ``feed``'s pass as it grows, following the ground's time."""
        self.stop_live()
        self.feed = feed
        if self.watchdog_s is not None:
            feed.set_watchdog(self.watchdog_s)
        self.clock.set_now_source(feed.now_s)
        feed.grown.connect(self._grown)

    def stop_live(self) -> None:
        """Stop receiving: what was received stays on screen, as a replay."""
        feed, self.feed = self.feed, None
        if feed is not None:
            feed.grown.disconnect(self._grown)
            feed.stop()
        self.clock.set_now_source(None)

    @property
    def live(self) -> bool:
        """Whether the replay follows the ground's time (live, playing)."""
        return self.clock.following_now

    def go_live(self) -> None:
        """Back to now, following it (the "Live" button and key)."""
        self.clock.follow_now(True)

    def _grown(self, session: Session) -> None:
        """More of the pass (or a new pass): shown with what the user set up kept."""
        if self.session is None or not session.same_flight(self.session):
            self.set_session(session, t_s=float(session.end_s))
            self.clock.follow_now(True)
            return
        self.session = session = self._watched(session)
        self.clock.extend(session.end_s)
        for view in self.views:
            view.set_session(session)
        if not self.clock.playing:
            self.clock.notify()  # playing: the next tick shows it
        self.session_changed.emit(session)

    def _show_time(self, t_s: float) -> None:
        for view in self.views:
            view.seek(t_s)

    # --- actions -------------------------------------------------------------------------
    def seek(self, t_s: float) -> None:
        if self.session is not None:
            self.clock.follow_now(False)  # a user's seek leaves live
            self.clock.seek(t_s)

    def toggle_play(self) -> None:
        if self.session is not None:
            following = self.clock.following_now
            self.clock.follow_now(False)
            if following:
                self.clock.pause()
            else:
                self.clock.toggle()

    def jump(self, delta_s: float) -> None:
        self.seek(self.clock.t_s + delta_s)

    def step(self, samples: int) -> None:
        """To the next (or previous) received sample; pauses, as frame stepping does."""
        if self.session is None:
            return
        self.clock.pause()
        t = self.session.flight.t_s
        if samples > 0:
            i = int(np.searchsorted(t, self.clock.t_s, side="right")) + samples - 1
        else:
            i = int(np.searchsorted(t, self.clock.t_s, side="left")) + samples
        self.seek(float(t[min(max(i, 0), t.size - 1)]))

    def next_event(self) -> None:
        times = self._event_times()
        later = times[times > self.clock.t_s + 1e-6]
        if later.size:
            self.seek(float(later[0]))

    def previous_event(self) -> None:
        times = self._event_times()
        earlier = times[times < self.clock.t_s - 1e-6]
        if earlier.size:
            self.seek(float(earlier[-1]))

    def home(self) -> None:
        if self.session is not None:
            self.seek(self.session.start_s)

    def end(self) -> None:
        if self.feed is not None:
            self.go_live()
        elif self.session is not None:
            self.seek(self.session.end_s)

    def _event_times(self) -> np.ndarray:
        if self.session is None:
            return np.zeros(0)
        a = self.session.analysis
        times = [e.t_s for e in a.events]
        if a.los is not None:
            times.append(a.los.t_s)
        return np.unique(np.array(times, dtype=np.float64))
