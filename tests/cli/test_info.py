"""``ascent-replay info``: the summary, and exit statuses without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from replay.cli import main
from replay.core.flight import Flight
from replay.io import write_flight


def test_info_human_summary(
    flight: Flight, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_flight(flight, tmp_path / "f.csv.gz")
    assert main(["info", str(tmp_path / "f.csv.gz")]) == 0
    out = capsys.readouterr().out
    assert "Test climb" in out
    assert "Soyuz-U / Progress MS" in out
    assert "2016-12-01 14:51:52 UTC from Baikonur Site 1/5 (45.920°N 63.342°E)" in out
    assert "200 from T+00:00.0 to T+00:08.0 (8.0 s), 25 Hz nominal" in out
    assert "accel_axial_g  [g]" in out
    assert "T+00:02.0  Max-Q, a label, commas" in out


def test_info_json(flight: Flight, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_flight(flight, tmp_path / "f.jsonl")
    assert main(["info", str(tmp_path / "f.jsonl"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["samples"] == 200
    assert data["launch_utc"] == "2016-12-01T14:51:52Z"
    assert data["format"] == "jsonl"
    assert {"name": "q_pa", "unit": "Pa"} in data["channels"]
    assert data["events"][0] == {"t_s": 0.0, "id": "liftoff", "label": "Liftoff"}


def test_foreign_file_and_time_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "log.tsv"
    path.write_text("label\tclock [ms]\talt (m)\nA\t1000\t1\nB\t1040\t2\n")
    assert main(["info", str(path), "--json", "--time-column", "clock"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["t_last_s"] == pytest.approx(1.04)
    assert data["notes"]["skipped_columns"] == "label"
    assert data["channels"] == [{"name": "alt_m", "unit": "m"}]  # the altitude, by its name


def test_bad_input_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("# ascent-replay telemetry\n# format_version: 9\n")
    assert main(["info", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"ascent-replay: {path}:2: unsupported format_version")


def test_internal_failure_is_status_1_without_traceback(
    monkeypatch: pytest.MonkeyPatch,
    flight: Flight,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_flight(flight, tmp_path / "f.csv")

    def broken(_flight: Flight) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("replay.cli.info.summarise", broken)
    assert main(["info", str(tmp_path / "f.csv")]) == 1
    err = capsys.readouterr().err
    assert "internal error: ZeroDivisionError: boom" in err
    assert "Traceback" not in err


def test_console_entry_points(flight: Flight, tmp_path: Path) -> None:
    write_flight(flight, tmp_path / "f.csv")
    for cmd in (
        [sys.executable, "-m", "replay"],
        [str(Path(sys.executable).parent / "ascent-replay")],
    ):
        done = subprocess.run(
            [*cmd, "info", str(tmp_path / "nope.csv")], capture_output=True, text=True, check=False
        )
        assert done.returncode == 2
        assert done.stderr.strip() == f"ascent-replay: {tmp_path / 'nope.csv'}: no such file"
        ok = subprocess.run(
            [*cmd, "info", str(tmp_path / "f.csv")], capture_output=True, text=True, check=False
        )
        assert ok.returncode == 0, ok.stderr
