"""The live window (issue 15): the whole replay window — plots, map, timeline, signal panel,
link panel — following a pass received over loopback.

For 25, 250 and 1,000 packets/s (30 channels each), another process sends the MS-04 flight
resampled to that rate, in real time, to a receiver attached to a full main window (offscreen,
1600×950). Measured, in this process: the frame cost (``processEvents()`` at ~30 Hz, every
repaint and the live clock's catch-up included) and the CPU of the whole receiving process
(every thread: window, receiver, snapshot worker), as a share of one core. After the last packet
the watchdog declares LOS and the impact is analysed; the process is then measured idle in LOS.

Baseline, in the same run: the same window replaying the same 1,000 packets/s flight from its
file at 1×, the same number of seconds — what a frame costs when nothing arrives.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.harness import OUT, ROOT, machine_line, record
from bench.stream import _scratch_settings, flight_at

RATES_HZ = (25.0, 250.0, 1000.0)
HEADER = (
    "| packets/s | live frame median / p95 (ms) | frame / replay | CPU live | CPU idle in LOS "
    "| lost | LOS + impact |\n|---|---|---|---|---|---|---|"
)
SECONDS = float(os.environ.get("BENCH_LIVE_SECONDS", "60"))
IDLE_S = 10.0
FRAME_S = 1 / 30


def _files() -> dict[float, Path]:
    from replay.io import write_flight

    OUT.mkdir(parents=True, exist_ok=True)
    files = {}
    for rate in RATES_HZ:
        path = OUT / f"live_{rate:.0f}hz_{SECONDS:.0f}s.ccsds"
        if not path.exists():
            write_flight(flight_at(rate, SECONDS), path)  # type: ignore[arg-type]
        files[rate] = path
    return files


def _frames(app: Any, until: Any) -> dict[str, float]:
    """Process events at ~30 Hz until ``until()``: frame times and the process's CPU share."""
    frames: list[float] = []
    wall0, cpu0 = time.perf_counter(), time.process_time()
    while not until():
        start = time.perf_counter()
        app.processEvents()
        frames.append((time.perf_counter() - start) * 1e3)
        time.sleep(max(0.0, FRAME_S - (time.perf_counter() - start)))
    wall = time.perf_counter() - wall0
    return {
        "median_ms": statistics.median(frames) if frames else float("nan"),
        "p95_ms": float(np.percentile(frames, 95)) if frames else float("nan"),
        "cpu_pct": 100.0 * (time.process_time() - cpu0) / wall,
        "frames": float(len(frames)),
    }


def _window(scratch: str) -> Any:
    from replay.qt.main_window import MainWindow

    w = MainWindow(_scratch_settings(scratch))
    w.resize(1600, 950)
    w.show()
    return w


def live_run(app: Any, path: Path) -> dict[str, float]:
    from replay.stream.receiver import Receiver

    with tempfile.TemporaryDirectory() as scratch:
        rx = Receiver(port=0, record=Path(scratch) / "rx.ccsds").start()
        w = _window(scratch)
        w.live.attach(rx)
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.stream", "sender", str(path), str(rx.port)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        run = _frames(app, lambda: proc.poll() is not None)
        sent = json.loads(proc.stdout.read().strip().splitlines()[-1])["sent"]  # type: ignore[union-attr]
        panel = w.page.signal_panel
        _frames(app, _within(30.0, lambda: panel.status.text() == "LOS"))
        _frames(app, _within(60.0, lambda: _impact(w)))  # found once, after LOS
        idle = _frames(app, _within(IDLE_S, lambda: False))
        received = rx.counts["telemetry"] + rx.counts["metadata"]
        status, impact = panel.status.text(), _impact(w)
        w.live.stop()
        w.close()
    return {
        **{f"live_{k}": v for k, v in run.items()},
        **{f"idle_{k}": v for k, v in idle.items()},
        "sent": float(sent),
        "received": float(received),
        "los": float(status == "LOS"),
        "impact": float(impact),
    }


def _within(seconds: float, done: Any) -> Any:
    """``done()``, or true anyway once ``seconds`` have passed."""
    end = time.perf_counter() + seconds
    return lambda: done() or time.perf_counter() > end


def _impact(w: Any) -> bool:
    s = w.controller.session
    return s is not None and s.analysis.impact is not None


def replay_run(app: Any, path: Path) -> dict[str, float]:
    """The baseline: the same window replaying the same flight from its file at 1×."""
    from replay.session import load_session

    with tempfile.TemporaryDirectory() as scratch:
        w = _window(scratch)
        w.controller.set_session(load_session(path), 0.0)
        w.controller.clock.play()
        run = _frames(app, _within(SECONDS, lambda: False))
        w.close()
    return run


def worker(kind: str, path: str) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from replay.qt.app import _application

    app = _application()
    return live_run(app, Path(path)) if kind == "live" else replay_run(app, Path(path))


def _in_fresh_process(kind: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.live", kind, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.live {kind} failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> str:
    files = _files()
    base = _in_fresh_process("replay", files[1000.0])
    runs = {rate: _in_fresh_process("live", files[rate]) for rate in RATES_HZ}
    rows = []
    for rate, r in runs.items():
        lost = int(r["sent"] - r["received"])
        rows.append(
            f"| {rate:,.0f} | {r['live_median_ms']:.1f} / {r['live_p95_ms']:.1f} | "
            f"{r['live_median_ms'] / base['median_ms']:.2f} | {r['live_cpu_pct']:.0f} % | "
            f"{r['idle_cpu_pct']:.1f} % | {lost} | {'yes' if r['los'] and r['impact'] else 'NO'} |"
        )
    top = runs[1000.0]
    verdict = "met" if top["live_median_ms"] <= 8.0 else "NOT met"
    md = f"""## The live window (issue 15)

Machine: {machine_line()}.

The full main window (1600×950 offscreen: plots, map, timeline, signal and link panels) follows
a pass sent in real time over loopback by another process, {SECONDS:.0f} s of MS-04 resampled to
each rate, 30 channels a packet. A frame is one `processEvents()` at ~30 Hz (repaints and the
live clock's catch-up included); CPU is the whole receiving process (window, receiver thread,
snapshot worker) as a share of one core. Idle: {IDLE_S:.0f} s after LOS was declared and the
impact found. Baseline in the same run: the same window replaying the 1,000 packets/s flight
from its file at 1×: frame median {base["median_ms"]:.1f} ms (p95 {base["p95_ms"]:.1f}),
CPU {base["cpu_pct"]:.0f} %.

{HEADER}
{chr(10).join(rows)}

Target: live frame median at 1,000 packets/s ≤ 8 ms — {verdict} ({top["live_median_ms"]:.1f} ms).
"""
    record("live", md)
    return md


if __name__ == "__main__":
    if len(sys.argv) > 2:
        print(json.dumps(worker(sys.argv[1], sys.argv[2])))
    else:
        print(main())
