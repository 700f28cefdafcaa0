"""The keyboard shortcuts dialog lists every shortcut the window has (issue 14: it left out N,
T, F, F11 and Ctrl+R), read from the actions themselves so that it cannot drift."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from pytestqt.qtbot import QtBot

from replay.qt import dialogs
from replay.qt.main_window import MainWindow

NATIVE = QKeySequence.SequenceFormat.NativeText


def test_every_shortcut_of_the_window_is_in_the_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    box = dialogs.shortcuts(w)
    qtbot.addWidget(box)
    text = box.text.text()
    keys = [
        (k.toString(NATIVE), a.text().replace("&", ""))
        for a in w.findChildren(QAction)
        for k in a.shortcuts()
        if not k.isEmpty()
    ]
    keys += [(s.key().toString(NATIVE), s.whatsThis()) for s in w.findChildren(QShortcut)]
    assert len(keys) >= 25
    for key, what in keys:
        assert f"<b>{key}</b>" in text or f"<b>{key} / " in text or f" / {key}</b>" in text, key
        assert escape(what.rstrip("…")) in text, what
    # The ones the issue found missing, by their keys.
    for key in ("N", "T", "F", "F11", "Ctrl+R", "L", "M", "Ctrl+Shift+L", "D", "Esc", "F1"):
        assert f"<b>{key}</b>" in text, key
