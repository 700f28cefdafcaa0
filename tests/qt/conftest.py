"""Qt test set-up: offscreen platform (set in tests/conftest.py), the theme, shared sessions,
and a check that no test leaves a top-level window behind."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from replay.qt.main_window import MainWindow
from replay.resources import sample
from replay.session import Session, load_session


@pytest.fixture(autouse=True)
def _themed(qapp: QApplication) -> None:
    from replay.qt import theme

    theme.apply(qapp)


@pytest.fixture(autouse=True)
def _no_windows_left_behind(qapp: QApplication) -> Iterator[None]:
    yield
    qapp.processEvents()
    left = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for w in left:
        w.close()
    assert not left, f"test left windows open: {[type(w).__name__ for w in left]}"


@cache
def _session(sid: str) -> Session:
    return load_session(sample(sid), places=True)


@pytest.fixture
def ms04() -> Session:
    """The bundled Progress MS-04 replay (loaded once per test run)."""
    return _session("progress-ms-04")


@pytest.fixture
def ms04_window(qtbot: QtBot, tmp_path: Path, ms04: Session) -> Callable[[float], MainWindow]:
    """Opens the MS-04 replay at a time in a 1400x850 window with settings of its own."""

    def open_at(t_s: float) -> MainWindow:
        w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(w)
        w.resize(1400, 850)
        w.show()
        w.show_session(ms04, "progress-ms-04.csv.gz", t_s=t_s)
        return w

    return open_at


@cache
def _htv6_ground_stations_alone() -> Session:
    import tempfile
    from pathlib import Path

    from replay.io import write_flight
    from replay.sim.generate import generate

    path = Path(tempfile.mkdtemp()) / "htv-6-jaxa.csv.gz"
    write_flight(generate("htv-6", networks=("jaxa",)).telemetry, path)
    return load_session(path, places=True)


@pytest.fixture
def htv6() -> Session:
    """H-IIB / HTV-6 as the JAXA ground stations alone heard it: a nominal flight whose signal
    is lost as the last station sets (the bundled sample also has the TDRS relay)."""
    return _htv6_ground_stations_alone()


@pytest.fixture
def nominal() -> Session:
    return _session("soyuz-u-nominal")
