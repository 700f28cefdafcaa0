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
