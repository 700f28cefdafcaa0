"""Loading a 2 GB CSV (issue 12): memory, progress, cancel, and the window's responsiveness.

Targets: peak memory at most 2x the final arrays while reading; progress that moves (the longest
wait between two progress reports); Cancel honoured within 0.5 s; while the window loads and
shows the file, no stall of its event loop over 100 ms (a 5 ms timer on the GUI thread records
the longest gap between its ticks). Each measure runs in a fresh process.

The file is the 1,000,000-row, 20-channel file of ``bench.read_csv`` repeated end to end, time
and frame shifted, to about 2 GB (made once, kept in bench/out/).
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from pathlib import Path

from bench.harness import OUT, PeakAnonMemory, machine_line, record, run_worker
from bench.read_csv import make_file

COPIES = 8  # of the 1M-row file: 8.0M rows, about 2 GB
STEP_S = 1_000_000 / 25.0  # the 1M-row file spans 40,000 s


def make_big(path: Path) -> None:
    """Repeat the 1M-row file ``COPIES`` times, each copy shifted in time and frame."""
    if path.exists():
        return
    small = OUT / "read_1m_x20.csv"
    make_file(small)
    lines = small.read_text(encoding="utf-8").split("\n")
    header = [ln for ln in lines if ln.startswith("#")]
    columns = lines[len(header)]
    rows = [ln for ln in lines[len(header) + 1 :] if ln]
    header = [ln for ln in header if not ln.startswith("# samples:")]
    with path.open("w", encoding="utf-8") as out:
        out.write("\n".join(header) + f"\n# samples: {COPIES * len(rows)}\n{columns}\n")
        for k in range(COPIES):
            dt, df = k * STEP_S, k * len(rows)
            for i in range(0, len(rows), 100_000):
                chunk = []
                for row in rows[i : i + 100_000]:
                    t, frame, rest = row.split(",", 2)
                    chunk.append(f"{float(t) + dt!r},{int(frame) + df},{rest}")
                out.write("\n".join(chunk) + "\n")


def read_worker(path: Path) -> dict[str, float]:
    from replay.io import read_flight

    stamps: list[float] = []
    with PeakAnonMemory() as mem:
        start = time.perf_counter()
        flight = read_flight(path, progress=lambda _f: stamps.append(time.perf_counter()))
        seconds = time.perf_counter() - start
    final = flight.t_s.nbytes + sum(a.nbytes for a in flight.channels.values())
    gaps = [b - a for a, b in zip([start, *stamps], [*stamps, start + seconds], strict=True)]
    return {
        "seconds": seconds,
        "rows": float(flight.n_samples),
        "peak_bytes": float(mem.grown_bytes),
        "final_bytes": float(final),
        "longest_silence_s": max(gaps),
        "reports": float(len(stamps)),
    }


def cancel_worker(path: Path) -> dict[str, float]:
    from replay.io import read_flight
    from replay.io.source import LoadCancelled

    halfway = threading.Event()
    stop = threading.Event()
    ended: list[float] = []

    def run() -> None:
        try:
            read_flight(
                path,
                progress=lambda f: halfway.set() if f >= 0.5 else None,
                cancelled=stop.is_set,
            )
        except LoadCancelled:
            ended.append(time.perf_counter())

    worker = threading.Thread(target=run)
    worker.start()
    halfway.wait()
    asked = time.perf_counter()
    stop.set()
    worker.join()
    return {"cancel_s": (ended[0] - asked) if ended else float("nan")}


def window_worker(path: Path) -> dict[str, float]:
    """``ascent-replay FILE`` as it starts (replay.qt.app.start); from the window shown to the
    whole analysis shown, a 5 ms timer on the GUI thread records every gap in its ticks."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from replay.qt.app import start

    launched = time.perf_counter()
    app, w = start(str(path))
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    marks: dict[str, float] = {}
    w.loader.loaded.connect(lambda *_: marks.setdefault("loaded", time.perf_counter()))

    def done(*_: object) -> None:
        marks.setdefault("done", time.perf_counter())
        QTimer.singleShot(300, app.quit)  # type: ignore[attr-defined]  # and paint it

    def failed(message: str, _path: str) -> None:
        print(message, file=sys.stderr)
        app.quit()  # type: ignore[attr-defined]

    w.loader.finished.connect(done)
    w.loader.failed.connect(failed)
    timer.start()
    app.exec()  # type: ignore[attr-defined]
    timer.stop()
    w.close()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    return {
        "loaded_s": marks["loaded"] - launched,
        "done_s": marks["done"] - launched,
        "stall_s": max(gaps) if gaps else float("nan"),
    }


def main() -> str:
    path = OUT / "load_8m_x20.csv"
    make_big(path)
    read = run_worker("bench.load_big", "read", str(path))
    cancel = run_worker("bench.load_big", "cancel", str(path))
    window = run_worker("bench.load_big", "window", str(path))
    size_gb = path.stat().st_size / 1e9
    ratio = read["peak_bytes"] / read["final_bytes"]
    rows = [
        ("read_flight", f"{read['seconds']:.1f} s", "—"),
        (
            "peak anonymous memory while reading / final arrays",
            f"{read['peak_bytes'] / 1e9:.2f} GB / {read['final_bytes'] / 1e9:.2f} GB"
            f" = **{ratio:.2f}x**",
            "≤ 2x",
        ),
        (
            "progress reports while reading; longest wait between two",
            f"{int(read['reports'])}; {read['longest_silence_s']:.2f} s",
            "moves",
        ),
        (
            "Cancel at 50 %: until the reader stops",
            f"{cancel['cancel_s'] * 1e3:.0f} ms",
            "≤ 500 ms",
        ),
        (
            "`ascent-replay FILE`: launch to a playable replay / to the whole analysis",
            f"{window['loaded_s']:.1f} s / {window['done_s']:.1f} s",
            "—",
        ),
        (
            "longest stall of the window's event loop while loading and showing it",
            f"{window['stall_s'] * 1e3:.0f} ms",
            "≤ 100 ms",
        ),
    ]
    table = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    md = f"""## Loading a 2 GB CSV (issue 12)

{int(read["rows"]):,} rows x 20 channels + time ({size_gb:.2f} GB), native CSV, each measure in a
fresh process. Machine: {machine_line()}.

| measure | value | target |
|---|---|---|
{table}
"""
    record("load-big", md)
    return md


if __name__ == "__main__":
    if len(sys.argv) > 2:
        kind, target = sys.argv[1], Path(sys.argv[2])
        fn = {"read": read_worker, "cancel": cancel_worker, "window": window_worker}[kind]
        print(json.dumps(fn(target)))
    else:
        print(main())
