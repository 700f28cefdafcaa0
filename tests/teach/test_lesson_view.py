"""A lesson may name a saved view; the bundled views read and fit their flight."""

from __future__ import annotations

from pathlib import Path

import pytest

from replay.core.view_file import write_view
from replay.core.view_state import ViewState
from replay.resources import assets_dir, sample
from replay.session import open_session
from replay.teach.lesson import lesson_from_dict, lesson_view

LESSON = {
    "scenario": "progress-ms-04",
    "title": "T",
    "card": [{"t_s": 0.0, "title": "Lift-off", "text": "Go."}],
}


def test_a_lesson_names_a_view_it_starts_from(tmp_path: Path) -> None:
    state = ViewState(t_s=380.0, channels=("alt_m", "downrange_km"), plot_window_s=60.0)
    write_view(state, tmp_path / "los.toml")
    lesson = lesson_from_dict("l.toml", {**LESSON, "view": "los.toml"})
    assert lesson.view == "los.toml"
    assert lesson_view(lesson, tmp_path) == state
    assert lesson_view(lesson_from_dict("l.toml", LESSON)) is None  # none named


@pytest.mark.parametrize("bad", [3, "los.json", "../views/los.toml"])
def test_a_view_is_named_by_file_name(bad: object) -> None:
    with pytest.raises(ValueError, match=r"^l\.toml: view: expected the name of a view file"):
        lesson_from_dict("l.toml", {**LESSON, "view": bad})


def test_a_missing_view_file_is_named(tmp_path: Path) -> None:
    lesson = lesson_from_dict("l.toml", {**LESSON, "view": "gone.toml"})
    with pytest.raises(ValueError, match=r"gone\.toml: no such view file .*'progress-ms-04'"):
        lesson_view(lesson, tmp_path)


def test_the_bundled_views_read_and_name_channels_their_flight_has() -> None:
    session = open_session(sample("progress-ms-04"))
    views = sorted((assets_dir() / "views").glob("*.toml"))
    assert views
    for path in views:
        state = lesson_view(lesson_from_dict("l.toml", {**LESSON, "view": path.name}))
        assert state is not None
        assert set(state.channels) <= set(session.flight.channels), path.name
