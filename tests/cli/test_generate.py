"""``ascent-replay scenarios`` and ``ascent-replay generate``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replay.cli import main
from replay.io import read_flight


def test_scenarios_lists_every_loss_and_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    wanted = {
        "progress-ms-04",
        "progress-m-12m",
        "progress-m-27m",
        "falcon9-crs-7",
        "antares-orb-3",
        "soyuz-u-nominal",
        "htv-6",
    }
    assert wanted <= set(rows)
    ms04 = rows["progress-ms-04"]
    assert ms04["launch_utc"] == "2016-12-01T14:51:52Z"
    assert ms04["failure"]["t_s"] == 382.0
    assert "Kyzyl" in ms04["summary"]
    assert all(r["sources"] and r["timeline"] for r in rows.values())
    assert {
        "t_s": 382.0,
        "label": "Telemetry ends: 'up to 382 s the flight proceeded normally' (Roscosmos)",
    } in ms04["timeline"]
    assert "six seconds" not in rows["antares-orb-3"]["summary"]
    assert "T+6 s" in rows["antares-orb-3"]["summary"]  # the onlookers' figure, explained
    assert main(["scenarios"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("progress-ms-04"))
    assert "2016-12-01" in line
    assert "Baikonur Site 1/5" in line


def test_generate_writes_telemetry_and_truth(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, truth = tmp_path / "f.csv", tmp_path / "t.csv.gz"
    args = ["generate", "antares-orb-3", "-o", str(out), "--rate", "10", "--seed", "3"]
    assert main([*args, "--truth", str(truth)]) == 0
    assert "Antares 130 Orb-3" in capsys.readouterr().out
    flight = read_flight(out)
    assert flight.meta.sample_rate_hz == 10.0
    assert flight.meta.extra["seed"] == "3"
    assert read_flight(truth).meta.extra["kind"] == "truth"


def test_generate_bad_arguments_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "no-such", "-o", str(tmp_path / "x.csv")]) == 2
    assert "unknown scenario 'no-such'; known: antares-orb-3" in capsys.readouterr().err
    assert main(["generate", "htv-6", "-o", str(tmp_path / "x.csv"), "--truth", "t.csv"]) == 2
    assert "no failure" in capsys.readouterr().err
    assert main(["generate", "htv-6", "-o", str(tmp_path / "no" / "dir" / "x.csv")]) == 2
    assert "cannot write" in capsys.readouterr().err
