"""The items a channel plot draws with: cursor lines across the view, and the curve drawn as two
one-pixel strokes with sparse samples as dots (:mod:`replay.qt.plot_channel`)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF, QTransform

from replay.qt.plot_items import ViewFiller


class CursorLine(ViewFiller):
    """The replay cursor: a vertical line across the view (lighter than an ``InfiniteLine``)."""

    def __init__(self, colour: str, width: float, dashed: bool = False) -> None:
        super().__init__()
        self._pen = QPen(QColor(colour), width)
        self._pen.setCosmetic(True)
        if dashed:
            self._pen.setStyle(Qt.PenStyle.DashLine)
        self._t = 0.0

    def value(self) -> float:
        return self._t

    def setValue(self, t: float) -> None:
        """Move the line, repainting only the strips it leaves and enters."""
        if t == self._t:
            return
        for x in (self._t, t):
            self.update_between(x, x)
        self._t = t

    def paint(self, p: QPainter, *args: object) -> None:
        view = self.viewRect()
        if view is None or not view.left() <= self._t <= view.right():
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(self._pen)
        p.drawLine(QLineF(self._t, view.top(), self._t, view.bottom()))


#: Samples this many device pixels apart, or more, are drawn as dots too.
SPARSE_PX = 6.0
SAMPLE_DOT_PX = 5.0
#: More samples than this in view are never sparse (and are not looped over in Python).
MAX_DOTS = 400


class ThickCurve(pg.PlotCurveItem):  # type: ignore[misc]
    """A curve drawn as two one-pixel antialiased strokes, one pixel apart vertically.

    Stroking a 2 px antialiased pen through a noisy min/max envelope costs Qt ~15 ms per
    2,000 points; two hairlines cost 0.6 ms and look the same on a time series.
    """

    def __init__(self, colour: str) -> None:
        super().__init__(connect="finite")
        self.set_colour(colour)
        self._extent: tuple[float, float, float, float] | None = None
        self._pixel: tuple[float, float] | None = None

    def set_colour(self, colour: str) -> None:
        # The nominal pen is 2 px wide so the bounding rect (and the cache) has room for both.
        self.setPen(pg.mkPen(colour, width=2))
        self._thin = QPen(QColor(colour), 1)
        self._thin.setCosmetic(True)
        self._dot = QPen(QColor(colour), SAMPLE_DOT_PX)
        self._dot.setCosmetic(True)
        self._dot.setCapStyle(Qt.PenCapStyle.RoundCap)

    def set_extent(self, extent: tuple[float, float, float, float] | None) -> None:
        """Bound the curve by its data (x0, x1, y0, y1; ``None``: by the view). A short curve
        that changes every frame (the head) then repaints only the strip where it is."""
        if extent != self._extent:
            self.prepareGeometryChange()
            self._extent = extent

    def boundingRect(self) -> QRectF:
        # The stack feeds only what is in view (Y fitted to it), so the view is the bound;
        # pyqtgraph's own bound scans the data for NaN-aware extrema on every repaint.
        if self._extent is None:
            r = self.viewRect()
            return QRectF() if r is None else QRectF(r)
        if self._pixel is None:
            self._pixel = (abs(self.pixelWidth()) or 0.0, abs(self.pixelHeight()) or 0.0)
        (x0, x1, y0, y1), (px, py) = self._extent, self._pixel
        return QRectF(x0 - 3 * px, y0 - 3 * py, x1 - x0 + 6 * px, y1 - y0 + 6 * py)

    def viewTransformChanged(self) -> None:
        # PlotCurveItem's override does not call GraphicsItem's, which drops the cached view
        # rectangle: without this the bound (and the pixmap cache) stayed at the first view.
        pg.GraphicsItem.viewTransformChanged(self)
        super().viewTransformChanged()
        self._pixel = None
        self.prepareGeometryChange()

    def paint(self, p: QPainter, *args: object) -> None:
        if self.xData is None or len(self.xData) == 0:
            return
        path = self.getPath()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(self._thin)
        p.drawPath(path)
        dots = self._sparse_samples()
        if dots is not None:  # samples far apart (a balloon's minute): each one seen
            p.setPen(self._dot)
            p.drawPoints(dots)
            p.setPen(self._thin)
        shift = p.transform() * QTransform.fromTranslate(0, 1)  # one device pixel down
        p.setTransform(shift)
        p.drawPath(path)

    def _sparse_samples(self) -> QPolygonF | None:
        """The samples as points when they lie :data:`SPARSE_PX` or more apart on screen (a
        lone sample between gaps draws no line at all), else ``None``."""
        x, y = self.xData, self.yData
        if len(x) > MAX_DOTS:
            return None
        px = abs(self.pixelWidth()) or 0.0
        ok = np.isfinite(x) & np.isfinite(y)
        if px <= 0.0 or not ok.any():
            return None
        if ok.sum() > 1 and (x[ok][-1] - x[ok][0]) / (ok.sum() - 1) < SPARSE_PX * px:
            return None
        return QPolygonF([QPointF(float(a), float(b)) for a, b in zip(x[ok], y[ok], strict=True)])


def vline(t: float, colour: str, width: float, z: float) -> CursorLine:
    """A thin vertical line at time ``t`` (the replay cursor)."""
    line = CursorLine(colour, width)
    line.setValue(t)
    line.setZValue(z)
    return line
