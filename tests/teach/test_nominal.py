"""First divergence from the nominal reference, on flights whose departure is known exactly."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from replay.core.flight import Flight
from replay.teach.nominal import SUSTAIN_S, Divergence, first_divergence
from tests.factories import make_flight


def _with(flight: Flight, name: str, values: np.ndarray) -> Flight:
    return dataclasses.replace(flight, channels={**flight.channels, name: values})


def test_a_sustained_departure_is_found_where_it_starts() -> None:
    ref = make_flight(n=400)  # 16 s at 25 Hz, alt = 90 + 5 t^2 m
    alt = ref.channels["alt_m"].copy()
    alt[ref.t_s >= 10.0] -= 1500.0  # the actual flight falls 1.5 km short from T+10
    div = first_divergence(_with(ref, "alt_m", alt), ref, {"alt_m": 1000.0})
    assert div is not None
    assert div.t_s == pytest.approx(10.0)
    assert (div.channel, div.tolerance) == ("alt_m", 1000.0)
    assert div.delta == pytest.approx(-1500.0)
    assert div.off_by("m") == "-1,500 m"


def test_a_short_spike_is_not_a_divergence() -> None:
    ref = make_flight(n=400)
    alt = ref.channels["alt_m"].copy()
    spike = (ref.t_s >= 5.0) & (ref.t_s < 5.0 + SUSTAIN_S / 2)  # noise, not a departure
    alt[spike] += 5000.0
    assert first_divergence(_with(ref, "alt_m", alt), ref, {"alt_m": 1000.0}) is None
    alt[ref.t_s >= 12.0] += 5000.0  # then a real one
    div = first_divergence(_with(ref, "alt_m", alt), ref, {"alt_m": 1000.0})
    assert div is not None and div.t_s == pytest.approx(12.0)


def test_the_earliest_channel_wins() -> None:
    ref = make_flight(n=400)
    alt = ref.channels["alt_m"].copy()
    alt[ref.t_s >= 9.0] += 2000.0
    q = ref.channels["q_pa"].copy()
    q[ref.t_s >= 7.0] += 900.0
    actual = _with(_with(ref, "alt_m", alt), "q_pa", q)
    div = first_divergence(actual, ref, {"alt_m": 1000.0, "q_pa": 500.0})
    assert div is not None and div.channel == "q_pa"
    assert div.t_s == pytest.approx(7.0)


def test_off_by_is_written_as_people_write_it() -> None:
    assert Divergence(321.3, "pc_blok_i_bar", -7.3312, 6.879).off_by("bar") == "-7.33 bar"
    assert Divergence(832.8, "alt_m", 1270.4, 1000.0).off_by("m") == "+1,270 m"
    assert Divergence(1.0, "accel_axial_g", -1.2, 0.3).off_by() == "-1.2"
    assert Divergence(1.0, "x", 0.5, 6.879).tolerance_text("bar") == "6.88 bar"
