"""The Qt side of the replay clock: a timer that advances it by wall time, and a signal per change.

The controller fans ``time_changed`` out to the views; nothing else moves time. The timer ticks
at ``TICK_MS`` but the clock advances by the wall time measured since the previous tick, so
playback speed does not depend on how long frames take. ``stopped(t_s)`` comes when playback
is held at a stop time (a lesson's question), after every view has been shown that time.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from replay.core.clock import ReplayClock

TICK_MS = 16


class QtClock(QObject):
    """Drives a :class:`ReplayClock` from a ``QTimer`` and re-emits its changes as signals."""

    time_changed = Signal(float)
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
        self.clock.advance(dt)
