"""The bundled sample files are exactly what the generator produces today."""

from __future__ import annotations

from pathlib import Path

import pytest

from replay.io import read_flight
from replay.resources import asset_names, samples_dir, telemetry_name, truth_name
from replay.sim.samples import write_samples


@pytest.mark.slow
def test_regenerating_the_samples_gives_identical_bytes(tmp_path: Path) -> None:
    written = write_samples(tmp_path)
    committed = sorted(p.relative_to(samples_dir()) for p in samples_dir().rglob("*.gz"))
    assert sorted(p.relative_to(tmp_path) for p in written) == committed
    for path in written:
        bundled = samples_dir() / path.relative_to(tmp_path)
        assert path.read_bytes() == bundled.read_bytes(), f"{bundled} is stale: run make samples"


def test_every_scenario_has_a_sample_that_reads() -> None:
    for sid in asset_names("scenarios"):
        flight = read_flight(samples_dir() / telemetry_name(sid))
        assert flight.meta.scenario_id == sid
        assert flight.meta.sample_rate_hz == 25.0
    truth = read_flight(samples_dir() / truth_name("progress-ms-04"))
    assert truth.meta.extra["kind"] == "truth"
