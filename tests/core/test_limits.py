"""Channel limits from the vehicle data."""

from __future__ import annotations

import numpy as np

from replay.core.limits import ChannelLimits, limits_for
from replay.io import read_flight
from replay.resources import sample
from tests.factories import make_flight


def test_levels() -> None:
    lim = ChannelLimits("p", caution_low=2.8, caution_high=4.0, warning_low=2.5, warning_high=4.6)
    assert [lim.level(v) for v in (3.4, 4.1, 4.7, 2.7, 2.4, float("nan"))] == [
        "ok",
        "caution",
        "warning",
        "caution",
        "warning",
        "ok",
    ]
    assert lim.levels(np.array([3.4, 4.1, 4.7, 2.4])).tolist() == [0, 1, 2, 2]


def test_crs7_tank_pressure_crosses_its_limits_only_at_the_end() -> None:
    f = read_flight(sample("falcon9-crs-7"))
    lim = limits_for(f)["s2_lox_tank_bar"]
    levels = lim.levels(f.channels["s2_lox_tank_bar"])
    first_bad = f.t_s[np.flatnonzero(levels > 0)[0]]
    assert first_bad > 138.1  # the 0.893 s before the loss of all data
    assert levels[-1] == 2


def test_unknown_vehicle_has_no_limits() -> None:
    assert limits_for(make_flight()) == {}
