"""File → Import with columns…: a foreign file's first rows, the role and unit of each column
(as guessed, or as last chosen for files with this header), what the file would read as, and
Open. The choice is the same :class:`~replay.io.ReadOptions` as ``--column`` on the command
line, and it is remembered per header (:class:`ImportMemory`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from replay.core.errors import TelemetryFormatError
from replay.io import ReadOptions
from replay.io.mapping import ROLES
from replay.io.preview import Preview, options_from_roles, preview

#: The role a column without one shows (its numbers become a channel under its own name).
NO_ROLE = "—"
#: Table rows above the file's rows: the role, then the unit.
ROLE_ROW, UNIT_ROW, FIRST_DATA_ROW = 0, 1, 2


class ImportMemory:
    """Column roles the user chose, per header (files from one logger share them)."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def recall(self, key: str) -> ReadOptions | None:
        value: object = self._settings.value(f"import/{key}")
        specs = (
            [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        )
        return ReadOptions(columns=tuple(str(s) for s in specs)) if specs else None

    def keep(self, key: str, options: ReadOptions) -> None:
        self._settings.setValue(f"import/{key}", list(options.columns))

    def options_for(self, path: str | Path) -> ReadOptions | None:
        """What was chosen for files with ``path``'s header, if anything (and the file is a
        table whose header can be read; nothing is read when nothing was ever chosen)."""
        if not any(k.startswith("import/") for k in self._settings.allKeys()):
            return None
        try:
            return self.recall(preview(path).header_key)
        except (TelemetryFormatError, OSError):
            return None


class ImportDialog(QDialog):
    """The first rows of ``path`` with a role and unit per column; ``accepted_options`` says
    what the user chose when they press Open."""

    accepted_options = Signal(str, object)  # path, ReadOptions

    def __init__(self, path: str | Path, memory: ImportMemory, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = str(path)
        self._memory = memory
        self.setWindowTitle(f"Import {Path(path).name}")
        self.resize(980, 560)
        first = preview(path)  # TelemetryFormatError when it is no table: the caller says so
        remembered = memory.recall(first.header_key)
        self.preview = preview(path, remembered) if remembered else first
        self.guessed = first.roles
        self.family = QLabel(self)
        self.table = QTableWidget(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(self)
        self.open_button = buttons.addButton("Open", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.reset_button = QPushButton("Guess again", self)
        buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self._open)
        buttons.rejected.connect(self.reject)
        self.reset_button.clicked.connect(lambda: self._fill(first.roles))
        layout = QVBoxLayout(self)
        layout.addWidget(self.family)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._roles: dict[str, QComboBox] = {}
        self._units: dict[str, QLineEdit] = {}
        self._build(self.preview)
        self._fill(self.preview.roles)
        if remembered:
            self.family.setText(self.family.text() + " — the columns as you set them last time")

    # --- what the user chose -----------------------------------------------------------------
    def roles(self) -> dict[str, tuple[str, str]]:
        """Each column with a role: its role and unit."""
        out = {}
        for name, box in self._roles.items():
            role = box.currentText()
            out[name] = ("channel" if role == NO_ROLE else role, self._units[name].text().strip())
        return out

    def options(self) -> ReadOptions:
        return options_from_roles(self.roles())

    def set_role(self, column: str, role: str, unit: str = "") -> None:
        """Choose ``column``'s role and unit (as the user does with the combo box)."""
        self._units[column].setText(unit)
        self._roles[column].setCurrentText(role)

    # --- building ----------------------------------------------------------------------------
    def _build(self, p: Preview) -> None:
        self.family.setText(
            f"Recognised as: {p.family}"
            if p.family
            else "Not a family we know: the columns' roles are guessed from their names"
        )
        t = self.table
        t.setColumnCount(len(p.names))
        t.setRowCount(FIRST_DATA_ROW + len(p.rows))
        t.setHorizontalHeaderLabels(p.headers)
        t.setVerticalHeaderLabels(["role", "unit", *(str(k + 1) for k in range(len(p.rows)))])
        for j, name in enumerate(p.names):
            box = QComboBox(t)
            box.addItems([NO_ROLE, *(r for r in ROLES if r != "channel")])
            box.currentTextChanged.connect(self._changed)
            unit = QLineEdit(t)
            unit.setPlaceholderText("from the header")
            unit.editingFinished.connect(self._changed)
            t.setCellWidget(ROLE_ROW, j, box)
            t.setCellWidget(UNIT_ROW, j, unit)
            self._roles[name], self._units[name] = box, unit
            for k, row in enumerate(p.rows):
                item = QTableWidgetItem(row[j])
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                t.setItem(FIRST_DATA_ROW + k, j, item)
        t.resizeColumnsToContents()

    def _fill(self, roles: dict[str, tuple[str, str]]) -> None:
        for name, box in self._roles.items():
            role, unit = roles.get(name, (NO_ROLE, ""))
            role = NO_ROLE if role == "channel" else role
            box.blockSignals(True)  # one check after all are set, not one per column
            box.setCurrentText(role)
            box.blockSignals(False)
            self._units[name].setText(unit)
        self._changed()

    def _changed(self) -> None:
        """Say what the file reads as with the roles now chosen, or what is wrong."""
        p = preview(self.path, self.options())
        self.open_button.setEnabled(not p.problem)
        if p.problem:
            problem = p.problem.replace("give --time-column NAME", "set a column's role to time")
            self.status.setText(f"Cannot read it this way: {problem}")
            return
        said = [
            f"{role} = {name}" + (f" [{unit}]" if unit else "")
            for name, (role, unit) in p.roles.items()
            if role not in ("ignore", "channel")
        ]
        self.status.setText("Reads as: " + "; ".join(said))

    def _open(self) -> None:
        options = self.options()
        self._memory.keep(self.preview.header_key, options)
        self.accepted_options.emit(self.path, options)
        self.accept()
