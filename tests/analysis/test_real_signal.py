"""Dropouts on real telemetry (tests/data/real, issue 13): what remains are real gaps.

Before the local rate (one global median period), these files had 2,602 (TeleMetrum),
130 (Juno III GNSS), 23 (SAOCOM 1A webcast) and 8 (CRS-16 webcast) dropouts.
"""

from __future__ import annotations

import numpy as np
import pytest

from replay.analysis.signal import find_gaps
from tests.analysis import real_flights as rf


@pytest.mark.parametrize("name", sorted(rf.ALL))
def test_the_loaders_read_the_measured_files(name: str) -> None:
    """The hand-made flights hold what expected.toml measured: first and last time, maximum."""
    facts = rf.expected(name)
    f = rf.ALL[name]()
    assert f.t_s[-1] == pytest.approx(facts["time_last"])
    scale = {"km": 1e3, "ft": rf.FT_M}.get(str(facts["altitude_unit"]), 1.0)
    assert np.nanmax(f.channels["alt_m"]) == pytest.approx(float(facts["altitude_max"]) * scale)  # type: ignore[arg-type]


def test_a_steady_100_hz_log_has_no_dropout() -> None:
    report = find_gaps(rf.cats_flight_info())
    assert report.dropouts == () and report.jitter == 0
    assert report.rate_text == "100 Hz"


def test_the_telemetrum_slows_after_boost_without_a_gap() -> None:
    """AltOS logs at 100 Hz in boost, then ~10-18 rows/s: never more than 0.1 s apart."""
    f = rf.telemetrum()
    report = find_gaps(f)
    assert np.diff(f.t_s).max() == pytest.approx(0.1)  # there is no gap to find
    assert report.dropouts == ()
    (boost, coast) = report.rates
    assert boost.rate_hz == pytest.approx(100.0, rel=0.01)
    assert boost.t_end_s == pytest.approx(29.9, abs=0.5)  # drogue at 29.93 s (SOURCES.md)
    assert 10.0 < coast.rate_hz < 18.0


def test_the_juno_gnss_logger_keeps_its_two_real_gaps() -> None:
    """10 Hz to T+29 s then 1 Hz: the only dropouts are two fixes of the 1 Hz part lost twice
    over (3 s apart); a single fix missing at 10 Hz (0.2 s) is jitter without a counter."""
    report = find_gaps(rf.juno3_gnss())
    assert [(g.t_start_s, g.duration_s, g.frames_missed) for g in report.dropouts] == [
        pytest.approx((60.401, 3.0, 2)),
        pytest.approx((72.401, 3.0, 2)),
    ]
    assert report.jitter == 22
    assert report.rate_text.startswith("9.4 Hz until T+00:29.")


def test_webcast_gaps_are_the_overlay_missing_not_single_frames() -> None:
    crs16 = find_gaps(rf.crs16_webcast())
    assert [round(g.duration_s, 3) for g in crs16.dropouts] == [
        1.134,
        1.1,
        1.133,
        1.4,
        0.333,
        1.5,
        0.534,
    ]
    assert crs16.jitter == 1  # one 0.067 s skip, at T+530.3
    saocom = find_gaps(rf.saocom_webcast())
    assert [round(g.duration_s, 3) for g in saocom.dropouts] == [
        0.867,
        1.034,
        0.1,
        1.466,
        1.4,
        1.365,
    ]
    assert saocom.jitter == 17
    assert saocom.rate_text == crs16.rate_text == "30 Hz"
