"""The row over the plot stack: add a channel, follow the replay, fit to the data, and which
plots are on screen when not all fit (short names in a narrow column: :mod:`compact_row`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QMenu, QToolButton, QWidget

from replay.qt import theme
from replay.qt.compact_row import CompactRow


class PlotBar(CompactRow):
    """The plot stack's buttons; ``fill_menu(menu)`` lists the channels to add."""

    def __init__(self, fill_menu: Callable[[QMenu], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_button = QToolButton(self)
        self.add_button.setToolTip("Add a plot of any channel of the flight")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = QMenu(self.add_button)
        self.add_menu.aboutToShow.connect(lambda: fill_menu(self.add_menu))
        self.add_button.setMenu(self.add_menu)
        self.follow_button = QToolButton(self)
        self.follow_button.setCheckable(True)
        self.follow_button.setChecked(True)
        self.follow_button.setToolTip(
            "The time axis follows the replay. Zooming or panning holds the range;"
            " click here, or use the right-click menu, to follow again."
        )
        self.fit_button = QToolButton(self)
        self.fit_button.setCheckable(True)
        self.fit_button.setToolTip(
            "Give the data the whole width: the plots and the timeline span the samples and a"
            " little of the silence after them, not the whole recording (D)"
        )
        self.note = QLabel("", self)
        theme.set_text_colour(self.note, theme.TEXT_DIM)
        self.note.setMinimumWidth(1)  # its text shrinks with the row, never widens it
        self.add(self.add_button, "+ Channel", "+")
        self.add(self.follow_button, "Follow replay", "Follow")
        self.add(self.fit_button, "Fit to data", "Fit")
        self.row.addStretch(1)
        self.add(self.note)
        self._pages = (0, 0, 0)
        self.restyle()

    def show_fit(self, on: bool) -> None:
        """Show whether the stack is fitted to the data (without toggling it again)."""
        self.fit_button.blockSignals(True)
        self.fit_button.setChecked(on)
        self.fit_button.blockSignals(False)

    def show_pages(self, first: int, last: int, n_plots: int) -> None:
        """Say which plots ``[first, last)`` of ``n_plots`` are on screen (nothing if all)."""
        if (first, last, n_plots) != self._pages:
            self._pages = (first, last, n_plots)
            self.refit()  # the note's room may call for short names
        self.note.setText(self._note(self.short))
        self.note.setToolTip(f"{n_plots - (last - first)} more: scroll beside the plots")

    def _note(self, short: bool) -> str:
        first, last, n_plots = self._pages
        if last - first >= n_plots:
            return ""
        shown = f"{first + 1}" if last - first == 1 else f"{first + 1}–{last}"
        return f"{shown}/{n_plots}" if short else f"plots {shown} of {n_plots}"

    def extra_px(self, short: bool) -> int:
        """The note's room ("plots 2–3 of 5", or "2–3/5" with short names)."""
        return self.note.fontMetrics().horizontalAdvance(self._note(short)) + 12

    def _fit(self, width: int) -> None:
        super()._fit(width)
        self.note.setText(self._note(self.short))
