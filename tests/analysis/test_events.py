"""Recorded events, and staging and max-Q detected where the file has none."""

from __future__ import annotations

import dataclasses

import pytest

from replay.analysis.events import flight_events
from replay.core.flight import Flight
from replay.io import read_flight
from replay.resources import sample


def test_recorded_events_are_kept_and_marked() -> None:
    f = read_flight(sample("progress-ms-04"))
    events = flight_events(f)
    assert {e.source for e in events} == {"recorded"}
    assert [e.id for e in events] == [e.id for e in f.meta.events]


def test_staging_and_max_q_are_detected_when_the_file_is_silent() -> None:
    f = read_flight(sample("soyuz-u-nominal"))
    recorded = {e.id: e.t_s for e in f.meta.events}
    bare = Flight(f.t_s, f.channels, f.units, dataclasses.replace(f.meta, events=()))
    found = flight_events(bare)
    assert all(e.source == "detected" for e in found)
    staging = [e.t_s for e in found if e.id.startswith("accel_drop")]
    # Booster separation (published T+118) and core cut-off (T+287), seen in the acceleration.
    assert staging[0] == pytest.approx(recorded["booster_separation"], abs=0.5)
    assert staging[1] == pytest.approx(recorded["core_separation"], abs=0.5)
    (max_q,) = [e for e in found if e.id == "max_q"]
    assert max_q.t_s == pytest.approx(recorded["max_q"], abs=2.0)


def test_max_q_is_computed_from_the_state_without_a_pressure_channel() -> None:
    f = read_flight(sample("soyuz-u-nominal"))
    recorded = {e.id: e.t_s for e in f.meta.events}
    chans = {k: v for k, v in f.channels.items() if k != "q_kpa"}
    bare = Flight(
        f.t_s, chans, {k: f.units[k] for k in chans}, dataclasses.replace(f.meta, events=())
    )
    (max_q,) = [e for e in flight_events(bare) if e.id == "max_q"]
    assert max_q.t_s == pytest.approx(recorded["max_q"], abs=3.0)


def test_the_analysis_returns_the_core_event_class() -> None:
    from replay.core.flight import Event

    f = read_flight(sample("soyuz-u-nominal"))
    bare = Flight(f.t_s, f.channels, f.units, dataclasses.replace(f.meta, events=()))
    events = flight_events(f) + flight_events(bare)
    assert {e.source for e in events} == {"recorded", "detected"}
    assert all(type(e) is Event for e in events)
