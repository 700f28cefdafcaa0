"""Every real telemetry file in tests/data/real (public sources, licences beside them) opens with
no options, and what it shows agrees with tests/data/real/expected.toml: figures measured with
the standard library from the files themselves, not with this reader.
"""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight
from replay.io import ReadOptions, read_flight

REAL = Path(__file__).parents[1] / "data" / "real"
EXPECTED: dict[str, dict[str, Any]] = tomllib.loads((REAL / "expected.toml").read_text())
TO_M = {"m": 1.0, "ft": 0.3048, "km": 1000.0}
#: What a user must say for a file to be read right (the file does not say it).
OPTIONS = {
    # The GNSS logger writes its altitude in feet with a bare "ALT" header.
    "rocketpy_juno3-cots-gnss.csv": ReadOptions(columns=("ALT=altitude:ft",)),
}
READABLE = sorted(n for n, e in EXPECTED.items() if e["family"] != "ccsds")


def flight_of(name: str) -> Flight:
    return read_flight(REAL / name, options=OPTIONS.get(name))


@pytest.fixture(scope="module", params=READABLE)
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Flight]:
    return EXPECTED[request.param], flight_of(request.param)


def test_every_file_in_the_folder_is_described_and_has_its_licence() -> None:
    data = {p.name for p in REAL.iterdir()} - {"expected.toml", "SOURCES.md", ".gitattributes"}
    data = {n for n in data if not n.startswith("LICENSE") and "_defs_" not in n}
    assert data == set(EXPECTED)
    sources = (REAL / "SOURCES.md").read_text()
    for name in EXPECTED:
        assert name in sources, f"{name} has no source in SOURCES.md"


def test_time_column_and_duration(case: tuple[dict[str, Any], Flight]) -> None:
    want, flight = case
    if want["time_column"]:
        assert flight.meta.extra["time_column"] == want["time_column"].strip()
    assert flight.t_s[-1] - flight.t_s[0] == pytest.approx(want["duration_s"], abs=0.011)
    assert np.all(np.diff(flight.t_s) > 0)


def test_altitude_maximum_in_metres(case: tuple[dict[str, Any], Flight]) -> None:
    want, flight = case
    if not want["altitude_unit"]:
        assert "alt_m" not in flight.channels
        return
    expected_m = want["altitude_max"] * TO_M[want["altitude_unit"]]
    assert np.nanmax(flight.channels["alt_m"]) == pytest.approx(expected_m, rel=1e-6)


def test_first_position(case: tuple[dict[str, Any], Flight]) -> None:
    want, flight = case
    if "lat_deg" not in want:
        assert not np.isfinite(flight.channels.get("lat_deg", np.array([np.nan]))).any()
        return
    lat, lon = flight.channels["lat_deg"], flight.channels["lon_deg"]
    first = int(np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))[0])
    # Rows put in time order may start with a pre-launch buffer row: the pad, metres away.
    assert lat[first] == pytest.approx(want["lat_deg"], abs=2e-4)
    assert lon[first] == pytest.approx(want["lon_deg"], abs=2e-4)


def test_the_place_is_named_from_the_position(case: tuple[dict[str, Any], Flight]) -> None:
    from replay.analysis.places import nearest_place

    want, flight = case
    if "lat_deg" not in want:
        pytest.skip("the file holds no position")
    lat, lon = flight.channels["lat_deg"], flight.channels["lon_deg"]
    ok = np.isfinite(lat) & np.isfinite(lon)
    place = nearest_place(float(np.median(lat[ok])), float(np.median(lon[ok])))
    assert place.region in want["site"] or place.country in want["site"], place


def test_a_clock_in_the_file_gives_the_date(case: tuple[dict[str, Any], Flight]) -> None:
    want, flight = case
    clock = want["time_unit"] in ("time_of_day", "local_datetime_12h") or want["family"] == (
        "altos_csv"
    )
    if not clock:
        assert flight.meta.launch_utc is None  # no date is made up
        return
    assert flight.meta.launch_utc is not None
    assert flight.meta.launch_utc.date().isoformat() == want["date"]


def test_rows_repeated_times_merged_and_untimed_rows_said(
    case: tuple[dict[str, Any], Flight],
) -> None:
    want, flight = case
    if "time_backsteps" in want:  # a logger writing its buffer again: count distinct times
        assert flight.n_samples == len(_distinct_times(REAL / _name(want)))
    else:
        untimed = want["rows"] - want.get("rows_with_time", want["rows"])
        assert flight.n_samples == want["rows"] - untimed - want.get("repeated_times", 0)
    said = " ".join(flight.meta.warnings)
    if want.get("repeated_times"):
        assert "repeat the time of the row before: merged" in said
    if want.get("rows_with_time", want["rows"]) < want["rows"]:
        assert f"{want['rows'] - want['rows_with_time']} rows without a time left out" in said


def test_packets_without_their_definitions_are_refused_in_one_line() -> None:
    (name,) = [n for n, e in EXPECTED.items() if e["family"] == "ccsds"]
    with pytest.raises(TelemetryFormatError) as info:
        read_flight(REAL / name)
    assert str(info.value).startswith(str(REAL / name))
    assert "\n" not in str(info.value)


def test_feet_not_said_in_the_file_are_warned_about() -> None:
    """Read without the option, the GNSS altitude (feet) is metres, and the flight says so."""
    flight = read_flight(REAL / "rocketpy_juno3-cots-gnss.csv")
    assert any("ALT: no unit given: read as metres" in w for w in flight.meta.warnings)


def _name(want: dict[str, Any]) -> str:
    return next(n for n, e in EXPECTED.items() if e is want)


def _distinct_times(path: Path) -> set[float]:
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    return {float(r["time"]) for r in rows if r["time"].strip()}
