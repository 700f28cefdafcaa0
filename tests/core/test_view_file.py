"""Saved views: the file round-trips every view state; a bad file is one line naming where."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replay.core.display import UNIT_SYSTEMS
from replay.core.view_file import ViewFileError, parse_view, read_view, view_text, write_view
from replay.core.view_state import ViewState

FULL = ViewState(
    t_s=382.5,
    speed=4.0,
    channels=("alt_m", "downrange_km", "q_kpa"),
    plot_range_s=(300.0, 420.25),
    plot_window_s=None,
    map_home=(55.0, 100.5, 40.0, 56.0),
    map_follow=False,
    nominal=False,
    truth=True,
    presentation=True,
    profiles=("speed_alt", "alt_downrange"),
    units="imperial",
    fit_data=True,
    plot_first=2,
    compare_file="/data/flights/progress-m-12m.csv.gz",
    compare_align="upper_stage_ignition",
)


def test_round_trip_of_every_field(tmp_path: Path) -> None:
    for state in (FULL, ViewState(t_s=-10.0), ViewState(t_s=1e-3, plot_window_s=60.0)):
        assert read_view(write_view(state, tmp_path / "v.toml")) == state


def test_the_file_is_the_documented_toml(tmp_path: Path) -> None:
    doc = tomllib.loads(view_text(FULL))
    assert doc == {
        "format": "ascent-replay view",
        "version": 1,
        "t_s": 382.5,
        "speed": 4.0,
        "presentation": True,
        "units": "imperial",
        "plots": {
            "channels": ["alt_m", "downrange_km", "q_kpa"],
            "fit_data": True,
            "first": 2,
            "range_s": [300.0, 420.25],
            "profiles": ["speed_alt", "alt_downrange"],
        },
        "map": {"follow": False, "home": [55.0, 100.5, 40.0, 56.0]},
        "overlays": {"nominal": False, "truth": True},
        "compare": {"file": "/data/flights/progress-m-12m.csv.gz", "align": "upper_stage_ignition"},
    }
    # Written by hand too: only what differs from the defaults is needed.
    short = 'format = "ascent-replay view"\nversion = 1\nt_s = 100\n'
    assert parse_view(short) == ViewState(t_s=100.0)


finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@st.composite
def _pairs(draw: st.DrawFn, n: int) -> tuple[float, ...]:
    out: list[float] = []
    for _ in range(n // 2):
        a, b = sorted(draw(st.lists(finite, min_size=2, max_size=2, unique=True)))
        out += [a, b]
    return tuple(out)


@given(
    t_s=finite,
    speed=st.floats(min_value=1e-3, max_value=1e3),
    channels=st.lists(st.text(min_size=1), max_size=6).map(tuple),
    span=st.none() | _pairs(2),
    window=st.none() | st.floats(min_value=1e-3, max_value=1e6),
    home=st.none() | _pairs(4),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()),
    layout=st.tuples(
        st.integers(min_value=0, max_value=50),
        st.none() | st.booleans(),
        st.sampled_from(UNIT_SYSTEMS),
    ),
)
def test_round_trip_of_any_state(  # noqa: PLR0917
    t_s: float,
    speed: float,
    channels: tuple[str, ...],
    span: tuple[float, float] | None,
    window: float | None,
    home: tuple[float, float, float, float] | None,
    flags: tuple[bool, bool, bool, bool],
    layout: tuple[int, bool | None, str],
) -> None:
    follow, nominal, truth, presentation = flags
    first, fit, units = layout
    state = ViewState(
        t_s,
        speed,
        channels,
        span,
        window,
        plot_first=first,
        fit_data=fit,
        map_home=home,
        map_follow=follow,
        nominal=nominal,
        truth=truth,
        presentation=presentation,
        units=units,
    )
    assert parse_view(view_text(state)) == state


def test_a_compared_file_named_relatively_is_beside_the_view_file(tmp_path: Path) -> None:
    path = tmp_path / "views" / "v.toml"
    path.parent.mkdir()
    head = 'format = "ascent-replay view"\nversion = 1\nt_s = 345\n'
    path.write_text(head + '[compare]\nfile = "../m-12m.csv.gz"\n', encoding="utf-8")
    state = read_view(path)
    assert state.compare_file == str(path.parent / "../m-12m.csv.gz")
    assert state.compare_align == "liftoff"  # the default alignment
    assert parse_view(head).compare_file is None  # no [compare]: no comparison


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("format = \n", r"v\.toml:1: not TOML: "),
        ('format = "x"\nversion = 1\nt_s = 1\n', r'v\.toml:1: format: expected format = "as'),
        ('format = "ascent-replay view"\nversion = 2\nt_s = 1\n', r"v\.toml:2: version: .* 2"),
        (
            'format = "ascent-replay view"\nversion = 1\nt_s = 1\n[plots]\nrange = [1, 2]\n',
            r"v\.toml:5: plots\.range: unknown key; expected one of channels, range_s, window_s, p",
        ),
        (
            'format = "ascent-replay view"\nversion = 1\nt_s = 1\nunits = "furlongs"\n',
            r"v\.toml:4: units: expected the unit system, one of km, SI, imperial, found 'furl",
        ),
        (
            'format = "ascent-replay view"\nversion = 1\nt_s = 1\n[plots]\nfirst = -1\n',
            r"v\.toml:5: plots\.first: expected the number of the top plot shown, from 0, found -1",
        ),
        (
            'format = "ascent-replay view"\nversion = 1\nt_s = 1\n[plots]\nrange_s = [5, 2]\n',
            r"v\.toml:5: plots\.range_s: expected two increasing times in seconds, found \[5, 2\]",
        ),
        (
            'format = "ascent-replay view"\nversion = 1\nt_s = "soon"\n',
            r"v\.toml:3: t_s: expected a time in seconds, found 'soon'",
        ),
        (
            'format = "ascent-replay view"\nversion = 1\nt_s = 1\n\n[map]\nfollow = "yes"\n',
            r"v\.toml:6: map\.follow: expected true or false, found 'yes'",
        ),
        (
            'format = "ascent-replay view"\nversion = 1\nt_s = 1\nspeed = 0\n',
            r"v\.toml:4: speed: expected a positive playback speed, found 0\.0",
        ),
        (
            'format = "ascent-replay view"\nversion = 1\nt_s = 1\n[map]\nhome = [1, 2, 3]\n',
            r"v\.toml:5: map\.home: expected \[lon_min, lon_max, lat_min, lat_max\]",
        ),
        ('format = "ascent-replay view"\nversion = 1\n', r"v\.toml: t_s: expected a time"),
        (
            'format = "ascent-replay view"\nversion = 1\nt_s = 1\n[plots]\nprofiles = ["xy"]\n',
            r"v\.toml:5: plots\.profiles: expected a list of ascent profiles \(alt_downrange, spe",
        ),
        (
            'format = "ascent-replay view"\nversion = 1\nt_s = 1\n[compare]\nfile = ""\n',
            r"v\.toml:5: compare\.file: expected the telemetry file of the flight compared",
        ),
        (
            'format = "ascent-replay view"\nversion = 1\nt_s = 1\n[compare]\nalign = "max_q"\n',
            r"v\.toml:5: compare\.align: expected file = the telemetry file compared, before",
        ),
        (
            'format = "ascent-replay view"\nversion = 1\nt_s = 1\n'
            '[compare]\nfile = "a"\nalign = 3\n',
            r"v\.toml:6: compare\.align: expected the id of an event both flights have",
        ),
    ],
)
def test_a_bad_file_is_one_line_naming_file_line_and_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "v.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ViewFileError, match=expected) as info:
        read_view(path)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(str(path))


def test_not_text_and_no_file(tmp_path: Path) -> None:
    path = tmp_path / "v.toml"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ViewFileError, match="not a text file"):
        read_view(path)
    with pytest.raises(FileNotFoundError):
        read_view(tmp_path / "none.toml")


def test_a_state_no_file_can_hold_is_refused() -> None:
    with pytest.raises(ValueError, match="t_s must be finite, got nan"):
        view_text(ViewState(t_s=float("nan")))
