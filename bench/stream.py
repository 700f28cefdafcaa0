"""Live packets and packet files (issue 6).

1. On loopback, 1,000 packets a second of 30 channels for 5 minutes, sent by another process:
   packets lost by the receiver, the live view's frame cost (refresh + paint) while receiving,
   and memory against the data kept.
2. Reading a 1,000,000-packet file, in a fresh process, against reading the same flight as a
   native CSV (the baseline measured in the same run).
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

from bench.harness import OUT, ROOT, machine_line, record, run_worker, timed

RATE_HZ = 1000.0
DURATION_S = float(os.environ.get("BENCH_STREAM_SECONDS", "300"))
FILE_PACKETS = 1_000_000


def flight_at(rate_hz: float, duration_s: float) -> object:
    """The MS-04 sample resampled to ``rate_hz`` and all 30 packet slots filled."""
    from replay.core.flight import Flight
    from replay.io import read_flight
    from replay.resources import sample

    f = read_flight(sample("progress-ms-04"))
    t = np.arange(0.0, duration_s, 1.0 / rate_hz)
    chans = {n: np.interp(t, f.t_s, v.astype(np.float64)) for n, v in f.channels.items()}
    chans["frame"] = np.arange(t.size, dtype=np.int64)
    chans["stage"] = np.rint(chans["stage"]).astype(np.int64)
    units = dict(f.units)
    for k in range(1, 12):  # the rest of the slots: 30 channels in every packet
        chans[f"sensor_{k}"] = np.sin(t / k) * k
        units[f"sensor_{k}"] = "1"
    chans["pc_spare_bar"], units["pc_spare_bar"] = np.zeros(t.size), "bar"
    return Flight(t, chans, units, f.meta)


def sender(path: str, port: str) -> None:
    from replay.io import read_flight
    from replay.stream.transmit import transmit

    stats = transmit(read_flight(path), ("127.0.0.1", int(port)), speed=1.0)
    print(json.dumps({"sent": stats.sent, "wall_s": stats.wall_s}))


def rss_mb() -> float:
    with Path("/proc/self/status").open() as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def live() -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from replay.io import write_flight
    from replay.qt.app import _application
    from replay.qt.main_window import MainWindow
    from replay.stream.receiver import Receiver

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"live_1khz_{DURATION_S:.0f}s.ccsds"
    if not path.exists():
        write_flight(flight_at(RATE_HZ, DURATION_S), path)  # type: ignore[arg-type]
    app = _application()
    with tempfile.TemporaryDirectory() as scratch:
        rx = Receiver(port=0, record=Path(scratch) / "rx.ccsds").start()
        w = MainWindow(_scratch_settings(scratch))
        w.resize(1600, 950)
        w.show()
        w.live.attach(rx)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.stream", "sender", str(path), str(rx.port)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        base_mb, frames, cpu, samples_mb = rss_mb(), [], [], []
        while proc.poll() is None:
            start, start_cpu = time.perf_counter(), time.thread_time()
            app.processEvents()  # type: ignore[attr-defined]
            frames.append((time.perf_counter() - start) * 1e3)
            cpu.append((time.thread_time() - start_cpu) * 1e3)
            if len(frames) % 300 == 0:
                samples_mb.append(rss_mb() - base_mb)
            time.sleep(max(0.0, 1 / 30 - (time.perf_counter() - start)))
        sent = json.loads(proc.stdout.read().strip().splitlines()[-1])["sent"]  # type: ignore[union-attr]
        time.sleep(1.0)
        received = rx.counts["telemetry"] + rx.counts["metadata"]
        kept = len(rx.buffer) * (len(rx.layout.fields) + 2) * 8 / 2**20
        w.live.stop()
        w.close()
    return {
        "sent": sent,
        "received": received,
        "frame_median_ms": statistics.median(frames),
        "frame_p95_ms": float(np.percentile(frames, 95)),
        "frame_cpu_median_ms": statistics.median(cpu),
        "grown_mb": samples_mb[-1],
        "kept_mb": kept,
        "frames": len(frames),
    }


def _scratch_settings(folder: str) -> Any:
    from PySide6.QtCore import QSettings

    return QSettings(str(Path(folder) / "bench.ini"), QSettings.Format.IniFormat)


def load_worker(kind: str, path: str) -> dict[str, float]:
    if kind == "ccsdspy":
        return ccsdspy_worker(path)
    from replay.io import read_flight

    seconds, flight = timed(lambda: read_flight(path))
    return {"seconds": seconds, "samples": float(flight.n_samples)}


def ccsdspy_worker(path: str) -> dict[str, float]:
    """The library baseline: ccsdspy splitting the file by APID and decoding the telemetry
    packets' raw fields (no time order, counter unwrapping or geodesy: less than we do)."""
    import ccsdspy
    from ccsdspy.utils import split_by_apid

    from replay.packets.layout import load_layout

    layout = load_layout()
    kinds = {"f8": ("float", 64), "f4": ("float", 32), "u1": ("uint", 8)}
    fields = [
        ccsdspy.PacketField(name="cuc_coarse", data_type="uint", bit_length=32),
        ccsdspy.PacketField(name="cuc_fine", data_type="uint", bit_length=24),
        *(
            ccsdspy.PacketField(
                name=f.slot, data_type=kinds[f.type][0], bit_length=kinds[f.type][1]
            )
            for f in layout.fields
        ),
    ]

    def decode() -> Any:
        return ccsdspy.FixedLength(fields).load(split_by_apid(path)[layout.telemetry_apid])

    seconds, data = timed(decode)
    return {"seconds": seconds, "samples": float(len(data["cuc_coarse"]))}


def main() -> str:
    from replay.io import write_flight

    OUT.mkdir(parents=True, exist_ok=True)
    packets, csv = OUT / "file_1m.ccsds", OUT / "file_1m.csv"
    if not packets.exists() or not csv.exists():
        f = flight_at(FILE_PACKETS / 600.0, 600.0)
        write_flight(f, packets)  # type: ignore[arg-type]
        write_flight(f, csv)  # type: ignore[arg-type]
    loads = {
        k: [run_worker("bench.stream", "load", k, str(p))["seconds"] for _ in range(3)]
        for k, p in (("packets", packets), ("csv", csv), ("ccsdspy", packets))
    }
    t_pk, t_csv = statistics.median(loads["packets"]), statistics.median(loads["csv"])
    t_lib = statistics.median(loads["ccsdspy"])
    lib_ratio = f"packets/ccsdspy {t_pk / t_lib:.2f}"
    r = live()
    lost = int(r["sent"] - r["received"])
    md = f"""## Live packets and packet files (issue 6)

Machine: {machine_line()}.

**Loopback**: {RATE_HZ:,.0f} packets/s of 30 channels for {DURATION_S:.0f} s, sent by another
process (`transmit`, real time) to the receiver and the live window (offscreen, 1100×800,
refreshed ~30 times a second; a frame is `refresh()` plus `processEvents()`).

| measure | value | target |
|---|---|---|
| packets sent / received | {int(r["sent"]):,} / {int(r["received"]):,} | none lost |
| packets lost by the receiver | {lost} | 0 |
| live frame, median / p95 (ms) | {r["frame_median_ms"]:.1f} / {r["frame_p95_ms"]:.1f} | < 8 |
| process memory grown while receiving | {r["grown_mb"]:.0f} MB | ≈ data kept |
| data kept (samples × 32 columns × 8 bytes) | {r["kept_mb"]:.0f} MB | — |

**Packet file**: {FILE_PACKETS:,} telemetry packets (154 MB), read in a fresh process, median of 3,
against the same flight as a native CSV read the same way.

| reader | time (s) | ratio | target |
|---|---|---|---|
| `.ccsds` packet file | {t_pk:.2f} | {t_pk / 1.0:.2f} of the 1 s budget | < 1 s |
| native `.csv` of the same flight (baseline) | {t_csv:.2f} | packets/csv {t_pk / t_csv:.2f} | — |
| ccsdspy: split by APID, `FixedLength.load` (bench-only baseline) | {t_lib:.2f} | {lib_ratio} | — |
"""
    record("stream", md)
    return md


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "sender":
        sender(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "load":
        print(json.dumps(load_worker(sys.argv[2], sys.argv[3])))
    else:
        print(main())
