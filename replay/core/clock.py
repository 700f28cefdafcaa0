"""The one replay clock: a time in seconds since liftoff that every view follows.

Qt-free. Playback advances by wall-clock time multiplied by the speed, never by counting ticks,
so a slow frame does not slow the replay down. Listeners are called with the new time whenever
it changes (``seek``, ``advance``), and with the playing state when that changes.

*Stop times* (a lesson's questions) hold playback: ``advance`` never carries the clock past the
next stop after the current time; it stops there, pauses and tells the stop listeners, after
the time listeners have all seen that time. Playing on from a stop releases it. No listener may
move the clock while it notifies: every listener sees the same, final time.

>>> c = ReplayClock(0.0, 10.0)
>>> c.play(); c.set_speed(2.0); c.advance(1.5); c.t_s
3.0
>>> c.set_stops([4.0]); c.advance(1.0); c.t_s, c.playing    # held at the stop
(4.0, False)
>>> c.play(); c.advance(100.0); c.t_s, c.playing            # released; stops at the end
(10.0, False)
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable

SPEEDS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)

TimeListener = Callable[[float], None]
StateListener = Callable[[bool], None]


class ReplayClock:
    """Replay time within ``[start_s, end_s]``, playing or paused, at a speed."""

    def __init__(self, start_s: float, end_s: float) -> None:
        self._playing = False
        self._speed = 1.0
        self._stops: list[float] = []
        self._notifying = False
        self._time_listeners: list[TimeListener] = []
        self._state_listeners: list[StateListener] = []
        self._stop_listeners: list[TimeListener] = []
        self.start_s = self.end_s = self._t = 0.0
        self.reset(start_s, end_s)

    @property
    def t_s(self) -> float:
        return self._t

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def speed(self) -> float:
        return self._speed

    def reset(self, start_s: float, end_s: float, t_s: float | None = None) -> None:
        """New bounds (a new flight): paused, no stop times, at ``t_s`` (default the start,
        clamped). Time listeners are not told: whoever resets shows the new flight, then
        calls :meth:`notify`."""
        if not (math.isfinite(start_s) and math.isfinite(end_s) and end_s >= start_s):
            raise ValueError(
                f"clock bounds must be finite with end >= start, got {start_s}, {end_s}"
            )
        t = start_s if t_s is None else t_s
        if not math.isfinite(t):
            raise ValueError(f"cannot start at {t!r}")
        self.pause()
        self.start_s, self.end_s = float(start_s), float(end_s)
        self._t = min(max(float(t), self.start_s), self.end_s)
        self._stops = []

    def extend(self, end_s: float) -> None:
        """Move the end later (a live flight grows); never earlier, never a notification."""
        if not math.isfinite(end_s):
            raise ValueError(f"cannot end at {end_s!r}")
        self.end_s = max(self.end_s, float(end_s))

    def notify(self) -> None:
        """Tell the time listeners the current time (as a seek would, even if unchanged)."""
        if self._notifying:
            raise RuntimeError("notify() while the clock tells its listeners already")
        self._notifying = True
        try:
            for listener in self._time_listeners:
                listener(self._t)
        finally:
            self._notifying = False

    def on_time(self, listener: TimeListener) -> None:
        self._time_listeners.append(listener)

    def on_state(self, listener: StateListener) -> None:
        self._state_listeners.append(listener)

    def on_stop(self, listener: TimeListener) -> None:
        """``listener(t_s)`` when playback is held at a stop time (after the time listeners)."""
        self._stop_listeners.append(listener)

    @property
    def stops(self) -> tuple[float, ...]:
        return tuple(self._stops)

    def set_stops(self, times_s: Iterable[float]) -> None:
        """The times playback holds at (replacing any before); ``ValueError`` on a non-finite."""
        stops = sorted({float(t) for t in times_s})
        bad = [t for t in stops if not math.isfinite(t)]
        if bad:
            raise ValueError(f"stop times must be finite, got {bad}")
        self._stops = stops

    def seek(self, t_s: float) -> None:
        """Jump to ``t_s`` (clamped to the bounds)."""
        if not math.isfinite(t_s):
            raise ValueError(f"cannot seek to {t_s!r}")
        if self._notifying:
            raise RuntimeError(
                f"seek({t_s!r}) while the clock tells its listeners about {self._t!r}:"
                " every listener must see the same time (use a stop time to hold playback)"
            )
        t = min(max(float(t_s), self.start_s), self.end_s)
        if t != self._t:
            self._t = t
            self.notify()

    def advance(self, wall_dt_s: float) -> None:
        """Move on by ``wall_dt_s`` of real time times the speed (when playing), holding at the
        next stop time after the current time."""
        if not self._playing or wall_dt_s <= 0:
            return
        target = self._t + wall_dt_s * self._speed
        k = bisect.bisect_right(self._stops, self._t)
        if k < len(self._stops) and self._stops[k] <= min(target, self.end_s):
            stop = self._stops[k]
            self.seek(stop)
            self.pause()
            for listener in self._stop_listeners:
                listener(stop)
            return
        self.seek(target)
        if self._t >= self.end_s:
            self.pause()

    def play(self) -> None:
        if self._t >= self.end_s:
            self.seek(self.start_s)  # playing at the end starts again
        self._set_playing(True)

    def pause(self) -> None:
        self._set_playing(False)

    def toggle(self) -> None:
        self.pause() if self._playing else self.play()

    def set_speed(self, speed: float) -> None:
        if not (math.isfinite(speed) and 0 < speed <= 1000):
            raise ValueError(f"speed must be in (0, 1000], got {speed!r}")
        self._speed = float(speed)

    def faster(self) -> float:
        """The next speed up the ladder of ``SPEEDS``."""
        self.set_speed(next((s for s in SPEEDS if s > self._speed + 1e-9), SPEEDS[-1]))
        return self._speed

    def slower(self) -> float:
        self.set_speed(next((s for s in reversed(SPEEDS) if s < self._speed - 1e-9), SPEEDS[0]))
        return self._speed

    def _set_playing(self, playing: bool) -> None:
        if playing != self._playing:
            self._playing = playing
            for listener in self._state_listeners:
                listener(playing)
