"""Per-channel data health."""

from __future__ import annotations

import numpy as np
import pytest

from replay.analysis.health import channel_health
from replay.core.flight import Flight


def test_nan_runs_flat_lines_and_rate() -> None:
    t = np.arange(0, 20, 0.04)  # 500 samples, 20 s
    alive = np.sin(t)
    sick = alive.copy()
    sick[100:110] = np.nan  # a 0.36 s NaN run
    sick[300] = np.nan
    frozen = alive.copy()
    frozen[200:300] = frozen[200]  # stuck for 3.96 s
    f = Flight(
        t,
        {"alive": alive, "sick": sick, "frozen": frozen},
        dict.fromkeys(("alive", "sick", "frozen"), ""),
    )
    h = {c.name: c for c in channel_health(f, 0.04)}
    assert h["alive"].nan_runs == 0
    assert h["alive"].flat_runs == 0
    assert h["alive"].effective_rate_hz == pytest.approx(500 / (t[-1] - t[0]))
    assert h["sick"].nan_runs == 2
    assert h["sick"].longest_nan_s == pytest.approx(0.36)
    assert h["sick"].finite_fraction == pytest.approx(489 / 500)
    assert h["frozen"].flat_runs == 1
    assert h["frozen"].longest_flat_s == pytest.approx(3.96)
