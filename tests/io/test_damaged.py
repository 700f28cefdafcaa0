"""Damaged and hostile files (issue 12): one line naming the file and what was expected, never
an internal error, a hang or a silently wrong flight."""

from __future__ import annotations

import gzip
import json
import os
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from replay.analysis.flight_analysis import analyze
from replay.cli import main
from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight
from replay.io import read_flight, write_flight
from replay.io.native_csv import to_text
from replay.io.source import MAX_LINE_BYTES, LoadCancelled
from replay.resources import sample

MS04 = sample("progress-ms-04")


def refused(path: Path, *words: str, **options: object) -> TelemetryFormatError:
    """``path`` is refused in one line that names it (and these words), within 20 s."""
    box: list[BaseException | Flight] = []
    worker = threading.Thread(target=lambda: box.append(_attempt(path, **options)), daemon=True)
    worker.start()
    worker.join(20.0)
    assert not worker.is_alive(), f"reading {path.name} hangs"
    (err,) = box
    assert isinstance(err, TelemetryFormatError), f"expected a refusal, got {err!r}"
    text = str(err)
    assert "\n" not in text and text.startswith(str(path))
    for word in words:
        assert word in text, text
    return err


def _attempt(path: Path, **options: object) -> BaseException | Flight:
    try:
        return read_flight(path, **options)  # type: ignore[arg-type]
    except BaseException as exc:
        return exc


def cli(*args: str) -> tuple[int, str]:
    """Exit status and stderr of the command line run in this process."""
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(list(args))
    return status, err.getvalue()


# --- damaged .gz --------------------------------------------------------------------------------

DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda b: b[: int(len(b) * 0.7)],
    "crc": lambda b: b[:-8] + bytes(x ^ 0xFF for x in b[-8:-4]) + b[-4:],
    "junk": lambda b: b + b"this is not gzip at all",
    "deflate": lambda b: b[:200_000] + bytes(x ^ 0x5A for x in b[200_000:200_400]) + b[200_400:],
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_gzip_is_one_line_naming_the_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.csv.gz"
    path.write_bytes(DAMAGE[kind](MS04.read_bytes()))
    err = refused(path, "gzip")
    assert "ends early" in str(err) if kind == "truncated" else True
    assert "CRC" in str(err) if kind == "crc" else True
    for command in ("info", "analyze"):
        status, stderr = cli(command, str(path))
        assert status == 2 and stderr.count("\n") == 1 and str(path) in stderr


def test_a_gzip_cut_short_names_the_line_where_its_text_ends(tmp_path: Path) -> None:
    """The reader asks for big blocks and a cut .gz fails a block whole: the message still
    counts the text the file holds (zcat's count), not what had been handed out before."""
    whole = gzip.decompress(sample("progress-ms-04").read_bytes())
    cut = tmp_path / "cut.csv.gz"
    packed = gzip.compress(whole)
    cut.write_bytes(packed[: len(packed) // 2])
    text = zlib.decompressobj(31).decompress(cut.read_bytes())  # all that zcat prints
    err = refused(cut, "ends early")
    line = text.count(b"\n") + 1
    assert f"after {len(text):,} bytes of text (line {line})" in str(err)


def test_a_decompression_bomb_is_refused_before_memory_runs_out(tmp_path: Path) -> None:
    text = to_text(_small_flight()).encode()
    header, row = text.split(b"\n", 18)[:18], text.split(b"\n")[19]
    body = b"\n".join(header) + b"\n" + (row + b"\n") * (40_000_000 // len(row))
    path = tmp_path / "bomb.csv.gz"
    path.write_bytes(gzip.compress(body, compresslevel=9))
    assert path.stat().st_size * 32 < len(body) - 16 * 1024 * 1024
    refused(path, "expands more than 32 times", "bomb")


def test_one_enormous_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "line.csv.gz"
    path.write_bytes(gzip.compress(b"t,x\n0," + b"1" * (MAX_LINE_BYTES + 10), compresslevel=1))
    refused(path, "a line longer than 4 MiB", ":2:")


# --- what is not a file --------------------------------------------------------------------------


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "f.csv"
    os.mkfifo(fifo)
    refused(fifo, "FIFO")


def test_a_device_is_refused_not_read_for_ever(tmp_path: Path) -> None:
    zero = tmp_path / "zero.ccsds"
    zero.symlink_to("/dev/zero")
    refused(zero, "device")


# --- numbers --------------------------------------------------------------------------------------


def test_a_frame_counter_beyond_64_bits(tmp_path: Path, flight: Flight) -> None:
    lines = to_text(flight).splitlines()
    row = lines[19].split(",")
    row[1] = str(2**63)
    lines[19] = ",".join(row)
    path = tmp_path / "frame.csv"
    path.write_text("\n".join(lines) + "\n")
    err = refused(path, "out of range")
    assert (err.line, err.column) == (20, 2)
    assert cli("info", str(path))[0] == 2


@pytest.mark.parametrize("digits", [400, 5000])
def test_json_integers_of_hundreds_of_digits(tmp_path: Path, digits: int) -> None:
    big = "9" * digits
    rows = [{"t": 0, "x": 1}, {"t": 1, "x": 2}]
    channel = tmp_path / "channel.jsonl"
    channel.write_text("\n".join(json.dumps(r) for r in rows) + f'\n{{"t": 2, "x": {big}}}\n')
    assert read_flight(channel).channels["x"][-1] == float("inf")  # a channel may hold inf
    in_time = tmp_path / "time.jsonl"
    in_time.write_text("\n".join(json.dumps(r) for r in rows) + f'\n{{"t": {big}, "x": 3}}\n')
    err = refused(in_time, "finite time")
    assert err.line == 3
    assert cli("info", str(in_time))[0] == 2


def test_an_absurd_position_is_refused_without_numpy_warnings(
    tmp_path: Path, flight: Flight, recwarn: pytest.WarningsRecorder
) -> None:
    lines = to_text(flight).splitlines()
    names = [c.split(" [")[0] for c in lines[17].split(",")]
    row = lines[20].split(",")
    row[names.index("alt_m")] = "1e308"
    lines[20] = ",".join(row)
    path = tmp_path / "far.csv"
    path.write_text("\n".join(lines) + "\n")
    assert refused(path, "from the ECEF position").line == 21
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_one_sample_is_read_but_not_analysed(tmp_path: Path, flight: Flight) -> None:
    path = tmp_path / "one.csv"
    write_flight(flight.between(0.0, 0.0), path)
    assert read_flight(path).n_samples == 1
    assert cli("info", str(path))[0] == 0
    with pytest.raises(TelemetryFormatError, match="at least two"):
        analyze(read_flight(path))
    status, stderr = cli("analyze", str(path))
    assert status == 2 and "at least two" in stderr


# --- silently wrong -------------------------------------------------------------------------------


def test_a_foreign_row_with_a_missing_cell_is_named_not_read_as_nan(tmp_path: Path) -> None:
    rows = [f"{k * 0.1:.1f},{k},{2 * k}" for k in range(500)]
    rows[300] = "30.0,300"  # one cell short
    path = tmp_path / "short.csv"
    path.write_text("time,a,b\n" + "\n".join(rows) + "\n")
    assert refused(path, "expected 3 values").line == 302
    cut = tmp_path / "cut.csv"
    cut.write_text("time,a,b\n" + "\n".join(r for k, r in enumerate(rows) if k != 300) + "\n50.0,5")
    assert "truncated" in str(refused(cut, "expected 3 values"))


def test_a_native_file_cut_at_a_line_boundary_is_caught(tmp_path: Path, flight: Flight) -> None:
    lines = to_text(flight).splitlines()
    path = tmp_path / "cut.csv"
    path.write_text("\n".join(lines[:-50]) + "\n")
    refused(path, "150 rows of samples, but the header says samples: 200", "cut short")


# --- headers --------------------------------------------------------------------------------------


def test_thousands_of_repeated_names_stay_distinct(tmp_path: Path) -> None:
    header = ",".join(["t"] + ["x"] * 4000)
    row = ",".join(["0"] + ["1"] * 4000)
    path = tmp_path / "dup.csv"
    path.write_text(f"{header}\n{row}\n{row.replace('0', '1', 1)}\n")
    box: list[Flight] = []
    worker = threading.Thread(target=lambda: box.append(read_flight(path)), daemon=True)
    worker.start()
    worker.join(20.0)
    assert box, "4,000 repeated names hang the reader"
    assert len(box[0].channels) == 4000


def test_too_many_columns(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(20_000)) + "\n" + ",".join("1" * 20_000) + "\n")
    err = refused(path, "columns; expected at most 10,000")
    assert err.line == 1 and "more than" in str(err)  # the header goes on past the first block
    path.write_text(",".join(f"c{i}" for i in range(10_001)) + "\n" + ",".join("1" * 10_001))
    refused(path, "10,001 columns; expected at most 10,000")
    huge = tmp_path / "huge.csv"  # a million names: over the longest line
    huge.write_text(",".join(f"column{i}" for i in range(1_000_000)) + "\n1\n")
    refused(huge, "a line longer than")


# --- reading: progress and cancel --------------------------------------------------------------


def test_progress_moves_and_cancel_stops(tmp_path: Path) -> None:
    from tests.factories import make_flight

    path = tmp_path / "long.csv"
    write_flight(make_flight(150_000), path)  # about 40 MB: five blocks
    seen: list[float] = []
    assert read_flight(path, progress=seen.append).n_samples == 150_000
    assert seen == sorted(seen) and seen[-1] > 0.99 and len(seen) >= 5
    asked: list[float] = []
    with pytest.raises(LoadCancelled):  # stops at the block after the request
        read_flight(path, progress=asked.append, cancelled=lambda: bool(asked))
    assert len(asked) <= 2


def test_the_command_line_names_bad_options_and_outputs(tmp_path: Path) -> None:
    status, stderr = cli("info", str(MS04), "--format", "nope")
    assert status == 2 and "unknown format 'nope'" in stderr
    for out in (tmp_path / "missing" / "x.png", tmp_path):
        status, stderr = cli("snapshot", str(MS04), "--at", "10", "-o", str(out))
        assert status == 2 and stderr.count("\n") == 1, stderr
    status, stderr = cli("snapshot", str(MS04), "--at", "10", "-o", str(tmp_path / "x.gif"))
    assert status == 2 and ".png" in stderr


def _small_flight() -> Flight:
    from tests.factories import make_flight

    return make_flight()
