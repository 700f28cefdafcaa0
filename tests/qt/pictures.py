"""Comparing what widgets draw: grabs as arrays, and how much two grabs differ.

A picture is a function of (flight, time, options): tests reach a state the way a user does and
compare the grab with a fresh window brought straight to the same state.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtWidgets import QApplication, QWidget

#: Two pixels count as different when a colour channel differs by more than this (0-255):
#: antialiasing of the same line drawn along another path stays below it.
CHANNEL_TOLERANCE = 48


def grab(widget: QWidget) -> npt.NDArray[np.uint8]:
    """The widget as it would be painted now: an (h, w, 4) array of BGRA bytes."""
    for _ in range(3):
        QApplication.processEvents()
    image = widget.grab().toImage()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


def differing(a: npt.NDArray[np.uint8], b: npt.NDArray[np.uint8]) -> float:
    """The fraction of pixels that differ beyond :data:`CHANNEL_TOLERANCE` (1.0: other sizes)."""
    if a.shape != b.shape:
        return 1.0
    delta = np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2)
    return float((delta > CHANNEL_TOLERANCE).mean())


def save_difference(a: npt.NDArray[np.uint8], b: npt.NDArray[np.uint8], stem: str) -> list[str]:
    """Write ``a``, ``b`` and their difference (red where they differ) as PNGs, to look at."""
    from PySide6.QtGui import QImage

    paths = []
    diff = a.copy()
    if a.shape == b.shape:
        delta = np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2)
        diff[delta > CHANNEL_TOLERANCE] = (0, 0, 255, 255)
    for name, arr in (("a", a), ("b", b), ("diff", diff)):
        h, w = arr.shape[:2]
        image = QImage(np.ascontiguousarray(arr).data, w, h, 4 * w, QImage.Format.Format_ARGB32)
        path = f"{stem}-{name}.png"
        image.copy().save(path)
        paths.append(path)
    return paths
