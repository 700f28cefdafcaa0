"""Dropouts and loss of signal, found from the data alone."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from replay.analysis.signal import find_gaps, nominal_period_s
from replay.core.flight import Flight
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
