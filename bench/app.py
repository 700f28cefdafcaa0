"""The replay window with a 1,000,000-sample flight, offscreen (issue 5).

Targets: one replay frame (clock tick to every view updated and painted) under 8 ms median; a
seek under 16 ms at the 95th percentile; the window shown within 2 s of start. A frame here is
``clock.seek(t + dt)`` followed by ``processEvents()``, which paints what the views marked dirty,
as the running app does; a forced repaint of the whole window is reported as the worst case.
The reference is a plain pyqtgraph window of the same size with four 2,000-point curves, a
frame of which is timed in the same process: it shows how fast this machine paints today.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench.harness import ROOT, machine_line, record, run_worker

FRAMES = 400
SEEKS = 200
RUNS = 3


def _window(session: object) -> tuple[object, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    from PySide6.QtCore import QSettings

    from replay.qt.app import _application
    from replay.qt.main_window import MainWindow

    app = _application()
    scratch = tempfile.mkdtemp()
    w = MainWindow(QSettings(str(Path(scratch) / "s.ini"), QSettings.Format.IniFormat))
    w.resize(1600, 950)
    w.show()
    w.show_session(session, "bench", t_s=0.0)  # type: ignore[arg-type]
    for _ in range(5):
        app.processEvents()  # type: ignore[attr-defined]
    return app, w


def frames_worker() -> dict[str, float]:
    from bench.analyze import big_flight
    from replay.analysis.flight_analysis import analyze
    from replay.core.limits import limits_for
    from replay.session import Session

    flight = big_flight()
    session = Session(flight, analyze(flight, places=False), limits_for(flight))  # type: ignore[arg-type]
    _app, w = _window(session)
    clock = w.controller.clock  # type: ignore[attr-defined]
    for _ in range(20):
        _app.processEvents()  # type: ignore[attr-defined]

    def timed_ms(t_s: float, full: bool = False) -> float:
        start = time.perf_counter()
        clock.seek(t_s)
        if full:
            w.repaint()  # type: ignore[attr-defined]
        _app.processEvents()  # type: ignore[attr-defined]
        return (time.perf_counter() - start) * 1e3

    # Playing through staging towards the loss of signal, at 1x (60 frames a second).
    frame_ms = [timed_ms(300.0 + k / 60) for k in range(1, FRAMES + 1)]
    full_ms = [timed_ms(310.0 + k / 60, full=True) for k in range(1, FRAMES // 4)]
    rng = np.random.default_rng(0)
    seek_ms = [timed_ms(float(x)) for x in rng.uniform(session.start_s, session.end_s, SEEKS)]
    w.close()  # type: ignore[attr-defined]
    return {
        "samples": float(flight.n_samples),  # type: ignore[attr-defined]
        "frame_median_ms": statistics.median(frame_ms),
        "frame_p95_ms": float(np.percentile(frame_ms, 95)),
        "full_repaint_median_ms": statistics.median(full_ms),
        "seek_median_ms": statistics.median(seek_ms),
        "seek_p95_ms": float(np.percentile(seek_ms, 95)),
        "reference_frame_ms": reference_frame_ms(_app),
    }


def reference_frame_ms(app: object) -> float:
    """A frame of a plain pyqtgraph window of the same size: four 2,000-point curves."""
    import pyqtgraph as pg

    win = pg.GraphicsLayoutWidget()
    win.resize(1600, 950)
    x = np.linspace(0, 600, 2000)
    curves = []
    for row in range(4):
        plot = win.addPlot(row=row, col=0)
        curves.append(plot.plot(x, np.sin(x / (row + 1)), pen=pg.mkPen("c", width=1)))
    win.show()
    times = []
    for k in range(200):
        start = time.perf_counter()
        for c in curves:
            c.setData(x[: 1000 + k * 5], np.sin(x[: 1000 + k * 5] / 3 + k))
        app.processEvents()  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1e3)
    win.close()
    return float(statistics.median(times))


def startup_seconds() -> float:
    """Wall time from launching the process to the window being shown (offscreen)."""
    code = (
        "import os, time; os.environ['QT_QPA_PLATFORM']='offscreen';"
        "from replay.qt.app import _application; from replay.qt.main_window import MainWindow;"
        "app=_application(); w=MainWindow(); w.show(); app.processEvents();"
        "print(time.time()); w.close()"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=ROOT
    )
    shown = float(out.stdout.strip().splitlines()[-1])
    return shown - start


def main() -> str:
    runs = [run_worker("bench.app", "worker") for _ in range(RUNS)]
    start_s = statistics.median(startup_seconds() for _ in range(5))
    ref = float(statistics.median(r["reference_frame_ms"] for r in runs))

    def med(key: str) -> float:
        return float(statistics.median(r[key] for r in runs))

    rows = [
        ("replay frame, median", "frame_median_ms", 8.0),
        ("replay frame, 95th percentile", "frame_p95_ms", None),
        ("frame with a forced full-window repaint, median", "full_repaint_median_ms", None),
        ("seek, median", "seek_median_ms", None),
        ("seek, 95th percentile", "seek_p95_ms", 16.0),
    ]
    table = []
    for label, key, budget in rows:
        value = med(key)
        vs_budget = "—" if budget is None else f"{value / budget:.2f}"
        table.append(
            f"| {label} | {value:.1f} | {budget or '—'} | {vs_budget} | {value / ref:.2f} |"
        )
    table.append(f"| reference frame (plain pyqtgraph, 4 curves) | {ref:.1f} | — | — | 1.00 |")
    table.append(
        f"| start to window shown (median of 5), s | {start_s:.2f} | 2 | {start_s / 2:.2f} | — |"
    )
    md = f"""## The replay window (issue 5)

{int(runs[0]["samples"]):,}-sample flight (Progress MS-04 resampled), 1600×950 window, offscreen;
a frame is `clock.seek(t)` plus `processEvents()` (the views paint what they marked dirty).
Median of {RUNS} processes, {FRAMES} frames of 1× playback (from T+300 s) and {SEEKS} random
seeks each. The reference frame is a plain pyqtgraph window of the same size whose four
2,000-point curves get new data, timed in the same processes. Machine: {machine_line()}.

| measure | ms | budget | / budget | / reference frame |
|---|---|---|---|---|
{chr(10).join(table)}
"""
    record("app", md)
    return md


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        print(json.dumps(frames_worker()))
    else:
        print(main())
