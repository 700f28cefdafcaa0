"""Reading a 1,000,000-row, 20-channel native CSV against numpy.loadtxt and pandas.read_csv.

Targets (issue 2): at most 1.0x numpy.loadtxt and 1.5x pandas.read_csv on the same file, peak
memory at most 2x the final arrays. ``python -m bench.read_csv worker KIND PATH`` measures one
reader in a fresh process; the parent interleaves the readers and takes medians.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from bench.harness import OUT, PeakAnonMemory, machine_line, median_of, record, run_worker, timed

ROWS = 1_000_000
RUNS = 3


def make_file(path: Path) -> int:
    """Write the test flight (unless present) and return the number of comment+header lines."""
    from replay.core.channels import REQUIRED_UNITS
    from replay.core.flight import Flight, FlightMeta
    from replay.io import write_flight
    from replay.physics.geodesy import ecef_from_geodetic

    if not path.exists():
        rng = np.random.default_rng(1)
        t = np.arange(ROWS) / 25.0
        lat, lon, alt = 45.9 + 1e-4 * t, 63.3 + 3e-4 * t, 100.0 + 5.0 * t
        x, y, z = ecef_from_geodetic(lat, lon, alt).T
        chans = {
            "frame": np.arange(ROWS, dtype=np.int64),
            "x_ecef_m": x,
            "y_ecef_m": y,
            "z_ecef_m": z,
            "vx_ecef_m_s": rng.normal(0, 3e3, ROWS),
            "vy_ecef_m_s": rng.normal(0, 3e3, ROWS),
            "vz_ecef_m_s": rng.normal(0, 3e3, ROWS),
            "lat_deg": lat,
            "lon_deg": lon,
            "alt_m": alt,
        }
        for i in range(10):  # realistic sensor resolution: 3-6 significant decimals
            chans[f"sensor{i}"] = np.round(rng.normal(100, 30, ROWS), 2 + i % 4)
        units = {k: REQUIRED_UNITS.get(k, "1") for k in chans}
        meta = FlightMeta(vehicle="bench", sample_rate_hz=25.0)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_flight(Flight(t, chans, units, meta), path)
    with path.open() as f:
        return next(i for i, line in enumerate(f) if not line.startswith("#")) + 1


def worker(kind: str, path: Path, header_lines: int) -> dict[str, float]:
    if kind == "pandas":
        import pandas as pd
    if kind == "ours":
        import polars  # noqa: F401  (imported outside the timing, like pandas)

        from replay.io import read_flight
    with PeakAnonMemory() as mem:
        if kind == "ours":
            seconds, flight = timed(lambda: read_flight(path))
            final = flight.t_s.nbytes + sum(a.nbytes for a in flight.channels.values())
        elif kind == "loadtxt":
            seconds, block = timed(lambda: np.loadtxt(path, delimiter=",", skiprows=header_lines))
            final = block.nbytes
        else:
            seconds, df = timed(lambda: pd.read_csv(path, skiprows=header_lines - 1))
            final = int(df.memory_usage(index=False).sum())
    return {"seconds": seconds, "peak_bytes": mem.grown_bytes, "final_bytes": final}


def main() -> str:
    path = OUT / "read_1m_x20.csv"
    header_lines = make_file(path)
    runs: dict[str, list[dict[str, float]]] = {"ours": [], "loadtxt": [], "pandas": []}
    for _ in range(RUNS):
        for kind, results in runs.items():
            results.append(
                run_worker("bench.read_csv", "worker", kind, str(path), str(header_lines))
            )
    t = {k: median_of(v, "seconds") for k, v in runs.items()}
    mem = median_of(runs["ours"], "peak_bytes") / median_of(runs["ours"], "final_bytes")
    size_mb = path.stat().st_size / 1e6
    vs_loadtxt, vs_pandas = t["ours"] / t["loadtxt"], t["ours"] / t["pandas"]
    peak_mb = median_of(runs["ours"], "peak_bytes") / 1e6
    final_mb = median_of(runs["ours"], "final_bytes") / 1e6
    md = f"""## Reading a native CSV (issue 2)

{ROWS:,} rows x 20 channels + time ({size_mb:.0f} MB), median of {RUNS} interleaved runs, each in
a fresh process. Machine: {machine_line()}.

| reader | time (s) | ratio ours / it | target |
|---|---|---|---|
| ascent-replay `read_flight` | {t["ours"]:.2f} | — | — |
| `numpy.loadtxt` (same numeric block) | {t["loadtxt"]:.2f} | {vs_loadtxt:.2f} | ≤ 1.0 |
| `pandas.read_csv` (bench-only baseline) | {t["pandas"]:.2f} | {vs_pandas:.2f} | ≤ 1.5 |

Peak anonymous memory while reading: {peak_mb:.0f} MB for {final_mb:.0f} MB of final arrays
= **{mem:.2f}x** (target ≤ 2x).
"""
    record("read-csv", md)
    return md


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        print(json.dumps(worker(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))))
    else:
        print(main())
