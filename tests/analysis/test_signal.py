"""Dropouts and loss of signal, found from the data alone."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from replay.analysis.signal import find_gaps, nominal_period_s
from replay.core.flight import Flight, FlightMeta
from replay.io import read_flight
from replay.resources import sample
from replay.sim.generate import generate
from tests.factories import make_flight


def test_period_is_learnt_despite_gaps() -> None:
    t = np.concatenate([np.arange(0, 10, 0.04), np.arange(12, 20, 0.04)])
    assert nominal_period_s(t) == pytest.approx(0.04)
    with pytest.raises(ValueError, match="at least two samples"):
        nominal_period_s(np.array([1.0]))


def test_a_dropout_is_found_with_and_without_a_frame_counter() -> None:
    f = make_flight(n=200, gap=(50, 63))
    report = find_gaps(f)
    (gap,) = report.dropouts
    assert gap.frames_missed == 13
    assert gap.t_start_s == pytest.approx(49 / 25)
    assert gap.t_end_s == pytest.approx(63 / 25)
    bare = Flight(
        f.t_s,
        {k: v for k, v in f.channels.items() if k != "frame"},
        {k: v for k, v in f.units.items() if k != "frame"},
        f.meta,
    )
    (no_counter,) = find_gaps(bare).dropouts
    assert not find_gaps(bare).has_frame_counter
    assert no_counter.frames_missed == 13
    assert no_counter.t_start_s == gap.t_start_s


def test_a_single_missed_frame_is_a_dropout() -> None:
    (gap,) = find_gaps(make_flight(n=100, gap=(40, 41))).dropouts
    assert gap.frames_missed == 1


def test_silence_at_the_end_needs_the_recording_end() -> None:
    f = make_flight(n=100)
    assert f.meta.recording_end_s is not None
    report = find_gaps(f)  # recording ran 10 s past the last sample
    assert report.los_status == "loss"
    # Frames due at 4.00, 4.04, ... 14.00 s never came: 251 of them.
    assert report.los is not None and report.los.frames_missed == 251
    unknown = dataclasses.replace(f.meta, recording_end_s=None)
    report = find_gaps(Flight(f.t_s, f.channels, f.units, unknown))
    assert report.los_status == "unknown"
    assert "does not say" in report.why_unknown
    stopped = dataclasses.replace(f.meta, recording_end_s=float(f.t_s[-1]) + 0.04)
    assert find_gaps(Flight(f.t_s, f.channels, f.units, stopped)).los_status == "none"


def test_every_dropout_of_the_nominal_soyuz_is_found() -> None:
    """The generator's own list of dropped frames is the truth the analysis must recover."""
    made = generate("soyuz-u-nominal").telemetry
    frames = made.channels["frame"]
    expected = np.flatnonzero(np.diff(frames) > 1)  # where the generator dropped frames
    report = find_gaps(read_flight(sample("soyuz-u-nominal")))
    assert [g.last_good_index for g in report.dropouts] == expected.tolist()
    assert sum(g.frames_missed for g in report.dropouts) == int(
        (np.diff(frames) - 1)[expected].sum()
    )
    assert report.los_status == "none"


def _bare(t: np.ndarray, **meta: object) -> Flight:
    """A flight of times alone (no frame counter)."""
    return Flight(t, {"alt_m": np.zeros(t.size)}, {"alt_m": "m"}, FlightMeta(**meta))  # type: ignore[arg-type]


def test_a_slower_rate_after_boost_is_no_dropout_but_gaps_in_either_are() -> None:
    """Issue 13: an altimeter at 100 Hz in boost and 10 Hz after had a 'dropout' per sample."""
    t = np.concatenate([np.arange(-100, 1200) * 0.01, 12.0 + np.arange(0, 481) * 0.1])
    report = find_gaps(_bare(t))
    assert report.dropouts == ()
    assert report.rate_text == "100 Hz until T+00:12.0, then 10 Hz"
    assert report.period_s == pytest.approx(0.01)  # the typical period: the median
    # Half a second lost in boost (49 frames) and two seconds after it (19 frames).
    gappy = np.delete(t, np.r_[500:549, 1600:1619])
    boost, coast = find_gaps(_bare(gappy)).dropouts
    found = [(g.t_start_s, g.duration_s, g.frames_missed) for g in (boost, coast)]
    assert found == [pytest.approx((3.99, 0.5, 49)), pytest.approx((41.9, 2.0, 19))]


def test_one_frame_capture_jitter_is_not_a_dropout() -> None:
    """Issue 13: webcast telemetry read off video, 0.033 s and 0.067 s apart, had 401
    'dropouts', 334 of them one-frame jitter."""
    rng = np.random.default_rng(13)
    frames = np.cumsum(rng.choice([1, 2], size=3000, p=[0.6, 0.4]))
    frames[1500:] += 40  # the overlay hidden for 1.33 s: a real gap
    t = frames / 30.0
    report = find_gaps(_bare(t))
    (gap,) = report.dropouts
    assert gap.t_start_s == pytest.approx(t[1499]) and gap.duration_s > 1.3
    assert report.jitter > 500  # every one-frame skip, counted apart
    assert not report.has_frame_counter


def test_a_frame_counter_still_counts_every_missed_frame_at_any_rate() -> None:
    t = np.concatenate([np.arange(0, 1000) * 0.01, 10.0 + np.arange(0, 200) * 0.1])
    frame = np.arange(t.size, dtype=np.int64)
    frame[600:] += 1  # one frame lost at 100 Hz
    frame[1100:] += 1  # and one at 10 Hz
    f = Flight(t, {"frame": frame}, {"frame": "1"}, FlightMeta())
    report = find_gaps(f)
    assert report.has_frame_counter and report.jitter == 0
    assert [(g.last_good_index, g.frames_missed) for g in report.dropouts] == [(599, 1), (1099, 1)]


def test_late_after_follows_the_local_rate() -> None:
    t = np.concatenate([np.arange(0, 1000) * 0.01, 10.0 + np.arange(0, 200) * 0.1])
    report = find_gaps(_bare(t, recording_end_s=float(t[-1])))
    assert report.period_at(5.0) == pytest.approx(0.01)
    assert report.period_at(20.0) == pytest.approx(0.1)
    assert report.late_after_s(20.0) == pytest.approx(0.25)  # 2.5 periods without a counter
    assert report.los_status == "none"
