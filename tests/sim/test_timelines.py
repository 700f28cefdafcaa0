"""Every figure of every scenario's published timeline against the bundled flight.

Each ``[[timeline]]`` entry of a scenario file says what it is compared with (an event of the
telemetry file, of the simulated flight after its loss of signal, or of the flight as planned)
and within what tolerance, with the reason next to it in the file; a figure that cannot be
compared (what onlookers saw) says why not. This test holds every scenario to its own record.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from replay.core.flight import Flight
from replay.io import read_flight
from replay.resources import asset_names, sample
from replay.sim.generate import generate
from replay.sim.scenario import load_scenario
from replay.sim.telemetry_spec import Milestone
from tests.simruns import run_scenario

SCENARIOS = sorted(asset_names("scenarios"))


@cache
def _flight(sid: str, compare_with: str) -> Flight:
    if compare_with == "nominal":
        return generate(sid, nominal=True).telemetry
    return read_flight(sample(sid))


def _event_t(sid: str, m: Milestone) -> float:
    """The model's time for the milestone's event, from what it is compared with."""
    if m.compare_with == "simulation":
        times = [e.t_s for e in run_scenario(sid).events if e.id == m.event]
    elif m.event == "end_of_telemetry":
        times = [float(_flight(sid, m.compare_with).t_s[-1])]
    else:
        times = [e.t_s for e in _flight(sid, m.compare_with).meta.events if e.id == m.event]
    assert times, f"{sid}: no {m.event!r} in the {m.compare_with} flight"
    return times[0]


def _cases() -> list[tuple[str, Milestone]]:
    return [(sid, m) for sid in SCENARIOS for m in load_scenario(sid).story.timeline]


@pytest.mark.parametrize(
    ("sid", "m"), _cases(), ids=[f"{sid}@{m.t_s:g}-{m.event or 'note'}" for sid, m in _cases()]
)
def test_published_figure_holds(sid: str, m: Milestone) -> None:
    if m.event is None and m.alt_km is None:
        assert m.not_compared, f"{sid}: {m.label!r} is neither compared nor says why not"
        return
    t_model = m.t_s
    if m.event is not None:
        assert m.tolerance_s is not None
        t_model = _event_t(sid, m)
        assert t_model == pytest.approx(m.t_s, abs=m.tolerance_s + 1e-9), m.label
    if m.alt_km is not None:
        assert m.alt_tolerance_km is not None
        if m.compare_with == "simulation":
            tr = run_scenario(sid).trajectory
            alt = float(tr.alt_m[tr.index_at(t_model)])
        else:
            f = _flight(sid, m.compare_with)
            i = max(0, int(np.searchsorted(f.t_s, t_model + 1e-9, side="right")) - 1)
            alt = float(f.channels["alt_m"][i])  # the last frame at or before the event
        assert alt / 1e3 == pytest.approx(m.alt_km, abs=m.alt_tolerance_km), m.label


@pytest.mark.parametrize("sid", SCENARIOS)
def test_every_scenario_cites_sources_and_has_a_timeline(sid: str) -> None:
    story = load_scenario(sid).story
    assert story.sources and all(s.url.startswith("http") for s in story.sources)
    assert len(story.timeline) >= 3
    assert story.timeline[0].t_s == 0.0 and story.timeline[0].event == "liftoff"


def test_a_figure_without_comparison_or_reason_is_refused() -> None:
    from replay.sim.telemetry_spec import story_from_dict

    with pytest.raises(ValueError, match="tolerance_s"):
        story_from_dict({"timeline": [{"t_s": 1.0, "label": "x", "event": "liftoff"}]})
    with pytest.raises(ValueError, match="compare_with"):
        story_from_dict({"timeline": [{"t_s": 1.0, "label": "x", "compare_with": "dreams"}]})
