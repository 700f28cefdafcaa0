"""The import dialog's look at a file: first rows, guessed roles, why it cannot be read."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from replay.core.errors import TelemetryFormatError
from replay.io import read_flight
from replay.io.preview import PREVIEW_ROWS, options_from_roles, preview

REAL = Path(__file__).parents[1] / "data" / "real"


def test_first_rows_and_guessed_roles_of_a_real_file() -> None:
    p = preview(REAL / "rocketpy_juno3-cots-gnss.csv")
    assert p.names == ["time", "ALT", "HORZV", "VERTV", "LAT", "LON"]
    assert len(p.rows) == PREVIEW_ROWS and p.rows[1][:2] == ["0.2", "4583"]
    assert p.roles["time"][0] == "time" and p.roles["ALT"][0] == "altitude"
    assert p.problem == ""


def test_a_family_is_named_with_its_units() -> None:
    p = preview(REAL / "shahar603-telemetry-data_crs-16_stage2-raw-columnar.json")
    assert p.family == "webcast telemetry JSON"
    assert p.roles["altitude"] == ("altitude", "km")


def test_what_cannot_be_read_is_said_and_the_roles_fix_it(tmp_path: Path) -> None:
    path = tmp_path / "pad.csv"
    path.write_text("label,count,alt\nA,1,10\nB,2,12\nC,3,15\n")
    p = preview(path)
    assert "cannot tell which column is time" in p.problem
    with pytest.raises(TelemetryFormatError):
        read_flight(path)
    options = options_from_roles({"count": ("time", "s"), "alt": ("altitude", "ft")})
    assert preview(path, options).problem == ""
    flight = read_flight(path, options=options)
    assert flight.t_s.tolist() == [1.0, 2.0, 3.0]
    assert np.allclose(flight.channels["alt_m"], np.array([10.0, 12.0, 15.0]) * 0.3048)


def test_files_with_one_header_share_a_key(tmp_path: Path) -> None:
    a = REAL / "rocketpy_hedy_cats-gnssInfo.csv"
    b = tmp_path / "another-flight.csv"
    shutil.copy(a, b)
    assert preview(a).header_key == preview(b).header_key
    assert preview(a).header_key != preview(REAL / "rocketpy_juno3-cots-gnss.csv").header_key


def test_what_is_no_table_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(TelemetryFormatError, match="binary"):
        preview(path)
