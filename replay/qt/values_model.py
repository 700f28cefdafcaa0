"""The channel-values table as a model: a seek changes one index, the view repaints one column.

Cheaper than rewriting table items every frame: the model answers ``data()`` from the flight's
arrays at the current sample, and a change emits a single ``dataChanged`` for the value column.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from replay.core.display import DEFAULT_SYSTEM, Display, UnitSystem, display_of, stage_labels
from replay.qt import theme
from replay.session import Session

HEADERS = ("channel", "value", "unit")
_LEVEL_COLOURS = {"caution": QColor(theme.CAUTION), "warning": QColor(theme.WARNING)}
_TEXT, _DIM = QColor(theme.TEXT), QColor(theme.TEXT_DIM)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
Index = QModelIndex | QPersistentModelIndex


class ValuesModel(QAbstractTableModel):
    """Rows are channels; the value column shows the sample at ``index`` (stale in a gap)."""

    def __init__(self) -> None:
        super().__init__()
        self.session: Session | None = None
        self.names: list[str] = []
        self.index_shown = -1
        self.stale = False
        self.whole: set[str] = set()  # channels of whole numbers (counts, satellites, states)
        self.units: UnitSystem = DEFAULT_SYSTEM
        self.shown: dict[str, Display] = {}  # each channel's name, unit and scale as shown

    def set_session(self, session: Session) -> None:
        self.beginResetModel()
        self.session = session
        self.names = table_order(list(session.flight.channels))
        self.whole = {n for n, v in session.flight.channels.items() if _whole_numbers(v)}
        self.index_shown, self.stale = -1, False
        self._describe()
        self.endResetModel()

    def set_units(self, system: UnitSystem) -> None:
        """Show values in unit ``system`` (the same units as the plots)."""
        self.beginResetModel()
        self.units = system
        self._describe()
        self.endResetModel()

    def _describe(self) -> None:
        s = self.session
        if s is None:
            return
        stages = stage_labels(s.flight.meta.scenario_id)
        units = s.flight.units
        self.shown = {n: display_of(n, units.get(n, ""), self.units, stages) for n in self.names}

    def show(self, index: int, stale: bool) -> None:
        if (index, stale) == (self.index_shown, self.stale):
            return
        self.index_shown, self.stale = index, stale
        if self.names:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self.names) - 1, 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.names)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if self.session is None or not index.isValid():
            return None
        name = self.names[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self.shown[name].title
            if column == 2:
                unit = self.shown[name].unit
                return "" if unit == "1" else unit
            return self.text(name)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return name  # the channel's name in the file
        if column == 1 and role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if column == 1 and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(self.colour(name))
        return None

    def text(self, name: str) -> str:
        assert self.session is not None
        if self.index_shown < 0:
            return "—"
        values = self.session.flight.channels[name]
        v = values[self.index_shown]
        scale = self.shown[name].scale
        if values.dtype.kind != "f" or (name in self.whole and math.isfinite(v) and scale == 1.0):
            text = f"{int(v):,}"
        else:
            text = _format(float(v) * scale)
        return text + (" (stale)" if self.stale else "")

    def colour(self, name: str) -> QColor:
        assert self.session is not None
        if self.index_shown >= 0:
            lim = self.session.limits.get(name)
            if lim is not None:
                level = lim.level(float(self.session.flight.channels[name][self.index_shown]))
                if level != "ok":
                    return _LEVEL_COLOURS[level]
        return _DIM if self.stale else _TEXT


_FIRST = (
    "alt_m",
    "v_relative_m_s",
    "v_inertial_m_s",
    "accel_axial_g",
    "q_kpa",
    "mach",
    "fpa_deg",
    "pitch_deg",
    "heading_deg",
    "stage",
)
_LAST = (
    "lat_deg",
    "lon_deg",
    "frame",
    "x_ecef_m",
    "y_ecef_m",
    "z_ecef_m",
    "vx_ecef_m_s",
    "vy_ecef_m_s",
    "vz_ecef_m_s",
)


def table_order(names: list[str]) -> list[str]:
    """What a controller reads first on top; the raw state and the frame counter at the bottom."""
    first = [n for n in _FIRST if n in names]
    last = [n for n in _LAST if n in names]
    return first + [n for n in names if n not in first and n not in last] + last


def _whole_numbers(values: Any) -> bool:
    """Whether a float channel holds only whole numbers (judged on up to 10,000 samples)."""
    if values.dtype.kind != "f":
        return False
    sample = values[:: max(1, values.size // 10_000)]
    finite = sample[np.isfinite(sample)]
    return bool(finite.size) and bool(np.all(finite == np.round(finite)))


def _format(v: float) -> str:
    if not math.isfinite(v):
        return "—"  # this sample has no value for the channel
    a = abs(v)
    if a >= 1e5:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.1f}"
    return f"{v:.3f}"
