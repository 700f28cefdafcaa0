"""``make fuzz``: the damage fuzz test for half an hour, and the hostile extremes (issue 12).

Runs ``tests/io/test_fuzz.py::test_damage_gives_a_flight_or_the_documented_error`` again and
again with new seeds (and a whole bundled flight among the sources) for ``FUZZ_MINUTES``
(default 30), each run a fresh process. Reports the cases run, the failures (0 expected), the
slowest case (a hang is one over 20 s) and the peak resident memory of the runs; then reads a
20 MB decompression bomb and a 1 MB .gz holding one 1 GiB line, each in a fresh process, with
their peak memory (target: under 1.5 GB for any input under 20 MB).
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from bench.harness import OUT, ROOT, machine_line, record

RUN_EXAMPLES = 2000


def extreme_worker(path: Path) -> dict[str, object]:
    from replay.core.errors import TelemetryFormatError
    from replay.io import read_flight

    start = time.perf_counter()
    try:
        flight = read_flight(path)
        outcome = f"read {flight.n_samples} samples"
    except TelemetryFormatError as exc:
        outcome = str(exc).split(": ", 1)[1][:90]
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_kb / 1024, "outcome": outcome}


def _extremes() -> dict[str, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    bomb, line = OUT / "bomb-20mb.csv.gz", OUT / "line-1gib.csv.gz"
    if not bomb.exists():
        from replay.io.native_csv import to_text
        from tests.factories import make_flight

        text = to_text(make_flight(30)).encode()
        head, rows = text.split(b"t_s [s]", 1)
        header = head + b"t_s [s]" + rows.split(b"\n", 1)[0] + b"\n"
        row = rows.split(b"\n")[1] + b"\n"
        with gzip.open(bomb, "wb", compresslevel=9) as out:  # repeat until 20 MB compressed
            out.write(header.replace(b"# samples: 30\n", b""))
            chunk = row * 200_000
            while bomb.stat().st_size < 20_000_000:
                out.write(chunk)
    if not line.exists():
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        with line.open("wb") as out:
            out.write(packer.compress(b"t,x\n0,"))
            block = b"1" * (1 << 24)
            for _ in range(64):  # 1 GiB of one line
                out.write(packer.compress(block))
            out.write(packer.flush())
    return {"20 MB .gz decompression bomb": bomb, "1 MB .gz holding one 1 GiB line": line}


def main() -> str:
    minutes = float(os.environ.get("FUZZ_MINUTES", "30"))
    end = time.monotonic() + 60 * minutes
    log = Path(tempfile.mkdtemp()) / "cases.log"
    env = {**os.environ, "FUZZ_BIG": "1", "FUZZ_LOG": str(log), "FUZZ_EXAMPLES": str(RUN_EXAMPLES)}
    runs = failures = 0
    test = "tests/io/test_fuzz.py::test_damage_gives_a_flight_or_the_documented_error"
    while time.monotonic() < end:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                test,
                f"--hypothesis-seed={runs}",
                "--basetemp",
                str(log.parent / f"t{runs}"),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=False,
        )
        runs += 1
        failures += done.returncode != 0
        if done.returncode != 0:
            print(done.stdout[-3000:], file=sys.stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cases = [line.split() for line in log.read_text().splitlines()]
    slowest = max(float(c[0]) for c in cases)
    largest = max(int(c[1]) for c in cases)
    extremes = []
    for what, path in _extremes().items():
        got = subprocess.run(
            [sys.executable, "-m", "bench.fuzz", "extreme", str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        r = json.loads(got.stdout.strip().splitlines()[-1])
        size = path.stat().st_size / 1e6
        extremes.append(
            f"| {what} ({size:.1f} MB) | {r['seconds']:.1f} s | {r['peak_mb']:.0f} MB |"
            f" {r['outcome']} |"
        )
    md = f"""## Fuzzing damaged files (issue 12)

`make fuzz`: {minutes:g} minutes, {runs} runs of the damage test with new seeds, {len(cases):,}
damaged files (up to {largest / 1e6:.1f} MB: the bundled MS-04 flight among the sources, as
text, gzip and packets; cuts, flips and junk in the .gz bytes too), each read and, when read,
analysed. Machine: {machine_line()}.

- failures (a crash, a wrong error, an analysis that crashes on what was read): **{failures}**
- slowest case: **{slowest:.2f} s** (a hang would be over 20 s)
- peak resident memory of a run: **{peak_mb:.0f} MB**

Hostile extremes, each read in a fresh process (target: under 1.5 GB for any input under 20 MB):

| input | time | peak memory | outcome |
|---|---|---|---|
{chr(10).join(extremes)}
"""
    record("fuzz", md)
    return md


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "extreme":
        print(json.dumps(extreme_worker(Path(sys.argv[2]))))
    else:
        print(main())
