"""Writers and readers give back exactly what was written."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from replay.core.flight import Flight
from replay.io import read_flight, write_flight


def assert_same_flight(a: Flight, b: Flight) -> None:
    np.testing.assert_array_equal(a.t_s, b.t_s)
    assert list(a.channels) == list(b.channels)
    for name in a.channels:
        assert a.channels[name].dtype == b.channels[name].dtype, name
        np.testing.assert_array_equal(a.channels[name], b.channels[name], err_msg=name)
    assert dict(a.units) == dict(b.units)
    meta_a, meta_b = a.meta, b.meta
    for field in (
        "format_version",
        "vehicle",
        "scenario_id",
        "title",
        "launch_utc",
        "site",
        "sample_rate_hz",
        "recording_start_s",
        "recording_end_s",
        "events",
    ):
        assert getattr(meta_a, field) == getattr(meta_b, field), field
    assert dict(meta_a.extra) == dict(meta_b.extra)


@pytest.mark.parametrize("name", ["f.csv", "f.csv.gz", "f.jsonl"])
def test_round_trip_is_exact(flight: Flight, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_flight(flight, path)
    back = read_flight(path)
    assert_same_flight(flight, back)
    # ... and writing what was read gives the same bytes again.
    again = tmp_path / ("again-" + name)
    write_flight(back, again)
    assert again.read_bytes() == path.read_bytes()


def test_awkward_floats_round_trip(tmp_path: Path, flight: Flight) -> None:
    extreme = np.array([0.1, 1 / 3, -0.0, 5e-324, 1.7976931348623157e308, np.inf, -np.inf, np.nan])
    values = np.resize(extreme, flight.n_samples)
    f = Flight(
        flight.t_s, {**flight.channels, "odd": values}, {**flight.units, "odd": "1"}, flight.meta
    )
    write_flight(f, tmp_path / "odd.csv")
    back = read_flight(tmp_path / "odd.csv")
    np.testing.assert_array_equal(back.channels["odd"], values)
    assert np.signbit(back.channels["odd"][2])


def test_gzip_output_is_reproducible(flight: Flight, tmp_path: Path) -> None:
    write_flight(flight, tmp_path / "a.csv.gz")
    write_flight(flight, tmp_path / "b.csv.gz")
    assert (tmp_path / "a.csv.gz").read_bytes() == (tmp_path / "b.csv.gz").read_bytes()
    text = gzip.decompress((tmp_path / "a.csv.gz").read_bytes()).decode()
    assert text.startswith("# ascent-replay telemetry\n# format_version: 1\n")


def test_gzip_is_recognised_by_content_not_name(flight: Flight, tmp_path: Path) -> None:
    write_flight(flight, tmp_path / "a.csv.gz")
    disguised = tmp_path / "a.csv"
    disguised.write_bytes((tmp_path / "a.csv.gz").read_bytes())
    assert_same_flight(flight, read_flight(disguised))


def test_crlf_and_bom_read_the_same(flight: Flight, tmp_path: Path) -> None:
    write_flight(flight, tmp_path / "a.csv")
    text = (tmp_path / "a.csv").read_bytes()
    (tmp_path / "b.csv").write_bytes(b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"))
    assert_same_flight(flight, read_flight(tmp_path / "b.csv"))


def test_large_file_reads_through_many_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from replay.io import _numblock
    from tests.factories import make_flight

    big = make_flight(n=60_000)
    write_flight(big, tmp_path / "big.csv")
    assert (tmp_path / "big.csv").stat().st_size > 3 * 1024 * 1024
    monkeypatch.setattr(_numblock, "BLOCK_BYTES", 1024 * 1024)  # many blocks, the last partial
    for map_min in (0, 2**62):  # columns in one prefaulted mapping, and plain numpy arrays
        monkeypatch.setattr(_numblock, "MAP_MIN_BYTES", map_min)
        assert_same_flight(big, read_flight(tmp_path / "big.csv"))
        write_flight(big, tmp_path / "big.csv.gz")  # size unknown: the columns must grow
        assert_same_flight(big, read_flight(tmp_path / "big.csv.gz"))
