"""The ground's watchdog: DROPOUT while a frame is overdue, LOS only after the watchdog time."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from replay.analysis.flight_analysis import analyze
from replay.analysis.watchdog import check_watchdog, link_status
from replay.core.flight import Flight, FlightMeta
from replay.session import Session


def test_status_by_silence() -> None:
    late = 0.06  # 1.5 periods of 25 Hz: later is a gap, not jitter
    assert link_status(0.0, late, 5.0) == "AOS"
    assert link_status(0.06, late, 5.0) == "AOS"
    assert link_status(0.061, late, 5.0) == "DROPOUT"
    assert link_status(4.99, late, 5.0) == "DROPOUT"
    assert link_status(5.0, late, 5.0) == "LOS"


@pytest.mark.parametrize(
    ("args", "word"),
    [((-1.0, 0.04, 5.0), "since_last_frame_s"), ((1.0, 0.0, 5.0), "late_after_s"),
     ((1.0, 0.04, float("nan")), "watchdog_s")],
)  # fmt: skip
def test_bad_values_are_named(args: tuple[float, float, float], word: str) -> None:
    with pytest.raises(ValueError, match=word):
        link_status(*args)
    with pytest.raises(ValueError, match="between"):
        check_watchdog(0.0)


def _session(t: np.ndarray, recording_end_s: float | None, watchdog_s: float = 5.0) -> Session:
    meta = FlightMeta(recording_end_s=recording_end_s)
    flight = Flight(t, {"alt_m": t * 10.0}, {"alt_m": "m"}, meta)
    return Session(flight, analyze(flight, places=False), watchdog_s=watchdog_s)


def test_a_long_gap_is_declared_lost_then_reacquired_and_the_end_is_the_loss() -> None:
    t = np.concatenate([np.arange(0.0, 10.0, 0.1), np.arange(20.0, 30.0, 0.1)])
    s = _session(t, recording_end_s=60.0)
    assert s.analysis.signal.los is not None
    assert [s.signal_at(x).status for x in (5.0, 10.5, 14.8, 15.0, 20.05)] == [
        "AOS", "DROPOUT", "DROPOUT", "LOS", "AOS",
    ]  # fmt: skip
    assert not s.signal_at(15.0).lost  # the stream came back: not the flight's loss
    last = float(t[-1])
    assert s.signal_at(last + 4.0).status == "DROPOUT"
    final = s.signal_at(last + 5.0)
    assert final.status == "LOS" and final.lost and final.since_last_frame_s == pytest.approx(5.0)
    longer = dataclasses.replace(s, watchdog_s=20.0)
    assert longer.signal_at(15.0).status == "DROPOUT"  # a 10 s gap is no loss to this ground


def test_the_end_of_a_file_that_does_not_say_when_recording_ended_is_no_data() -> None:
    s = _session(np.arange(0.0, 10.0, 0.1), recording_end_s=None)
    assert s.analysis.signal.los is None
    assert s.signal_at(11.0).status == "DROPOUT"
    assert s.signal_at(15.0).status == "NO DATA"
    assert not s.signal_at(15.0).lost
