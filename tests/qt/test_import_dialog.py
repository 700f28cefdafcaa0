"""File → Import with columns…, as a user meets it: a logger file the replay cannot read by
itself, the error that offers to choose its columns, the dialog, and the next file like it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from replay.qt.import_dialog import NO_ROLE, ImportDialog
from replay.qt.main_window import MainWindow

REAL = Path(__file__).parents[1] / "data" / "real"
#: A pad logger's file: a sample counter at 2 Hz and a height in feet, named in its own words.
LOG = "label,count,hgt\nA,0,10\nB,1,12\nC,2,15\nD,3,21\n"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    yield w
    w.close()


def test_the_error_offers_the_columns_and_the_choice_is_remembered(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    log = tmp_path / "pad.csv"
    log.write_text(LOG)
    with qtbot.waitSignal(window.loader.failed, timeout=10_000):
        window.open_file(log)
    box = window.error_box
    assert box is not None and "cannot tell which column is time" in box.text()
    (choose,) = [b for b in box.buttons() if b.text() == "Choose columns…"]
    choose.click()
    dialogs = [d for d in window.findChildren(ImportDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    first = dialog.table.item(2, 2)  # the first row, under the role and unit rows
    assert first is not None and first.text() == "10"
    assert not dialog.open_button.isEnabled()
    assert "Cannot read it this way" in dialog.status.text()
    dialog.set_role("count", "time", "ticks:0.5")
    dialog.set_role("hgt", "altitude", "ft")
    assert dialog.open_button.isEnabled()
    assert "time = count [ticks:0.5]" in dialog.status.text()
    with qtbot.waitSignal(window.loader.finished, timeout=20_000):
        dialog.open_button.click()
    flight = window.controller.session.flight  # type: ignore[union-attr]
    assert flight.t_s.tolist() == [0.0, 0.5, 1.0, 1.5]
    assert np.allclose(flight.channels["alt_m"], np.array([10, 12, 15, 21]) * 0.3048)
    # The next file from the same logger opens with no dialog at all.
    again = tmp_path / "pad-2.csv"
    again.write_text(LOG.replace("21", "30"))
    with qtbot.waitSignal(window.loader.finished, timeout=20_000):
        window.open_file(again)
    flight = window.controller.session.flight  # type: ignore[union-attr]
    assert flight.path == str(again)
    assert flight.channels["alt_m"][-1] == pytest.approx(30 * 0.3048)


def test_a_real_file_shows_its_family_and_a_role_can_be_taken_away(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    gnss = tmp_path / "juno3-gnss.csv"
    shutil.copy(REAL / "rocketpy_juno3-cots-gnss.csv", gnss)
    dialog = window.import_file(gnss)
    assert isinstance(dialog, ImportDialog)
    assert "Not a family we know" in dialog.family.text()
    assert dialog.roles()["ALT"] == ("altitude", "")
    dialog.set_role("ALT", NO_ROLE)  # not the altitude: keep it as a channel of its own
    assert "altitude" not in dialog.status.text()
    with qtbot.waitSignal(window.loader.finished, timeout=20_000):
        dialog.open_button.click()
    flight = window.controller.session.flight  # type: ignore[union-attr]
    assert "alt_m" not in flight.channels and "ALT" in flight.channels


def test_a_file_of_ours_is_not_imported(qtbot: QtBot, window: MainWindow) -> None:
    from replay.resources import sample

    assert window.import_file(sample("progress-ms-04")) is None
    assert isinstance(window.error_box, QMessageBox)
    assert "its columns are known" in window.error_box.text()
    window.error_box.close()
