"""Map items that keep their pixel size at any zoom: markers and paths (labels: map_label).

Markers ignore the view's transformations, so they stay readable at any zoom.
Thick antialiased lines are Qt's slowest primitive (~0.5 µs per pixel of length against ~0.05
for 1-px lines): long ones are cached once drawn, short-lived ones drawn as offset 1-px lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPainterPath,
    QPen,
    QPixmapCache,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from replay.core.types import FloatArray
from replay.qt import theme

IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class TracePrefix:
    """A per-sample (lon, lat) trace thinned to a few thousand vertices, drawable up to any
    sample: ``x[:prefix_len]`` plus a segment from the last kept vertex to the exact sample.

    Every finite sample next to a break (antimeridian jump, NaN, ``joins`` False) is kept, and a
    NaN is put after each vertex that must not join the next, so no line ever crosses the map.
    A trace broken in more places than the vertex budget is drawn with the bins holding a break
    left out, so it stays within a few times ``max_vertices`` however it is broken.
    """

    idx: IntArray  # sample index of each kept vertex, increasing
    x: FloatArray
    y: FloatArray
    end: IntArray  # end[k]: length of x up to and including kept vertex k
    source: tuple[FloatArray, FloatArray]  # the full (lon, lat), shared, never copied

    @classmethod
    def build(
        cls,
        lon: FloatArray,
        lat: FloatArray,
        joins: npt.NDArray[np.bool_] | None = None,
        max_vertices: int = 4000,
    ) -> TracePrefix:
        n = lon.size
        if n == 0:
            empty = np.zeros(0, np.intp)
            return cls(empty, np.zeros(0), np.zeros(0), empty, (lon, lat))
        finite = np.isfinite(lon) & np.isfinite(lat)
        with np.errstate(invalid="ignore"):
            dlon = np.abs(np.diff(lon))
            join = finite[:-1] & finite[1:] & (dlon <= 180.0)
        if joins is not None:
            join &= joins[:-1]
        breaks = np.flatnonzero(~join)
        if breaks.size > max_vertices // 2:
            # Breaks everywhere (NaN sprinkled through the data): more vertices than the budget
            # just for them. Bins with a break become gaps, so breaks fall on bin edges only.
            b = math.ceil(n / (max_vertices // 2))
            broken = np.zeros(n // b + 1, bool)
            broken[breaks // b] = broken[(breaks + 1) // b] = True
            finite &= ~np.repeat(broken, b)[:n]
            join &= finite[:-1] & finite[1:]
            breaks = np.flatnonzero(~join)
        keep = np.zeros(n, bool)
        keep[:: max(1, math.ceil(2 * n / max_vertices))] = True  # half the budget by time...
        keep[-1] = True
        keep[breaks] = keep[breaks + 1] = True
        # ... and half by distance, where a trace runs fast (the IIP near orbit).
        step = np.where(join, np.abs(np.diff(lat)) + dlon * np.cos(np.radians(lat[:-1])), 0.0)
        cum = np.concatenate([[0.0], np.cumsum(np.nan_to_num(step))])
        bucket = np.floor(cum / max(cum[-1] * 2 / max_vertices, 1e-9))
        keep[1:] |= bucket[1:] != bucket[:-1]
        idx = np.flatnonzero(keep & finite)  # a run of NaN is a gap, not vertices
        # Counting on intp, not on bool: numpy holds Python's lock while it casts (0.14 s for
        # 8M samples, a frozen window while the loader thread prepares a big flight).
        unjoined = np.concatenate([[0], np.cumsum((~join).astype(np.intp))])  # breaks so far
        cut = np.zeros(idx.size, bool)
        cut[:-1] = unjoined[idx[1:]] > unjoined[idx[:-1]]
        pos = np.arange(idx.size) + np.concatenate([[0], np.cumsum(cut.astype(np.intp))[:-1]])
        x = np.full(idx.size + int(cut.sum()), np.nan)
        y = x.copy()
        x[pos], y[pos] = lon[idx], lat[idx]
        return cls(idx, x, y, pos + 1, (lon, lat))

    def upto(self, i: int) -> tuple[int, int]:
        """For sample ``i``: how many of ``x``/``y`` to draw, and the sample index of the last
        kept vertex (the head segment runs from it to ``i``); ``(0, -1)`` before the first."""
        if i < 0 or not self.idx.size:
            return 0, -1
        k = int(np.searchsorted(self.idx, i, side="right")) - 1
        return (0, -1) if k < 0 else (int(self.end[k]), int(self.idx[k]))


def cosmetic(colour: str, width: float, alpha: int = 255, dash: bool = False) -> QPen:
    """A pen whose width is in pixels, whatever the zoom."""
    c = QColor(colour)
    c.setAlpha(alpha)
    pen = QPen(c, width)
    pen.setCosmetic(True)
    if dash:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def shape(kind: str, size: float) -> QPainterPath:
    """A marker outline in pixels around (0, 0), y down; the flag stands on (0, 0)."""
    path = QPainterPath()
    r = size / 2.0
    if kind == "circle":
        path.addEllipse(QPointF(0.0, 0.0), r, r)
    elif kind == "diamond":
        path.moveTo(0, -r)
        path.lineTo(r, 0)
        path.lineTo(0, r)
        path.lineTo(-r, 0)
        path.closeSubpath()
    elif kind == "triangle":
        path.moveTo(0, -r)
        path.lineTo(r, 0.8 * r)
        path.lineTo(-r, 0.8 * r)
        path.closeSubpath()
    elif kind == "star":
        for k in range(10):
            rad = r if k % 2 == 0 else 0.45 * r
            a = math.pi * (k / 5.0 - 0.5)
            pt = QPointF(rad * math.cos(a), rad * math.sin(a))
            path.moveTo(pt) if k == 0 else path.lineTo(pt)
        path.closeSubpath()
    elif kind == "cross":
        w = 0.22 * r
        bar = QPainterPath()
        bar.addRect(QRectF(-r, -w, 2 * r, 2 * w))
        path = QTransform().rotate(45.0).map(bar).united(QTransform().rotate(-45.0).map(bar))
    elif kind == "flag":
        path.addRect(QRectF(-1.5, -size, 3.0, size))  # pole, foot on the point
        path.moveTo(1.5, -size)
        path.lineTo(1.5 + 0.75 * size, -0.78 * size)
        path.lineTo(1.5, -0.55 * size)
        path.closeSubpath()
    else:
        raise ValueError(f"unknown marker shape {kind!r}")
    return path


class Marker(QGraphicsItem):
    """A symbol of fixed pixel size at a map position, with a dark outline so it reads on
    any backdrop."""

    def __init__(
        self, kind: str, size: float, colour: str, outline: str = theme.BACKGROUND
    ) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._path = shape(kind, size)
        self._pen = QPen(QColor(outline), 1.6)
        self._brush = pg.mkBrush(colour)
        self._rect = self._path.boundingRect().adjusted(-2, -2, 2, 2)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # moves only translate

    def set_colour(self, colour: str) -> None:
        self._brush = pg.mkBrush(colour)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, p: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(self._pen)
        p.setBrush(self._brush)
        p.drawPath(self._path)


def add_to(vb: pg.ViewBox, item: Any, z: float, visible: bool = True) -> Any:
    if isinstance(item, PathItem) and isinstance(vb, MapViewBox):
        item.set_margin(vb.margin_deg)
    item.setZValue(z)
    item.setVisible(visible)
    vb.addItem(item, ignoreBounds=True)
    return item


class PathItem(QGraphicsItem):
    """A path in map coordinates stroked with a cosmetic pen (and filled, if a brush is given).

    Qt strokes 1-px antialiased lines ~10x faster than wider ones (~0.5 µs per pixel of length),
    so a wide line that changes often is drawn as 1-px strokes offset by a pixel
    (``fast=True``), and one that seldom changes is cached as a device pixmap (``cached=True``).
    """

    #: Room round the vertices for the pen's pixels (the widest line is 3 px, antialiased).
    MARGIN_PX = 4.0

    def __init__(
        self, pen: QPen, brush: QColor | None = None, cached: bool = False, fast: bool = False
    ) -> None:
        super().__init__()
        self._pen = pen
        self._brush = pg.mkBrush(brush) if brush is not None else pg.mkBrush(None)
        self._path = QPainterPath()
        self._rect = QRectF()
        #: The margin in map degrees: ``MARGIN_PX`` at the view's scale (:meth:`set_margin`).
        self._margin_deg = 0.5
        self._offsets: tuple[tuple[float, float], ...] = ((0.0, 0.0),)
        if fast and pen.widthF() > 1.0:
            self._offsets = _WIDE_2 if pen.widthF() <= 2.2 else _WIDE_3
            self._pen = QPen(pen)
            self._pen.setWidthF(1.0)
        if cached:
            self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            ensure_pixmap_cache()

    def path(self) -> QPainterPath:
        return self._path

    def set_path(self, path: QPainterPath) -> None:
        self.prepareGeometryChange()
        self._path = path
        self._rect = self._padded()
        self.update()

    def set_margin(self, deg: float) -> None:
        """Pad the bounds by ``deg`` (what ``MARGIN_PX`` is at the view's scale): a margin
        fixed in degrees would be half a zoomed-in view, and every change of the path would
        repaint all of it."""
        if deg != self._margin_deg:
            self.prepareGeometryChange()
            self._margin_deg = deg
            self._rect = self._padded()

    def _padded(self) -> QRectF:
        m = self._margin_deg
        path = self._path
        return path.controlPointRect().adjusted(-m, -m, m, m) if not path.isEmpty() else QRectF()

    def set_xy(self, x: npt.ArrayLike, y: npt.ArrayLike, close: bool = False) -> None:
        """Set the path from NaN-separated vertices (NaN breaks the line)."""
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        path = pg.arrayToQPath(x, y, connect="finite") if x.size else QPainterPath()
        if close:
            path.closeSubpath()
        self.set_path(path)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, p: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(self._pen)
        p.setBrush(self._brush)
        if len(self._offsets) == 1:
            p.drawPath(self._path)
            return
        world = p.worldTransform()
        for dx, dy in self._offsets:  # device-pixel shifts: a 1-px line drawn 2-3 px wide
            p.setWorldTransform(world * QTransform.fromTranslate(dx, dy))
            p.drawPath(self._path)
        p.setWorldTransform(world)


_WIDE_2 = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0))
_WIDE_3 = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0))


#: Where chunks not reached yet wait, far off the map: hiding an item drops its cache (showing
#: it again strokes it anew), moving it only translates the cached pixmap.


class MapViewBox(pg.ViewBox):  # type: ignore[misc]
    """A ViewBox that tells panning (which ends following) from zooming (which keeps it)."""

    panned = Signal()
    zoomed = Signal()

    def __init__(self) -> None:
        super().__init__(lockAspect=True, enableMenu=False, defaultPadding=0.0)
        #: What a path's bounds are padded by (:meth:`PathItem.set_margin`), in degrees.
        self.margin_deg = 0.5
        self.sigRangeChanged.connect(self._rescaled)
        self.sigResized.connect(self._rescaled)

    def _rescaled(self, *_: Any) -> None:
        """Give the paths the margin of this scale, rounded up to a power of two degrees so
        that it changes (and every path's bounds with it) only when the zoom doubles."""
        px_deg = max(abs(float(v)) for v in self.viewPixelSize())
        if not math.isfinite(px_deg) or px_deg <= 0.0:
            return
        deg = 2.0 ** math.ceil(math.log2(PathItem.MARGIN_PX * px_deg))
        if deg == self.margin_deg:
            return
        self.margin_deg = deg
        for item in self.childGroup.childItems():  # (addedItems lists only bounded items)
            if isinstance(item, PathItem):
                item.set_margin(deg)

    def mouseDragEvent(self, ev: Any, axis: int | None = None) -> None:
        super().mouseDragEvent(ev, axis)
        pan = Qt.MouseButton.LeftButton | Qt.MouseButton.MiddleButton
        (self.panned if ev.button() & pan else self.zoomed).emit()

    def wheelEvent(self, ev: Any, axis: int | None = None) -> None:
        super().wheelEvent(ev, axis)
        self.zoomed.emit()


PIXMAP_CACHE_KB = 128 * 1024


def ensure_pixmap_cache() -> None:
    """Make room in Qt's pixmap cache for the map's cached layers (raises it, never lowers)."""
    if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
        QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
