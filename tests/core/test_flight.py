"""The frozen columnar flight: look-ups, immutability and validation."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from replay.core.flight import Flight
from replay.core.timefmt import format_t_plus, format_utc


def test_index_lookups_use_the_time_axis(flight: Flight) -> None:
    t = flight.t_s
    assert flight.index_at(t[10]) == 10
    assert flight.index_at(t[10] + 0.001) == 10
    assert flight.index_at(t[0] - 1.0) == -1
    assert flight.count_until(t[-1]) == flight.n_samples
    assert flight.count_until(t[0] - 1) == 0


def test_arrays_are_read_only_views_of_callers_arrays() -> None:
    t = np.arange(5.0)
    alt = np.arange(5.0)
    f = Flight(t, {"alt_m": alt}, {"alt_m": "m"})
    with pytest.raises(ValueError, match="read-only"):
        f.channels["alt_m"][0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        f.t_s[0] = 1.0
    alt[0] = 42.0  # the caller's array is untouched by the freeze ...
    assert alt.flags.writeable
    with pytest.raises(TypeError):
        f.channels["new"] = alt  # type: ignore[index]


@pytest.mark.parametrize(
    ("t", "message"),
    [
        ([0.0, 1.0, 1.0], r"t_s\[1\]=1.0 >= t_s\[2\]=1.0"),
        ([0.0, 2.0, 1.0], "increase strictly"),
        ([0.0, np.nan], "finite"),
        ([[0.0, 1.0]], "one-dimensional"),
    ],
)
def test_bad_time_axis_is_refused_naming_the_values(t: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Flight(np.array(t), {}, {})


def test_channels_must_match_time_and_have_units() -> None:
    with pytest.raises(ValueError, match="shape"):
        Flight(np.arange(3.0), {"a": np.arange(4.0)}, {"a": ""})
    with pytest.raises(ValueError, match="no unit"):
        Flight(np.arange(3.0), {"a": np.arange(3.0)}, {})


def test_unknown_channel_lists_the_known_ones(flight: Flight) -> None:
    with pytest.raises(KeyError, match="alt_m"):
        flight.channel("altitude")


def test_utc_and_mission_time(flight: Flight) -> None:
    assert flight.meta.launch_utc is not None
    assert flight.utc_at(382.0) == flight.meta.launch_utc + timedelta(seconds=382)
    assert format_t_plus(382.04) == "T+06:22.0"
    assert format_t_plus(-10.0) == "T-00:10.0"
    assert format_t_plus(59.96) == "T+01:00.0"
    assert format_utc(flight.utc_at(382.0)) == "2016-12-01 14:58:14.0 UTC"


def test_one_event_class_records_where_each_event_comes_from() -> None:
    from replay.core.flight import Event

    liftoff = Event(0.0, "liftoff", "Lift-off")
    assert liftoff.source == "recorded"
    found = Event(61.2, "max_q", "Max-Q (31.0 kPa)", "detected")
    assert found.as_dict() == {
        "t_s": 61.2,
        "id": "max_q",
        "label": "Max-Q (31.0 kPa)",
        "source": "detected",
    }
