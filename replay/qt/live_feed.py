"""A live pass as a source of sessions for the replay window.

Every ``GROW_MS`` (longer, up to ``MAX_GROW_MS``, while a snapshot takes more than a quarter
of that: the worker shares the interpreter with the window) a worker thread turns what the
receiver holds into a session (:class:`~replay.live_pass.LivePass`) and prepares what the plots
and the map need, off the window's thread; ``grown(session)`` then hands it to the controller,
which shows it with the views a replay uses. Once the watchdog has declared the loss of
signal, the same worker adds the impact zone and the place names, once, and later snapshots
keep them.

``now_s()`` is the time the live clock follows: the ground's time in flight time, less the
time a snapshot takes to reach the screen (``lag_s`` of wall time, at the stream's pace), so
the samples up to it are always on screen and the lamp says AOS while packets flow; when they
stop, the silence grows on screen as it did on the ground, DROPOUT, then LOS after the watchdog.
"""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from replay.live_pass import LivePass
from replay.session import Session
from replay.stream.receiver import Receiver

#: How often the pass is turned into a new session (the views then show the new samples).
GROW_MS = 200
#: The longest interval between snapshots: a long fast pass costs more to analyse each time.
MAX_GROW_MS = 1000
#: The least wall time the live picture runs behind the ground (a snapshot's age at most).
MIN_LAG_S = 0.3


class _Worker(QObject):
    done = Signal(object)  # Session

    def __init__(self, live: LivePass) -> None:
        super().__init__()
        self.live = live
        self.final: Session | None = None  # the pass analysed after its loss of signal
        self.warm = False

    @Slot()
    def snapshot(self) -> None:
        from replay.qt.prepared import prepare

        if not self.warm:  # the place names' index, loaded now, not at the loss of signal
            from replay.analysis.places import nearest_place

            nearest_place(0.0, 0.0)
            self.warm = True
        f = self.final
        n = len(self.live.receiver.buffer)
        if f is not None and f.pass_key == self.live.key and f.flight.n_samples == n:
            self.done.emit(None)  # silence after the loss, analysed: nothing new to show
            return
        session = self.live.session()
        if session is None:
            self.done.emit(None)
            return
        session = self._with_final(session)
        if session.signal_at(session.end_s).lost and not self._finished_for(session):
            self.final = session = self.live.finish(session)
        prepare(session)
        self.done.emit(session)

    def _finished_for(self, session: Session) -> bool:
        f = self.final
        return (
            f is not None
            and f.same_flight(session)
            and f.flight.n_samples == session.flight.n_samples
        )

    def _with_final(self, session: Session) -> Session:
        """A later snapshot of the same silence keeps the impact zone and places found."""
        if not self._finished_for(session) or self.final is None:
            return session
        a, done = session.analysis, self.final.analysis
        return replace(session, analysis=replace(a, los=done.los, impact=done.impact))


class LiveFeed(QObject):
    """Sessions of ``receiver``'s pass as it grows (``grown``), and the ground's now."""

    grown = Signal(object)  # Session
    _request = Signal()

    def __init__(self, receiver: Receiver, watchdog_s: float, parent: QObject | None = None):
        super().__init__(parent)
        self.receiver = receiver
        self.live = LivePass(receiver, watchdog_s)
        self._thread = QThread(self)
        self._thread.setObjectName("replay-live")
        self._worker = _Worker(self.live)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.snapshot)
        self._worker.done.connect(self._done)
        self._busy = False
        self._asked = 0.0
        self._now: tuple[object, float] = (None, 0.0)
        #: Wall seconds the picture runs behind the ground: a snapshot's interval and cost.
        self.lag_s = MIN_LAG_S
        self._timer = QTimer(self)
        self._timer.setInterval(GROW_MS)
        self._timer.timeout.connect(self._grow)
        self._thread.start()
        self._timer.start()

    def now_s(self) -> float | None:
        """The time the live picture shows (``None`` before the first samples): the ground's
        time, ``lag_s`` of wall time ago."""
        ground = self.live.now_s(time.monotonic())
        if ground is None:
            return None
        shown = ground - self.lag_s * self.receiver.arrivals.speed()
        key = self.live.key
        if key == self._now[0] and shown < self._now[1]:
            return self._now[1]  # live time never runs backwards (the lag and pace adapt)
        self._now = (key, shown)
        return shown

    def set_watchdog(self, seconds: float) -> None:
        self.live.watchdog_s = seconds

    def stop(self) -> None:
        """Stop receiving and growing (the recording is closed with its final note)."""
        self._timer.stop()
        self.receiver.stop()
        self._thread.quit()
        self._thread.wait()

    def _grow(self) -> None:
        if not self._busy:
            self._busy = True
            self._asked = time.monotonic()
            self._request.emit()

    def _done(self, session: object) -> None:
        self._busy = False
        took = time.monotonic() - self._asked
        # The worker shares the interpreter with the window: at most a quarter of the time.
        every_ms = int(min(max(GROW_MS, 4000.0 * took), MAX_GROW_MS))
        if every_ms != self._timer.interval():
            self._timer.setInterval(every_ms)
        want = 1.5 * (every_ms / 1000.0 + took)
        self.lag_s = max(MIN_LAG_S, 0.8 * self.lag_s + 0.2 * want)  # smooth: no jumps in time
        if isinstance(session, Session):
            self.grown.emit(session)
