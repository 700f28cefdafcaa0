"""The local rhythm of a stream: local periods and where the rate changes (issue 13)."""

from __future__ import annotations

import numpy as np
import pytest

from replay.analysis.rates import describe_rates, local_period_s, rate_segments


def _two_rates() -> np.ndarray:
    """100 Hz from T-1 s to T+12 s (an altimeter in boost), then 10 Hz to T+60 s."""
    return np.concatenate([np.arange(-100, 1200) * 0.01, 12.0 + np.arange(0, 481) * 0.1])


def test_the_local_period_follows_the_rate_and_ignores_a_gap() -> None:
    t = _two_rates()
    t = np.delete(t, np.arange(500, 550))  # half a second lost in boost
    dt = np.diff(t)
    local = local_period_s(t)
    assert local[:450] == pytest.approx(0.01)
    assert dt[499] == pytest.approx(0.51) and local[499] == pytest.approx(0.01)
    slow = np.flatnonzero(dt > 0.05)
    assert local[slow[1:]] == pytest.approx(0.1)  # every 10 Hz interval against 10 Hz
    assert np.count_nonzero(dt > 1.5 * local) == 1


def test_local_period_checks_its_input() -> None:
    with pytest.raises(ValueError, match="at least two samples"):
        local_period_s([1.0])
    with pytest.raises(ValueError, match="strictly increasing"):
        local_period_s([0.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"index must lie in \[0, 1\], got 0..5"):
        local_period_s([0.0, 1.0, 2.0], [0, 5])


def test_a_change_of_rate_is_found_where_it_happens() -> None:
    segments = rate_segments(_two_rates())
    assert len(segments) == 2
    boost, after = segments
    assert boost.t_start_s == pytest.approx(-1.0)
    assert boost.t_end_s == pytest.approx(12.0, abs=0.011)  # to the sample
    assert boost.period_s == pytest.approx(0.01) and boost.rate_hz == pytest.approx(100.0)
    assert after.period_s == pytest.approx(0.1) and after.rate_hz == pytest.approx(10.0)
    assert describe_rates(segments) == "100 Hz until T+00:12.0, then 10 Hz"


def test_a_steady_rate_is_one_segment_and_a_jittery_one_its_mean_rate() -> None:
    assert describe_rates(rate_segments(np.arange(0.0, 60.0, 0.04))) == "25 Hz"
    # A webcast read at 30 frames a second, telemetry updating at 20 Hz: 1 and 2 frames apart.
    frames = np.cumsum(np.tile([1, 2], 600))
    (seg,) = rate_segments(frames / 30.0)
    assert seg.rate_hz == pytest.approx(20.0, rel=1e-3)
    assert describe_rates(rate_segments(np.arange(0.0, 600.0, 5.0))) == "one sample every 5 s"


def test_many_changes_are_described_as_a_range() -> None:
    parts, t0 = [], 0.0
    for period in (0.01, 0.1, 0.01, 0.1, 0.01, 0.1):
        parts.append(t0 + np.arange(1, 401) * period)
        t0 = parts[-1][-1]
    text = describe_rates(rate_segments(np.concatenate(parts)))
    assert text == "variable, 10 Hz to 100 Hz (5 changes of rate)"


def test_rate_segments_leave_the_gaps_out() -> None:
    t = np.arange(0.0, 20.0, 0.1)
    t = np.concatenate([t[:100], t[150:]])
    normal = np.diff(t) < 1.0
    (seg,) = rate_segments(t, normal)
    assert seg.rate_hz == pytest.approx(10.0)
    with pytest.raises(ValueError, match="one value per interval"):
        rate_segments(t, normal[1:])


@pytest.mark.parametrize("seed", range(6))
def test_the_cheap_candidates_hold_every_gap(seed: int) -> None:
    """Only candidates get their local period worked out: none may be missed."""
    from replay.analysis.rates import gap_candidates

    rng = np.random.default_rng(seed)
    dt = rng.choice([0.01, 0.02, 0.1, 0.033, 0.067], size=5000) * rng.lognormal(0.0, 0.3, 5000)
    dt[rng.integers(0, 5000, 40)] *= rng.uniform(1.0, 50.0, 40)  # gaps of every size
    t = np.concatenate([[0.0], np.cumsum(dt)])
    for factor in (1.5, 2.5):
        every = np.flatnonzero(dt > factor * local_period_s(t))
        assert set(every.tolist()) <= set(gap_candidates(dt, factor).tolist())
