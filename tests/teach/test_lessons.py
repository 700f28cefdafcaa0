"""The bundled lessons load, fit their scenario's telemetry and pause around the failure."""

from __future__ import annotations

import tomllib
from functools import cache

import pytest

from replay.analysis.flight_analysis import FlightAnalysis, analyze
from replay.core.flight import Flight
from replay.io import read_flight
from replay.resources import assets_dir, sample
from replay.sim.scenario import load_scenario
from replay.teach.lesson import Lesson, load_lesson

NOMINAL = ["soyuz-u-nominal"]
FAILURES = ["progress-ms-04", "progress-m-12m", "progress-m-27m", "falcon9-crs-7", "antares-orb-3"]
LESSONS = NOMINAL + FAILURES
BUNDLED = sorted(p.stem for p in (assets_dir() / "lessons").glob("*.toml"))
#: Where the class sees the failure when it is not the scenario's failure time: M-27M's
#: telemetry is lost at T+526, before the modelled separation at T+528.7.
FAILURE_SEEN_S = {"progress-m-27m": 526.0}
MIN_CARDS, MAX_CARDS = 6, 10


@cache
def lesson(sid: str) -> Lesson:
    loaded = load_lesson(sid)
    assert loaded is not None, f"no bundled lesson for {sid}"
    return loaded


@cache
def flight(sid: str) -> Flight:
    return read_flight(sample(sid))


@cache
def analysis(sid: str) -> FlightAnalysis:
    return analyze(flight(sid), places=False)


def failure_time(sid: str) -> float:
    if sid in FAILURE_SEEN_S:
        return FAILURE_SEEN_S[sid]
    failure = load_scenario(sid).failure
    assert failure is not None, f"{sid} has no failure"
    return failure.t_s


def test_the_six_scenarios_have_lessons() -> None:
    assert set(LESSONS) <= set(BUNDLED)


@pytest.mark.parametrize("sid", BUNDLED)
def test_lesson_loads_and_names_its_scenario(sid: str) -> None:
    les = lesson(sid)
    assert les.scenario_id == sid
    assert les.title.strip()
    assert les.summary.strip()
    assert MIN_CARDS <= len(les.cards) <= MAX_CARDS
    for card in les.cards:
        assert card.title.strip() and card.text.strip()
        assert (card.question is None) == (card.answer is None)
        if card.question is not None:
            assert card.question.strip() and card.answer and card.answer.strip()


@pytest.mark.parametrize("sid", BUNDLED)
def test_cards_are_in_time_order_and_start_by_liftoff(sid: str) -> None:
    times = [c.t_s for c in lesson(sid).cards]
    assert times == sorted(times)
    assert times[0] <= 0.0


@pytest.mark.parametrize("sid", BUNDLED)
def test_card_times_lie_within_the_recording(sid: str) -> None:
    meta = flight(sid).meta
    assert meta.recording_start_s is not None and meta.recording_end_s is not None
    for card in lesson(sid).cards:
        assert meta.recording_start_s <= card.t_s <= meta.recording_end_s, card.title


@pytest.mark.parametrize("sid", BUNDLED)
def test_watched_channels_exist_in_the_sample(sid: str) -> None:
    channels = set(flight(sid).channels)
    for card in lesson(sid).cards:
        missing = set(card.watch) - channels
        assert not missing, f"{card.title!r} watches {sorted(missing)}"


@pytest.mark.parametrize("sid", FAILURES)
def test_failure_lessons_pause_before_and_after_the_failure(sid: str) -> None:
    t_fail = failure_time(sid)
    pauses = [c.t_s for c in lesson(sid).cards if c.pauses]
    assert any(t < t_fail for t in pauses), f"no pause before T+{t_fail:g}: {pauses}"
    assert any(t > t_fail for t in pauses), f"no pause after T+{t_fail:g}: {pauses}"


@pytest.mark.parametrize("sid", FAILURES)
def test_the_geometry_answer_agrees_with_the_analysis(sid: str) -> None:
    los = analysis(sid).los
    assert los is not None and los.expected is not None
    t_fail = failure_time(sid)
    asked = [c for c in lesson(sid).cards if c.t_s > t_fail and "geometry" in (c.question or "")]
    assert asked, "no pause after the failure asks whether geometry explains the silence"
    # Every bundled loss happened with a station still in view; the answers must say so.
    answers_no = [(c.answer or "").startswith(("No", "Not")) for c in asked]
    assert answers_no == [not los.expected] * len(asked)


@pytest.mark.parametrize("sid", FAILURES)
def test_a_card_explains_the_loss_of_signal(sid: str) -> None:
    los = analysis(sid).los
    assert los is not None
    assert lesson(sid).cards[-1].t_s >= los.t_s


def test_the_nominal_flight_keeps_its_signal() -> None:
    # The nominal lesson calls its dropouts hand-overs and staging, never a loss of signal.
    report = analysis("soyuz-u-nominal")
    assert report.los is None and report.signal.dropouts


def test_antares_says_the_six_seconds_are_the_onlookers() -> None:
    les = lesson("antares-orb-3")
    words = " ".join([les.summary] + [f"{c.text} {c.question} {c.answer}" for c in les.cards])
    assert "six seconds are the onlookers'" in words
    assert "not when the data" in words


def test_titles_are_unique() -> None:
    titles = [lesson(sid).title for sid in BUNDLED]
    assert len(set(titles)) == len(titles)


def test_lesson_files_are_plain_toml() -> None:
    # Basic strings only: no literal strings, so an apostrophe in the text cannot end one.
    for sid in BUNDLED:
        path = assets_dir() / "lessons" / f"{sid}.toml"
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        assert data["scenario"] == sid
        assert "'''" not in path.read_text(encoding="utf-8")
