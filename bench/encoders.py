"""Which video encoder (issue 17): PyAV against imageio-ffmpeg, both FFmpeg in their wheels.

Not part of ``make bench``: PyAV is not a dependency. Run ``pip install av`` in the venv, then
``python -m bench encoders``. Each encoder writes 750 frames at 1600x950 to H.264 in a fresh
process, median of 3, interleaved: 50 frames of the MS-04 replay rendered once, in turn (the
encoder alone), and the video command's loop (each frame rendered, then encoded). The installed
size is that of the package's folders in site-packages.
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.harness import OUT, machine_line, record, run_worker

RUNS = 3
FRAMES = 750
SIZE = (1600, 950)
FOLDERS = {"av": ("av", "av.libs"), "imageio_ffmpeg": ("imageio_ffmpeg",)}


def _frames() -> np.ndarray:
    path = OUT / "encoder-frames.npy"
    if not path.exists():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from replay.qt.app import _application
        from replay.qt.main_window import MainWindow
        from replay.qt.video import FrameRenderer
        from replay.resources import sample
        from replay.session import load_session

        _application()
        session = load_session(sample("progress-ms-04"))
        renderer = FrameRenderer(session, "bench", SIZE, window=MainWindow)
        frames = np.stack([renderer.frame(370.0 + k * 0.6) for k in range(50)])
        renderer.close()
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, frames)
    return np.asarray(np.load(path))


def worker(which: str, pipeline: bool = False) -> dict[str, float]:
    """Encode the frames with ``which``; with ``pipeline``, render each one first (the video
    command's whole loop: a replay window seeked and grabbed, then encoded)."""
    frames = _frames()
    if not pipeline:
        return _encode(which, lambda k: frames[k % len(frames)])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from replay.qt.app import _application
    from replay.qt.main_window import MainWindow
    from replay.qt.video import FrameRenderer
    from replay.resources import sample
    from replay.session import load_session

    _application()
    path = sample("progress-ms-04")
    with FrameRenderer(load_session(path), str(path), SIZE, window=MainWindow) as renderer:
        return _encode(which, lambda k: renderer.frame(370.0 + k / 25.0))


def _encode(which: str, next_frame: Callable[[int], np.ndarray]) -> dict[str, float]:
    w, h = SIZE
    out = Path(tempfile.mkdtemp()) / "clip.mp4"
    start = time.perf_counter()
    if which == "av":
        import av

        with av.open(str(out), "w") as box:
            stream = box.add_stream("libx264", rate=25)
            stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
            stream.options = {"crf": "20", "preset": "medium"}
            for k in range(FRAMES):
                frame = av.VideoFrame.from_ndarray(next_frame(k), format="rgb24")
                for packet in stream.encode(frame):
                    box.mux(packet)
            for packet in stream.encode():
                box.mux(packet)
    else:
        from replay.videos import VideoWriter

        with VideoWriter(out, (w, h), 25.0) as writer:
            for k in range(FRAMES):
                writer.write(next_frame(k))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "bytes": float(out.stat().st_size)}


def installed_mb(package: str) -> float:
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None
    site = Path(spec.origin).parents[1]
    total = 0
    for folder in FOLDERS[package]:
        total += sum(f.stat().st_size for f in (site / folder).rglob("*") if f.is_file())
    return total / 1e6


def main() -> str:
    _frames()
    times: dict[str, list[dict[str, float]]] = {
        f"{which} {mode}": [] for mode in ("encode", "render+encode") for which in FOLDERS
    }
    for _ in range(RUNS):
        for key, runs in times.items():
            which, mode = key.split()
            runs.append(run_worker("bench.encoders", "worker", which, mode))
    rows = []
    for key, runs in times.items():
        which, mode = key.split()
        base = statistics.median(r["seconds"] for r in times[f"imageio_ffmpeg {mode}"])
        s = statistics.median(r["seconds"] for r in runs)
        mb = statistics.median(r["bytes"] for r in runs) / 1e6
        rows.append(
            f"| {which} | {mode} | {installed_mb(which):.0f} | {s:.1f} | {FRAMES / s:.1f} |"
            f" {s / base:.2f} | {mb:.2f} |"
        )
    md = f"""## Choosing the video encoder (issue 17)

{FRAMES} frames of the MS-04 replay at {SIZE[0]}×{SIZE[1]} to H.264 (libx264, CRF 20, preset
medium, yuv420p): "encode" encodes 50 frames rendered beforehand, in turn; "render+encode" is
the video command's loop, each frame rendered (T+370 to T+400) then encoded. Median of {RUNS}
fresh processes each, interleaved. Both wheels carry libx264, libwebp and GIF. Machine:
{machine_line()}.

| encoder | what | installed (MB) | time (s) | frames per second | / imageio-ffmpeg | file (MB) |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}
"""
    record("encoders", md)
    return md


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "worker":
        print(json.dumps(worker(sys.argv[2], pipeline=sys.argv[3] != "encode")))
    else:
        print(main())
