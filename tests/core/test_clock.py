"""The replay clock, without Qt."""

from __future__ import annotations

import pytest

from replay.core.clock import SPEEDS, ReplayClock


def test_advances_by_wall_time_times_speed() -> None:
    c = ReplayClock(-10.0, 600.0)
    seen: list[float] = []
    c.on_time(seen.append)
    c.advance(1.0)
    assert c.t_s == -10.0  # paused: nothing moves
    c.play()
    c.set_speed(10.0)
    c.advance(0.5)
    c.advance(0.25)
    assert c.t_s == pytest.approx(-2.5)
    assert seen == pytest.approx([-5.0, -2.5])


def test_stops_at_the_end_and_restarts_from_the_start() -> None:
    c = ReplayClock(0.0, 10.0)
    states: list[bool] = []
    c.on_state(states.append)
    c.play()
    c.advance(60.0)
    assert (c.t_s, c.playing) == (10.0, False)
    c.play()
    assert c.t_s == 0.0
    assert states == [True, False, True]


def test_seek_clamps_and_only_notifies_changes() -> None:
    c = ReplayClock(0.0, 10.0)
    seen: list[float] = []
    c.on_time(seen.append)
    c.seek(50.0)
    c.seek(10.0)
    c.seek(-3.0)
    assert seen == [10.0, 0.0]
    with pytest.raises(ValueError, match="nan"):
        c.seek(float("nan"))


def test_speed_ladder() -> None:
    c = ReplayClock(0.0, 1.0)
    assert c.faster() == 2.0
    for _ in range(20):
        c.faster()
    assert c.speed == SPEEDS[-1] == 100.0
    for _ in range(20):
        c.slower()
    assert c.speed == SPEEDS[0] == 0.1
    with pytest.raises(ValueError, match="speed"):
        c.set_speed(0.0)
    with pytest.raises(ValueError, match="bounds"):
        ReplayClock(5.0, 1.0)


def test_playback_holds_at_a_stop_time_and_continues_past_it() -> None:
    c = ReplayClock(0.0, 100.0)
    seen: list[float] = []
    events: list[str] = []
    c.on_time(seen.append)
    c.on_time(lambda t: events.append(f"time {t:g}"))
    c.on_state(lambda playing: events.append("play" if playing else "pause"))
    c.on_stop(lambda t: events.append(f"stop {t:g}"))
    c.set_stops([30.0, 20.0, 20.0])
    assert c.stops == (20.0, 30.0)
    c.play()
    c.set_speed(100.0)
    c.advance(0.5)  # would reach 50: held at 20, exactly
    assert (c.t_s, c.playing) == (20.0, False)
    assert events == ["play", "time 20", "pause", "stop 20"]  # everyone saw 20 before the stop
    c.play()  # continuing releases the stop it sits on
    c.advance(0.05)
    assert c.t_s == 25.0
    c.advance(0.5)
    assert (c.t_s, c.playing) == (30.0, False)
    c.seek(10.0)  # a seek is never held: only playback is
    c.seek(90.0)
    assert c.t_s == 90.0
    c.set_stops([])
    c.seek(0.0)
    c.play()
    c.advance(0.5)
    assert c.t_s == 50.0
    assert seen[-1] == 50.0


def test_a_stop_beyond_the_end_does_not_hold() -> None:
    c = ReplayClock(0.0, 10.0)
    c.set_stops([12.0])
    c.play()
    c.advance(100.0)
    assert (c.t_s, c.playing) == (10.0, False)
    with pytest.raises(ValueError, match="finite"):
        c.set_stops([1.0, float("inf")])


def test_no_listener_can_move_the_clock_while_it_notifies() -> None:
    c = ReplayClock(0.0, 10.0)
    meddle = [True]
    c.on_time(lambda t: c.seek(t + 1.0) if meddle[0] else None)
    with pytest.raises(RuntimeError, match="same time"):
        c.seek(1.0)
    meddle[0] = False
    c.seek(2.0)  # the guard was released after the failure
    assert c.t_s == 2.0
