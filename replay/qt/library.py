"""The scenario library: a card per scenario (vehicle, date, site, what happened, sources).

Opening a card loads its bundled replay. It is shown as the window's first page while no flight
is open, and from File ▸ Scenarios….
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from replay.qt import theme


class ScenarioLibrary(QScrollArea):
    """Scenario cards in a scrolling column; ``open_requested(path)`` when one is opened."""

    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from replay.teach.library import scenario_cards

        self.setWidgetResizable(True)
        inner = QWidget(self)
        box = QVBoxLayout(inner)
        heading = QLabel("Scenario library: the ISS cargo losses and nominal references", inner)
        heading.setObjectName("title")
        box.addWidget(heading)
        self.cards: dict[str, QFrame] = {}
        for card in scenario_cards():
            frame = self._card(card)
            self.cards[card["id"]] = frame
            box.addWidget(frame)
        box.addStretch(1)
        self.setWidget(inner)

    def _card(self, c: dict[str, Any]) -> QFrame:
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setStyleSheet(f"QFrame {{ border: 1px solid {theme.GRID}; border-radius: 6px; }}")
        box = QVBoxLayout(frame)
        failure = c["failure"]
        what = (
            f"<span style='color:{theme.LOS}'>failure at T+{failure['t_s']:g} s</span>"
            if failure
            else f"<span style='color:{theme.AOS}'>nominal</span>"
        )
        # Links in the accent colour (Qt's default blue is unreadable on our near-black), one a
        # line in a paragraph: a rich-text list's margins made the label clip its last line.
        sources = "<br>".join(
            f"• <a style='color:{theme.ACCENT}' href='{escape(s['url'])}'>{escape(s['title'])}</a>"
            for s in c["sources"]
        )
        text = QLabel(
            f"<h3>{escape(c['title'])}</h3>"
            f"<p><b>{escape(c['vehicle'])}</b> · {escape(c['launch_utc'][:10])} · "
            f"{escape(c['site']['name'])} · {what}</p>"
            f"<p>{escape(c['summary'])}</p><p>Sources:</p>"
            f"<p style='margin-left:12px'>{sources}</p>",
            frame,
        )
        text.setWordWrap(True)
        text.setOpenExternalLinks(True)
        box.addWidget(text)
        button = QPushButton("Open this replay", frame)
        button.setEnabled(c["sample"] is not None)
        button.clicked.connect(lambda _=False, p=c["sample"]: self.open_requested.emit(p))
        box.addWidget(button)
        return frame


class LibraryDialog(QDialog):
    """The library in its own window (File ▸ Scenarios…)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Scenarios — Ascent Replay")
        self.resize(760, 820)
        box = QVBoxLayout(self)
        self.library = ScenarioLibrary(self)
        self.library.open_requested.connect(self.accept)
        box.addWidget(self.library)
