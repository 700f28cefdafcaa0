"""File ▸ Compare with another flight…, Align the comparison…, Close the comparison."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from replay.core.errors import TelemetryFormatError
from replay.qt.compare import Comparison
from replay.session import load_session


class CompareMenu:
    """The comparison's entries of the File menu, for one window."""

    def __init__(self, window: QWidget, comparison: Comparison, file_filter: str) -> None:
        self._window, self._comparison, self._filter = window, comparison, file_filter
        self.open = QAction("&Compare with another flight…", window)
        self.open.triggered.connect(self.open_dialog)
        self.nominal = QAction("Compare with the &nominal flight", window)
        self.nominal.setToolTip("The same vehicle flown without its failure, as a comparison")
        self.nominal.triggered.connect(self.compare_nominal)
        self.align = QAction("&Align the comparison at…", window)
        self.align.triggered.connect(self.align_dialog)
        self.close = QAction("Close the co&mparison", window)
        self.close.triggered.connect(lambda: comparison.set_comparison(None))
        comparison.changed.connect(self._enable)
        self._enable()

    def actions(self) -> list[QAction]:
        return [self.open, self.nominal, self.align, self.close]

    def _enable(self) -> None:
        on = self._comparison.other is not None
        self.align.setEnabled(on)
        self.close.setEnabled(on)
        self.nominal.setEnabled(self._comparison.has_nominal())

    def compare_nominal(self) -> None:
        """The open flight against its own nominal reference, aligned at liftoff."""
        nominal = self._comparison.nominal()
        if nominal is not None:
            self._comparison.set_comparison(nominal)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._window, "Compare with another flight", "", self._filter
        )
        if not path:
            return
        try:
            other = load_session(path, places=False, teaching=False)
        except (OSError, TelemetryFormatError) as exc:
            QMessageBox.warning(self._window, "Cannot compare", str(exc))
            return
        self._comparison.set_comparison(other)
        self.align_dialog()

    def align_dialog(self) -> None:
        c = self._comparison
        if c.other is None:
            return
        choices = c.choices()
        current = choices.index(c.align) if c.align in choices else 0
        event, ok = QInputDialog.getItem(
            self._window,
            "Align the comparison",
            "Put the comparison's event on the main flight's:",
            choices,
            current,
            False,
        )
        if ok and event:
            c.set_comparison(c.other, event)
