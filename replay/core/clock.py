"""The one replay clock: a time in seconds since liftoff that every view follows.

Qt-free. Playback advances by wall-clock time multiplied by the speed, never by counting ticks,
so a slow frame does not slow the replay down. Listeners are called with the new time whenever
it changes (``seek``, ``advance``), and with the playing state when that changes.

>>> c = ReplayClock(0.0, 10.0)
>>> c.play(); c.set_speed(2.0); c.advance(1.5); c.t_s
3.0
>>> c.advance(100.0); c.t_s, c.playing     # stops at the end
(10.0, False)
"""

from __future__ import annotations

import math
from collections.abc import Callable

SPEEDS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)

TimeListener = Callable[[float], None]
StateListener = Callable[[bool], None]


class ReplayClock:
    """Replay time within ``[start_s, end_s]``, playing or paused, at a speed."""

    def __init__(self, start_s: float, end_s: float) -> None:
        if not (math.isfinite(start_s) and math.isfinite(end_s) and end_s >= start_s):
            raise ValueError(
                f"clock bounds must be finite with end >= start, got {start_s}, {end_s}"
            )
        self.start_s = float(start_s)
        self.end_s = float(end_s)
        self._t = float(start_s)
        self._playing = False
        self._speed = 1.0
        self._time_listeners: list[TimeListener] = []
        self._state_listeners: list[StateListener] = []

    @property
    def t_s(self) -> float:
        return self._t

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def speed(self) -> float:
        return self._speed

    def on_time(self, listener: TimeListener) -> None:
        self._time_listeners.append(listener)

    def on_state(self, listener: StateListener) -> None:
        self._state_listeners.append(listener)

    def seek(self, t_s: float) -> None:
        """Jump to ``t_s`` (clamped to the bounds)."""
        if not math.isfinite(t_s):
            raise ValueError(f"cannot seek to {t_s!r}")
        t = min(max(float(t_s), self.start_s), self.end_s)
        if t != self._t:
            self._t = t
            for listener in self._time_listeners:
                listener(t)

    def advance(self, wall_dt_s: float) -> None:
        """Move on by ``wall_dt_s`` of real time times the speed (when playing)."""
        if not self._playing or wall_dt_s <= 0:
            return
        self.seek(self._t + wall_dt_s * self._speed)
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
