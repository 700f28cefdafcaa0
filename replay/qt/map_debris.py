"""The debris field on the map: where the pieces of a break-up fell (the truth)."""

from __future__ import annotations

import pyqtgraph as pg

from replay.qt.map_label import Label


class DebrisLayer:
    """The field of a break-up, shown with the truth (its labels join the map's placement)."""

    def __init__(self, vb: pg.ViewBox, z: float) -> None:
        self._vb, self._z = vb, z
        self.labels: list[Label] = []

    def set_shown(self, on: bool) -> None:
        for label in self.labels:
            label.setVisible(on)
