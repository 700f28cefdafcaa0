"""Video for slides (issue 17): frames per second of ``ascent-replay video`` against the time of
a single ``snapshot`` of the same window, and the derived channels' cost on a big flight.

The issue's clip: Progress MS-04 from T+370 to T+400 at 1x and 25 fps, 750 frames at 1600x950.
Each run is a fresh process that loads the session once, then times, in this order: one
snapshot (a new offscreen window brought to one time and grabbed: what ``ascent-replay
snapshot`` does once the file is read), the 750 frames rendered without encoding, and the 750
frames rendered and encoded to H.264 (FFmpeg working in its own process).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import PeakAnonMemory, machine_line, record, run_worker

RUNS = 3
SIZE = (1600, 950)
T_FROM, T_TO, FPS = 370.0, 400.0, 25.0


def worker() -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from replay.qt.app import _application, snapshot
    from replay.qt.main_window import MainWindow
    from replay.qt.video import FrameRenderer, write_video
    from replay.resources import sample
    from replay.session import load_session
    from replay.videos import VideoWriter, frame_times

    path = str(sample("progress-ms-04"))
    session = load_session(path)
    _application()
    times = frame_times(T_FROM, T_TO, 1.0, FPS)
    scratch = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    snapshot(path, 385.0, str(scratch / "one.png"), SIZE, session=session)
    snapshot_s = time.perf_counter() - start

    with FrameRenderer(session, path, SIZE, window=MainWindow) as renderer:
        start = time.perf_counter()
        for t in times:
            renderer.frame(float(t))
        render_s = time.perf_counter() - start

    with FrameRenderer(session, path, SIZE, window=MainWindow) as renderer:
        start = time.perf_counter()
        with VideoWriter(scratch / "ms04.mp4", SIZE, FPS) as writer:
            write_video(renderer, times, writer)
        video_s = time.perf_counter() - start
    return {
        "frames": float(times.size),
        "snapshot_s": snapshot_s,
        "render_s": render_s,
        "video_s": video_s,
        "video_bytes": float((scratch / "ms04.mp4").stat().st_size),
    }


def derived_worker() -> dict[str, float]:
    """``with_derived`` on the bench's 1M-row flight: time and memory, against reading it."""
    from bench.harness import OUT
    from bench.read_csv import make_file
    from replay.analysis.derived import with_derived
    from replay.io import read_flight
    from replay.resources import sample

    path = OUT / "read_1m_x20.csv"
    make_file(path)
    start = time.perf_counter()
    flight = read_flight(path)
    read_s = time.perf_counter() - start
    with PeakAnonMemory() as mem:
        start = time.perf_counter()
        more = with_derived(flight)
        derive_s = time.perf_counter() - start
    added = sum(more.channels[n].nbytes for n in set(more.channels) - set(flight.channels))
    final = flight.t_s.nbytes + sum(a.nbytes for a in flight.channels.values())
    ms04 = read_flight(sample("progress-ms-04"))
    start = time.perf_counter()
    ms04_more = with_derived(ms04)
    ms04_s = time.perf_counter() - start
    ms04_added = sum(
        ms04_more.channels[n].nbytes for n in set(ms04_more.channels) - set(ms04.channels)
    )
    return {
        "ms04_rows": float(ms04.n_samples),
        "ms04_s": ms04_s,
        "ms04_bytes": float(ms04.t_s.nbytes + sum(a.nbytes for a in ms04.channels.values())),
        "ms04_added_bytes": float(ms04_added),
        "ms04_channels": float(len(ms04_more.channels) - len(ms04.channels)),
        "rows": float(flight.n_samples),
        "read_s": read_s,
        "derive_s": derive_s,
        "flight_bytes": float(final),
        "added_bytes": float(added),
        "peak_bytes": float(mem.grown_bytes),
        "channels": float(len(more.channels) - len(flight.channels)),
    }


def main() -> str:
    runs = [run_worker("bench.video", "worker") for _ in range(RUNS)]
    big = [run_worker("bench.video", "derived") for _ in range(RUNS)]

    def med(rows: list[dict[str, float]], key: str) -> float:
        return float(statistics.median(r[key] for r in rows))

    n = int(runs[0]["frames"])
    snap = med(runs, "snapshot_s")
    render_fps = n / med(runs, "render_s")
    video_fps = n / med(runs, "video_s")
    rows = [
        f"| one snapshot (new window, one frame) | {snap:.2f} s | {1 / snap:.2f} | 1.00 |",
        f"| frames rendered, not encoded | {med(runs, 'render_s'):.1f} s | {render_fps:.1f} |"
        f" {render_fps * snap:.1f} |",
        f"| frames rendered and encoded (H.264) | {med(runs, 'video_s'):.1f} s | {video_fps:.1f} |"
        f" {video_fps * snap:.1f} |",
    ]
    read_s, derive_s = med(big, "read_s"), med(big, "derive_s")

    def mb(key: str) -> str:
        return f"{med(big, key) / 1e6:.2f}"

    derived_rows = [
        f"| bench 1M-row file (no Mach or flight-path angle of its own) |"
        f" {int(big[0]['rows']):,} | {int(big[0]['channels'])} | {derive_s:.2f} |"
        f" {derive_s / read_s:.2f} | {mb('flight_bytes')} | {mb('added_bytes')} |"
        f" {mb('peak_bytes')} |",
        f"| bundled Progress MS-04 | {int(big[0]['ms04_rows']):,} |"
        f" {int(big[0]['ms04_channels'])} | {med(big, 'ms04_s'):.4f} | — |"
        f" {mb('ms04_bytes')} | {mb('ms04_added_bytes')} | — |",
    ]
    md = f"""## Video for slides (issue 17)

`ascent-replay video sample_telemetry/progress-ms-04.csv.gz --from {T_FROM:g} --to {T_TO:g}
--fps {FPS:g}`: {n} frames at {SIZE[0]}×{SIZE[1]}, one offscreen window seeked and grabbed per
frame, FFmpeg (imageio-ffmpeg) encoding in its own process. Median of {RUNS} fresh processes;
the baseline is one `snapshot` of the same window in the same process. Machine:
{machine_line()}.

| measure | time | frames per second | frames in the time of one snapshot |
|---|---|---|---|
{chr(10).join(rows)}

The clip is {med(runs, "video_bytes") / 1e6:.1f} MB.

The derived channels (`replay.analysis.derived`), added to the flight by `open_session` as
extra columns; the file's columns are shared, not copied. Median of {RUNS} fresh processes:

| flight | rows | derived | time (s) | / reading it | columns (MB) | added (MB) | peak (MB) |
|---|---|---|---|---|---|---|---|
{chr(10).join(derived_rows)}
"""
    record("video", md)
    return md


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        print(json.dumps(worker()))
    elif len(sys.argv) > 1 and sys.argv[1] == "derived":
        print(json.dumps(derived_worker()))
    else:
        print(main())
