"""``ascent-replay listen``: bad ports, existing recordings and busy ports exit 2 with one line,
and no file is created or touched before the socket is bound (issue 12)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from replay.cli import main
from replay.io import write_flight
from tests.factories import make_flight


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the command would open the live window with (no window is opened)."""
    calls: list[dict[str, Any]] = []

    def fake_listen(port: int, record: Path, watchdog: float, **kw: Any) -> int:
        calls.append({"port": port, "record": record, "watchdog": watchdog, **kw})
        return 0

    monkeypatch.setattr("replay.qt.app.listen", fake_listen)
    return calls


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err.strip()


@pytest.mark.parametrize("port", ["99999", "0", "-3"])
def test_a_port_out_of_range_exits_2(
    port: str, capsys: pytest.CaptureFixture[str], opened: list[dict[str, Any]]
) -> None:
    """Issue 12: ``listen --port 99999`` exited 1 (an internal error)."""
    assert main(["listen", "--port", port]) == 2
    assert error_line(capsys) == (
        f"ascent-replay: --port: expected a UDP port from 1 to 65535, got {int(port)}"
    )
    assert opened == []


def test_an_existing_recording_is_refused_unless_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[dict[str, Any]]
) -> None:
    """Issue 12: ``--record`` appended to any existing file (it made a user's CSV unreadable)."""
    csv = tmp_path / "flight.csv"
    write_flight(make_flight(n=20), csv)
    before = csv.read_bytes()
    assert main(["listen", "--record", str(csv)]) == 2
    assert error_line(capsys) == (
        f"ascent-replay: --record {csv}: the file exists; give --append to add to it or --overwrite"
    )
    assert main(["listen", "--record", str(csv), "--append"]) == 2
    assert error_line(capsys) == (
        f"ascent-replay: --record {csv}: will not append: it is not a packet recording (.ccsds)"
    )
    assert csv.read_bytes() == before and opened == []
    assert main(["listen", "--record", str(csv), "--overwrite"]) == 0
    assert opened[-1]["record_mode"] == "overwrite"
    packets = tmp_path / "rx.ccsds"
    write_flight(make_flight(n=20), packets)
    assert main(["listen", "--record", str(packets), "--append"]) == 0
    assert opened[-1]["record_mode"] == "append"
    assert main(["listen", "--record", str(tmp_path / "new.ccsds")]) == 0
    assert opened[-1]["record_mode"] == "new"


def test_a_recording_needs_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[dict[str, Any]]
) -> None:
    assert main(["listen", "--record", str(tmp_path / "nowhere" / "rx.ccsds")]) == 2
    assert error_line(capsys) == (
        f"ascent-replay: --record {tmp_path / 'nowhere' / 'rx.ccsds'}: "
        f"there is no folder {tmp_path / 'nowhere'}"
    )
    assert main(["listen", "--record", str(tmp_path)]) == 2
    assert (
        error_line(capsys)
        == f"ascent-replay: --record {tmp_path}: is a folder, expected a file name"
    )
    assert opened == []


def test_append_and_overwrite_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["listen", "--append", "--overwrite"])
    assert exit_.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_host_is_this_machine_unless_given(opened: list[dict[str, Any]], tmp_path: Path) -> None:
    assert main(["listen", "--record", str(tmp_path / "a.ccsds")]) == 0
    assert main(["listen", "--host", "0.0.0.0", "--record", str(tmp_path / "b.ccsds")]) == 0
    assert [c["host"] for c in opened] == ["127.0.0.1", "0.0.0.0"]


def test_a_busy_port_exits_2_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 12: listen created the record file even when binding failed."""
    record = tmp_path / "rx.ccsds"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        assert main(["listen", "--port", str(port), "--record", str(record)]) == 2
    assert error_line(capsys) == (
        f"ascent-replay: cannot listen on 127.0.0.1:{port}: Address already in use"
    )
    assert not record.exists()
