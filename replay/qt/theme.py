"""The dark mission-control look: colours, fonts and the application style sheet.

Readable on a projector: high-contrast text, saturated status colours, no thin grey on grey.
Views take their colours from here so the whole window agrees.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QToolButton

BACKGROUND = "#0b0f14"
PANEL = "#121923"
GRID = "#2a3644"
TEXT = "#e6edf3"
TEXT_DIM = "#8b98a5"
ACCENT = "#4cc3ff"
CURSOR = "#ffd166"
AOS = "#2ecc71"
DROPOUT = "#f5a623"
LOS = "#ff3b30"
CAUTION = "#f5a623"
WARNING = "#ff3b30"
TRACK = "#ffd166"
IIP = "#ff7eb6"
STATION = "#4cc3ff"
STATION_LIT = "#2ecc71"
EVENT = "#b39ddb"
TRUTH = "#c0c0c0"
#: Line colours for plotted channels, in order.
CURVES = ("#4cc3ff", "#2ecc71", "#ffd166", "#ff7eb6", "#b39ddb", "#7ee0d4", "#f08c5a")

STATUS_COLOURS = {"AOS": AOS, "DROPOUT": DROPOUT, "LOS": LOS, "NO DATA": TEXT_DIM}

BASE_POINT_SIZE = 11
MONO_FAMILY = "DejaVu Sans Mono"
#: Presentation mode enlarges every font by this factor (1 on a desk).
SCALE = 1.0
PRESENTATION_SCALE = 1.6


def set_scale(scale: float) -> None:
    """Make every font built from now on ``scale`` times its desk size (presentation mode)."""
    global SCALE, BASE_POINT_SIZE  # noqa: PLW0603 (widgets read the font size when built)
    SCALE = scale
    BASE_POINT_SIZE = round(11 * scale)


def mono_font(point_size: float = 11, bold: bool = False) -> QFont:
    font = QFont(MONO_FAMILY, round(point_size * SCALE))
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setBold(bold)
    return font


def set_text_colour(label: QLabel, colour: str) -> None:
    """Colour a label's text through its palette: a style sheet would re-polish it and ask the
    whole window for a new layout every time the colour changes."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)


def fix_label_size(label: QLabel, widest_text: str, pad_px: int = 8) -> None:
    """Give a label that changes text every frame a fixed size that fits ``widest_text``.

    A label whose size may change asks its parents for a new layout on every ``setText``; with
    both width and height fixed, a new text only repaints the label.
    """
    label.setMinimumSize(0, 0)  # measure afresh: a size fixed for another font must not stay
    label.setMaximumSize(16_777_215, 16_777_215)
    metrics = label.fontMetrics()
    height = max(label.sizeHint().height(), metrics.height() + 2)
    label.setFixedSize(metrics.horizontalAdvance(widest_text) + pad_px, height)


def tool_button(text: str, slot: Callable[..., Any], checkable: bool = False) -> QToolButton:
    """A toolbar button calling ``slot`` when clicked (or toggled, if ``checkable``)."""
    b = QToolButton()
    b.setText(text)
    b.setCheckable(checkable)
    (b.toggled if checkable else b.clicked).connect(slot)
    return b


def apply(app: QApplication, scale: float | None = None) -> None:
    """Install the palette, the base font and the style sheet (``scale``: see :func:`set_scale`)."""
    if scale is not None:
        set_scale(scale)
    scale = SCALE
    import pyqtgraph as pg

    pg.setConfigOptions(
        antialias=True, background=BACKGROUND, foreground=TEXT, imageAxisOrder="row-major"
    )
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, PANEL),
        (QPalette.ColorRole.WindowText, TEXT),
        (QPalette.ColorRole.Base, BACKGROUND),
        (QPalette.ColorRole.AlternateBase, PANEL),
        (QPalette.ColorRole.Text, TEXT),
        (QPalette.ColorRole.Button, PANEL),
        (QPalette.ColorRole.ButtonText, TEXT),
        (QPalette.ColorRole.Highlight, ACCENT),
        (QPalette.ColorRole.HighlightedText, BACKGROUND),
        (QPalette.ColorRole.ToolTipBase, PANEL),
        (QPalette.ColorRole.ToolTipText, TEXT),
        (QPalette.ColorRole.PlaceholderText, TEXT_DIM),
        (QPalette.ColorRole.Link, ACCENT),  # not Qt's dark blue on our near-black
        (QPalette.ColorRole.LinkVisited, ACCENT),
    ):
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    font = app.font()
    font.setPointSizeF(11 * scale)
    app.setFont(font)
    app.setStyleSheet(style_sheet(scale))


def style_sheet(scale: float = 1.0) -> str:
    pt = round(11 * scale)
    return f"""
    QMainWindow {{ font-size: {pt}pt; }}
    QMainWindow, QSplitter {{ background: {BACKGROUND}; }}
    QSplitter::handle {{ background: {GRID}; }}
    QToolButton, QPushButton {{ background: #1b2533; border: 1px solid {GRID}; border-radius: 4px;
        padding: 4px 8px; }}
    QToolButton:hover, QPushButton:hover {{ border-color: {ACCENT}; }}
    QToolButton:checked {{ background: #1f3a52; border-color: {ACCENT}; }}
    QToolButton:disabled, QPushButton:disabled {{ color: {TEXT_DIM}; background: {BACKGROUND}; }}
    QComboBox {{ background: #1b2533; border: 1px solid {GRID}; padding: 2px 6px; }}
    QHeaderView::section {{ background: #1b2533; color: {TEXT_DIM}; border: 0;
        border-bottom: 1px solid {GRID}; padding: 3px; }}
    QTableView, QListView, QTreeView {{ background: {BACKGROUND}; gridline-color: {GRID};
        border: 1px solid {GRID}; }}
    QStatusBar {{ color: {TEXT_DIM}; }}
    QMenuBar, QMenu {{ background: {PANEL}; }}
    QMenu::item:selected, QMenuBar::item:selected {{ background: #1f3a52; color: {TEXT}; }}
    QMenu::item:disabled {{ color: {TEXT_DIM}; }}
    QComboBox QAbstractItemView {{ background: {PANEL}; color: {TEXT};
        selection-background-color: #1f3a52; selection-color: {TEXT}; }}
    QLabel#title {{ font-weight: bold; color: {ACCENT}; }}
    """
