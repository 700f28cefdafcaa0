"""The worked example in docs/telemetry-format.md is a valid file and says what the doc says."""

from __future__ import annotations

import re
from pathlib import Path

from replay.io import read_flight

DOC = Path(__file__).resolve().parents[2] / "docs" / "telemetry-format.md"


def test_worked_example_reads(tmp_path: Path) -> None:
    block = re.search(r"```csv\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    path = tmp_path / "docs-example.csv"
    path.write_text(block.group(1), encoding="utf-8")
    flight = read_flight(path)
    assert flight.n_samples == 6
    assert flight.channels["frame"].tolist() == [1000, 1001, 1002, 1003, 1004, 1025]
    assert flight.meta.recording_end_s == 12.0
    assert [e.id for e in flight.meta.events] == ["liftoff", "tower_clear"]
    assert flight.meta.events[1].label == "Tower clear, roll program"
    assert flight.units["pc_stage1_bar"] == "bar"
