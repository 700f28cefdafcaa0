"""The Qt side of the replay clock: a timer that advances it by wall time, and a signal per change.

The controller fans ``time_changed`` out to the views; nothing else moves time. The timer ticks
at ``TICK_MS`` but the clock advances by the wall time measured since the previous tick, so
playback speed does not depend on how long frames take. ``stopped(t_s)`` comes when playback
is held at a stop time (a lesson's question), after every view has been shown that time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from replay.core.clock import ReplayClock

TICK_MS = 16


class QtClock(QObject):
    """Drives a :class:`ReplayClock` from a ``QTimer`` and re-emits its changes as signals."""

    time_changed = Signal(float)
    following_changed = Signal(bool)  # live: following the ground's time, or not
    playing_changed = Signal(bool)
    speed_changed = Signal(float)
    stopped = Signal(float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = ReplayClock(0.0, 0.0)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last_wall = time.perf_counter()
        #: Live: where "now" is (the ground's time in flight time); ``None`` for a replay.
        self.now_source: Callable[[], float | None] | None = None
        #: Whether the clock follows now (live) rather than playing on by wall time.
        self.following_now = False
        self.clock.on_time(self.time_changed.emit)
        self.clock.on_state(self._on_state)
        self.clock.on_stop(self.stopped.emit)

    def reset(self, start_s: float, end_s: float, t_s: float | None = None) -> None:
        """A new flight: new bounds, paused, no stops, at ``t_s`` (default the start). Nothing
        is emitted: the controller shows the flight to the views, then calls :meth:`notify`."""
        self.clock.reset(start_s, end_s, t_s)

    def notify(self) -> None:
        """Emit ``time_changed`` with the current time."""
        self.clock.notify()

    def extend(self, end_s: float) -> None:
        """A live flight grew: its end is later (nothing is emitted)."""
        self.clock.extend(end_s)

    def set_now_source(self, source: Callable[[], float | None] | None) -> None:
        """Live: ``source()`` tells the ground's time; ``None`` back to a replay."""
        self.now_source = source
        if source is None:
            self.follow_now(False)

    def follow_now(self, on: bool) -> None:
        """Follow the ground's time (live, playing) or leave it (paused or scrubbing back)."""
        on = on and self.now_source is not None
        changed = on != self.following_now
        self.following_now = on
        if on:
            self._to_now()
            self.clock.play()
        if changed:
            self.following_changed.emit(on)

    @property
    def t_s(self) -> float:
        return self.clock.t_s

    @property
    def playing(self) -> bool:
        return self.clock.playing

    @property
    def speed(self) -> float:
        return self.clock.speed

    @property
    def stops(self) -> tuple[float, ...]:
        return self.clock.stops

    def set_stops(self, times_s: Iterable[float]) -> None:
        self.clock.set_stops(times_s)

    def seek(self, t_s: float) -> None:
        self.clock.seek(t_s)

    def play(self) -> None:
        self.clock.play()

    def pause(self) -> None:
        self.clock.pause()

    def toggle(self) -> None:
        self.clock.toggle()

    def set_speed(self, speed: float) -> None:
        self.clock.set_speed(speed)
        self.speed_changed.emit(self.clock.speed)

    def faster(self) -> None:
        self.clock.faster()
        self.speed_changed.emit(self.clock.speed)

    def slower(self) -> None:
        self.clock.slower()
        self.speed_changed.emit(self.clock.speed)

    def _on_state(self, playing: bool) -> None:
        if playing:
            self._last_wall = time.perf_counter()
            self._timer.start()
        else:
            self._timer.stop()
        self.playing_changed.emit(playing)

    def _tick(self) -> None:
        now = time.perf_counter()
        dt, self._last_wall = now - self._last_wall, now
        if self.following_now:
            self._to_now()
            return
        ground = self.now_source() if self.now_source is not None else None
        if ground is not None and self.clock.t_s + dt * self.clock.speed >= ground:
            self.follow_now(True)  # played back up to now: live again, as a recorder does
            return
        self.clock.advance(dt)

    def _to_now(self) -> None:
        ground = self.now_source() if self.now_source is not None else None
        if ground is not None:
            self.clock.extend(ground)
            self.clock.seek(ground)
