"""Bad input gets one line naming the file, the line (and column) and what was expected."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight
from replay.io import read_flight, write_flight
from replay.io.native_csv import to_text

HEADER_LINES = 18  # magic, 15 metadata lines, the sample count, then the column header


def native_lines(flight: Flight) -> list[str]:
    lines = to_text(flight).splitlines()
    assert lines[HEADER_LINES - 1].startswith("t_s [s],frame [1]")
    return lines


def error_for(path: Path) -> TelemetryFormatError:
    with pytest.raises(TelemetryFormatError) as info:
        read_flight(path)
    err = info.value
    assert "\n" not in str(err)
    assert str(err).startswith(str(path))
    return err


def write(tmp_path: Path, lines: list[str], name: str = "bad.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def replace_cell(line: str, column: int, value: str) -> str:
    cells = line.split(",")
    cells[column - 1] = value
    return ",".join(cells)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    assert "empty" in str(error_for(tmp_path / "empty.csv"))
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n")
    assert "empty" in str(error_for(tmp_path / "blank.jsonl"))


def test_header_only(tmp_path: Path, flight: Flight) -> None:
    err = error_for(write(tmp_path, native_lines(flight)[:HEADER_LINES]))
    assert err.line == HEADER_LINES + 1
    assert "header only" in err.message
    generic = error_for(write(tmp_path, ["time,alt"], "foreign.csv"))
    assert "header only" in generic.message


def test_truncated_last_row(tmp_path: Path, flight: Flight) -> None:
    lines = native_lines(flight)
    path = tmp_path / "cut.csv"
    text = "\n".join(lines)
    path.write_text(text[: text.rfind(",", 0, len(text) - 30)])  # no final newline, row cut short
    err = error_for(path)
    assert err.line == len(lines)
    assert "truncated" in err.message


def test_wrong_column_count(tmp_path: Path, flight: Flight) -> None:
    lines = native_lines(flight)
    lines[40] += ",1.0"
    err = error_for(write(tmp_path, lines))
    assert err.line == 41
    assert "expected 13 values" in err.message
    assert "found 14" in err.message


def test_non_numeric_cell(tmp_path: Path, flight: Flight) -> None:
    lines = native_lines(flight)
    lines[50] = replace_cell(lines[50], 12, "12.5kg")
    err = error_for(write(tmp_path, lines))
    assert (err.line, err.column) == (51, 12)
    assert "accel_axial_g" in err.message
    assert "expected a number, found '12.5kg'" in err.message


@pytest.mark.parametrize(("column", "value"), [(1, "nan"), (3, "inf"), (11, "-inf"), (2, "nan")])
def test_non_finite_where_a_number_is_required(
    tmp_path: Path, flight: Flight, column: int, value: str
) -> None:
    lines = native_lines(flight)
    lines[60] = replace_cell(lines[60], column, value)
    err = error_for(write(tmp_path, lines))
    assert (err.line, err.column) == (61, column)
    assert "expected a finite number" in err.message or "expected an integer" in err.message


def test_nan_is_fine_in_a_free_channel(tmp_path: Path, flight: Flight) -> None:
    lines = native_lines(flight)
    lines[60] = replace_cell(lines[60], 13, "nan")
    assert read_flight(write(tmp_path, lines)).n_samples == flight.n_samples


@pytest.mark.parametrize("kind", ["duplicate", "backwards"])
def test_time_must_increase(tmp_path: Path, flight: Flight, kind: str) -> None:
    lines = native_lines(flight)
    previous_t = lines[69].split(",")[0]
    new_t = previous_t if kind == "duplicate" else "0.0"
    lines[70] = replace_cell(lines[70], 1, new_t)
    err = error_for(write(tmp_path, lines))
    assert err.line == 71
    assert ("repeats" if kind == "duplicate" else "goes back") in err.message


def test_frame_counter_must_increase(tmp_path: Path, flight: Flight) -> None:
    lines = native_lines(flight)
    lines[70] = replace_cell(lines[70], 2, "5")
    err = error_for(write(tmp_path, lines))
    assert err.line == 71
    assert "frame goes back" in err.message


def test_missing_required_column(tmp_path: Path, flight: Flight) -> None:
    lines = [
        ",".join(line.split(",")[:5] + line.split(",")[6:]) if i >= HEADER_LINES - 1 else line
        for i, line in enumerate(native_lines(flight))
    ]
    err = error_for(write(tmp_path, lines))
    assert err.line == HEADER_LINES
    assert "missing required column 'vx_ecef_m_s'" in err.message


def test_geodetic_must_agree_with_the_state(tmp_path: Path, flight: Flight) -> None:
    lines = native_lines(flight)
    cells = lines[80].split(",")
    lines[80] = replace_cell(lines[80], 11, str(float(cells[10]) + 500.0))
    err = error_for(write(tmp_path, lines))
    assert err.line == 81
    assert "lie 500.0 m from the ECEF position" in err.message


def test_unknown_format_version(tmp_path: Path, flight: Flight) -> None:
    lines = native_lines(flight)
    assert lines[1] == "# format_version: 1"
    lines[1] = "# format_version: 7"
    err = error_for(write(tmp_path, lines))
    assert err.line == 2
    assert "unsupported format_version '7'" in err.message


def test_bad_metadata_value(tmp_path: Path, flight: Flight) -> None:
    lines = native_lines(flight)
    i = next(i for i, line in enumerate(lines) if line.startswith("# launch_utc"))
    lines[i] = "# launch_utc: yesterday"
    err = error_for(write(tmp_path, lines))
    assert err.line == i + 1
    assert "ISO 8601" in err.message


@pytest.mark.parametrize("name", ["garbage.csv", "garbage.jsonl", "garbage.csv.gz", "garbage.dat"])
def test_binary_garbage(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 64)
    err = error_for(path)
    assert "binary" in err.message or "not UTF-8" in err.message or "gzip" in err.message


def test_invalid_utf8_text(tmp_path: Path, flight: Flight) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(to_text(flight).replace("ünïcode", "\xfc").encode("latin-1"))
    assert "not UTF-8" in error_for(path).message


def test_wrong_delimiter(tmp_path: Path, flight: Flight) -> None:
    lines = [
        line.replace(",", ";") if i >= HEADER_LINES - 1 else line
        for i, line in enumerate(native_lines(flight))
    ]
    err = error_for(write(tmp_path, lines))
    assert err.line == HEADER_LINES
    assert "expected ',' between column names, found ';'" in err.message
    # A data row with another delimiter says so too.
    lines = native_lines(flight)
    lines[30] = lines[30].replace(",", ";")
    err = error_for(write(tmp_path, lines))
    assert err.line == 31
    assert "';' as delimiter" in err.message


@pytest.mark.parametrize(
    "transform", [lambda b: b"\xef\xbb\xbf" + b, lambda b: b.replace(b"\n", b"\r\n")]
)
def test_bom_and_crlf_are_read(
    tmp_path: Path, flight: Flight, transform: Callable[[bytes], bytes]
) -> None:
    for name in ("a.csv", "a.jsonl"):
        write_flight(flight, tmp_path / name)
        path = tmp_path / ("x-" + name)
        path.write_bytes(transform((tmp_path / name).read_bytes()))
        assert read_flight(path).n_samples == flight.n_samples


def bytes_read_by_this_process() -> int:
    """The kernel's count of bytes this process has read (a count, not a timing)."""
    text = Path("/proc/self/io").read_text()
    return int(next(line.split()[1] for line in text.splitlines() if line.startswith("rchar:")))


def test_two_gigabyte_non_csv_fails_fast(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:  # sparse: 2 GiB of NUL bytes that take no disk space
        f.truncate(2 * 1024**3)
    before = bytes_read_by_this_process()
    err = error_for(path)
    assert bytes_read_by_this_process() - before < 1024**2  # it looked at the start, no more
    assert "binary data" in err.message


def test_two_gigabyte_text_that_is_not_telemetry_fails_at_the_first_bad_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.csv"
    line = b"2016-12-01 14:51:52 INFO something happened, nothing to see\n"
    with path.open("wb") as f:
        f.write(b"time,message\n" + line * 2000)
        f.truncate(2 * 1024**3)  # the rest is a sparse hole; reading it all would take long
    before = bytes_read_by_this_process()
    err = error_for(path)
    assert bytes_read_by_this_process() - before < 1024**2
    assert err.line == 2  # its first row: the time column holds messages, not times
    assert "time column 'time' holds neither numbers, times of day nor dates" in err.message


def test_jsonl_errors_name_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"t_s": 0.0, "alt_m": 1}\n{"t_s": 0.04, "alt_m": }\n')
    err = error_for(path)
    assert (err.line, err.column) == (2, 24)
    path.write_text('{"t_s": 0.0, "alt_m": 1}\n[1, 2]\n')
    assert "expected a JSON object" in error_for(path).message
    path.write_text('{"t_s": 0.0, "alt_m": 1}\n{"t_s": 0.04, "alt_m": "high"}\n')
    err = error_for(path)
    assert err.line == 2
    assert "expected a number" in err.message
    path.write_text('{"t_s": 1.0}\n{"t_s": 0.5}\n')
    assert error_for(path).line == 2
    path.write_text('{"alt": 1.0}\n')
    assert "no time key" in error_for(path).message


def test_foreign_csv_errors(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("time;alt\n0;1\n1;x\n")
    err = error_for(path)
    assert (err.line, err.column) == (3, 2)
    path.write_text("label,alt\nA,1\nB,2\n")
    assert "cannot tell which column is time" in error_for(path).message


def test_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "a.xyz"
    path.write_text("hello\n")
    assert "unknown kind of file" in error_for(path).message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "no such file" in error_for(tmp_path / "nope.csv").message
    assert "directory" in error_for(tmp_path).message
