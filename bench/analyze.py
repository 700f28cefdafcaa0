"""The whole analysis (without place names) of a 1,000,000-sample flight (issue 4: under 1 s).

The flight is the bundled Progress MS-04 telemetry resampled to ~2.5 kHz (state and channels
interpolated, dropouts kept as gaps, the loss of signal at T+382 s kept), built in the worker
before timing. "warm" runs after one analysis of the small file has loaded skyfield and scipy;
"cold" includes those imports, as the first analysis in the app does.
"""

from __future__ import annotations

import json
import sys

import numpy as np

from bench.harness import machine_line, median_of, record, run_worker, timed

SAMPLES = 1_000_000
RUNS = 3
BUDGET_S = 1.0


def big_flight() -> object:
    from replay.core.flight import Flight
    from replay.io import read_flight
    from replay.resources import sample

    f = read_flight(sample("progress-ms-04"))
    t0, t1 = float(f.t_s[0]), float(f.t_s[-1])
    dt = (t1 - t0) / (SAMPLES * 1.003)
    t = np.arange(t0, t1, dt)
    # Keep the dropouts: drop fine samples that fall inside a gap of the original.
    gaps = np.flatnonzero(np.diff(f.t_s) > 1.5 * 0.04)
    keep = np.ones(t.size, dtype=bool)
    for i in gaps.tolist():
        keep &= ~((t > f.t_s[i]) & (t < f.t_s[i + 1]))
    t = t[keep]
    chans = {n: np.interp(t, f.t_s, v.astype(np.float64)) for n, v in f.channels.items()}
    chans["frame"] = np.rint((t - t0) / dt).astype(np.int64)
    return Flight(t, chans, f.units, f.meta)


def worker(mode: str) -> dict[str, float]:
    from replay.analysis.flight_analysis import analyze
    from replay.io import read_flight
    from replay.resources import sample

    flight = big_flight()
    if mode == "warm":
        analyze(read_flight(sample("progress-ms-04")), places=False)
    seconds, result = timed(lambda: analyze(flight, places=False))  # type: ignore[arg-type]
    assert result.los is not None and abs(result.los.t_s - 382.0) < 0.1
    return {"seconds": seconds, "samples": float(flight.n_samples)}  # type: ignore[attr-defined]


def main() -> str:
    cold = [run_worker("bench.analyze", "worker", "cold") for _ in range(RUNS)]
    warm = [run_worker("bench.analyze", "worker", "warm") for _ in range(RUNS)]
    t_cold, t_warm = median_of(cold, "seconds"), median_of(warm, "seconds")
    md = f"""## Analysing a flight (issue 4)

`analyze(flight, places=False)` on {int(warm[0]["samples"]):,} samples (Progress MS-04 resampled),
median of {RUNS} runs, each in a fresh process. Machine: {machine_line()}.

| run | time (s) | / 1 s budget |
|---|---|---|
| warm (skyfield, scipy already imported) | {t_warm:.2f} | {t_warm / BUDGET_S:.2f} |
| cold (first analysis of the session) | {t_cold:.2f} | {t_cold / BUDGET_S:.2f} |
"""
    record("analyze", md)
    return md


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        print(json.dumps(worker(sys.argv[2])))
    else:
        print(main())
