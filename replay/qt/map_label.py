"""Boxed map labels that keep their pixel size at any zoom, and where to put them.

A label slides (never the point it labels) to stay inside the view; ``place_clear`` tries the
corners around its point, near then farther, and takes the first that covers no other label.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from replay.qt import theme

LABEL_FILL = QColor(11, 15, 20, 215)
#: Places tried by ``place_clear``, as (anchor, offset): the four corners of the point
#: (up-left, down-left, down-right, up-right), then the same ones further away.
CORNERS = tuple(
    (anchor, (sx * 10.0, sy * away))
    for away in (10.0, 45.0, 80.0)
    for anchor, sx, sy in (
        ((1.0, 1.0), -1.0, -1.0),
        ((1.0, 0.0), -1.0, 1.0),
        ((0.0, 0.0), 1.0, 1.0),
        ((0.0, 1.0), 1.0, -1.0),
    )
)


class Label(QGraphicsItem):
    """Lines of text in a dark rounded box, pixel-sized, offset from its map position.

    ``anchor`` is the point of the box (0..1 in x and y, y down) placed at ``offset`` pixels
    from the position; the first line can be bold and coloured (a title).
    """

    PAD = 5.0

    def __init__(
        self,
        lines: list[str] | None = None,
        *,
        colour: str = theme.TEXT,
        title_colour: str | None = None,
        border: str = theme.GRID,
        anchor: tuple[float, float] = (0.0, 1.0),
        offset: tuple[float, float] = (8.0, -8.0),
        point_size: float | None = None,
    ) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._point_size = point_size
        self._font, self._bold = self._fonts()
        self._colour = QColor(colour)
        self._title = QColor(title_colour) if title_colour else None
        self._border = QPen(QColor(border), 1.0)
        self._anchor, self._offset = anchor, offset
        self._base_offset = offset
        self._lines: list[str] = []
        self._rect = QRectF()
        self._picture: tuple[tuple[object, ...], QPixmap] | None = None
        self.set_lines(lines or [])

    def _fonts(self) -> tuple[QFont, QFont]:
        font = QFont()
        size = theme.BASE_POINT_SIZE if self._point_size is None else self._point_size
        font.setPointSizeF(max(size, 11.0))  # readable on a projector
        bold = QFont(font)
        bold.setBold(True)
        return font, bold

    def restyle(self) -> None:
        """Take up the theme's font size (presentation mode)."""
        self._font, self._bold = self._fonts()
        lines, self._lines = self._lines, []
        self.set_lines(lines)

    @property
    def lines(self) -> list[str]:
        return list(self._lines)

    @property
    def point_size(self) -> float:
        return self._font.pointSizeF()

    def set_placement(self, anchor: tuple[float, float], offset: tuple[float, float]) -> None:
        """Put the box's ``anchor`` point ``offset`` pixels from the map position."""
        self._anchor, self._offset, self._base_offset = anchor, offset, offset
        lines, self._lines = self._lines, []
        self.set_lines(lines)

    def set_lines(self, lines: list[str]) -> None:
        if lines == self._lines:
            return
        self.prepareGeometryChange()
        self._lines = list(lines)
        widths, height = [], 0.0
        for k, line in enumerate(self._lines):
            fm = QFontMetricsF(self._bold if k == 0 and self._title else self._font)
            widths.append(fm.horizontalAdvance(line))
            height += fm.height()
        w = (max(widths) if widths else 0.0) + 2 * self.PAD
        h = height + 2 * self.PAD
        x = self._offset[0] - self._anchor[0] * w
        y = self._offset[1] - self._anchor[1] * h
        self._rect = QRectF(x, y, w, h)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def screen_rect(self, vb: pg.ViewBox) -> QRectF:
        """Where the box is on the screen (view device pixels)."""
        return self._rect.translated(vb.mapViewToDevice(self.pos()))

    def fit_into(self, vb: pg.ViewBox, margin_px: float = 4.0) -> None:
        """Slide the box (never the point it labels) so that it stays inside the view."""
        if not self._lines:
            return
        view = vb.mapRectToDevice(vb.boundingRect())
        at = vb.mapViewToDevice(self.pos())
        if view is None or at is None:
            return
        x0, y0 = self._base_offset
        w, h = self._rect.width(), self._rect.height()
        left = at.x() + x0 - self._anchor[0] * w
        top = at.y() + y0 - self._anchor[1] * h
        dx = max(view.left() + margin_px - left, 0.0) + min(
            view.right() - margin_px - (left + w), 0.0
        )
        dy = max(view.top() + margin_px - top, 0.0) + min(
            view.bottom() - margin_px - (top + h), 0.0
        )
        offset = (x0 + dx, y0 + dy)
        if offset != self._offset:
            self._offset = offset
            lines, self._lines = self._lines, []
            self.set_lines(lines)

    def paint(
        self, p: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        """Blit the label's picture at a whole device pixel: the same pixels wherever it is
        drawn, however the view got there (a cache Qt keeps for an item that ignores the view's
        scale would be reused at another fraction of a pixel)."""
        if not self._lines:
            return
        t = p.transform()
        if t.type().value > QTransform.TransformationType.TxTranslate.value:  # printing: draw it
            self._draw(p)
            return
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        key = (tuple(self._lines), self._font.key(), self._rect.size().toTuple(), dpr)
        if self._picture is None or self._picture[0] != key:
            self._picture = (key, self._render(dpr))
        p.save()
        p.resetTransform()
        corner = self._rect.topLeft() + QPointF(t.dx() - 1.0, t.dy() - 1.0)
        p.drawPixmap(QPointF(round(corner.x()), round(corner.y())), self._picture[1])
        p.restore()

    def _render(self, dpr: float) -> QPixmap:
        size = self._rect.size() + QSizeF(2.0, 2.0)
        pix = QPixmap(math.ceil(size.width() * dpr), math.ceil(size.height() * dpr))
        pix.setDevicePixelRatio(dpr)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.translate(1.0 - self._rect.left(), 1.0 - self._rect.top())
        self._draw(painter)
        painter.end()
        return pix

    def _draw(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(self._border)
        p.setBrush(LABEL_FILL)
        p.drawRoundedRect(self._rect, 4.0, 4.0)
        y = self._rect.top() + self.PAD
        for k, line in enumerate(self._lines):
            title = k == 0 and self._title is not None
            font = self._bold if title else self._font
            fm = QFontMetricsF(font)
            p.setFont(font)
            p.setPen(self._title if title and self._title else self._colour)
            p.drawText(QPointF(self._rect.left() + self.PAD, y + fm.ascent()), line)
            y += fm.height()


def label_side(
    dx: float, dy: float, above: bool
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Label anchor and pixel offset beside a line heading (dx, dy) (east, north) on the map,
    on its upper (``above``) or lower side, so the label leaves the line clear: centred over or
    under a line running east-west, to the side of one running north-south."""
    px, py = -dy, dx
    norm = math.hypot(px, py)
    if norm == 0.0 or abs(py) < 0.3 * norm:
        return ((1.0, 0.5), (-12.0, 0.0)) if above else ((0.0, 0.5), (12.0, 0.0))
    if (py > 0) != above:
        px, py = -px, -py
    sy = math.copysign(1.0, py)
    if abs(px) < 0.5 * norm:
        return (0.5, 0.5 + 0.5 * sy), (0.0, -10.0 * sy)
    sx = math.copysign(1.0, px)
    return (0.5 - 0.5 * sx, 0.5 + 0.5 * sy), (10.0 * sx, -10.0 * sy)


Placement = tuple[tuple[float, float], tuple[float, float]]


def place_clear(
    label: Label, vb: pg.ViewBox, taken: list[QRectF], home: Placement | None = None
) -> None:
    """Put ``label`` at its ``home`` placement or else the first corner of its point where,
    kept inside the view, it covers none of ``taken``; failing that, where it covers least."""
    best: tuple[float, Placement] | None = None
    for anchor, offset in ((home,) if home else ()) + CORNERS:
        label.set_placement(anchor, offset)
        label.fit_into(vb)
        mine = label.screen_rect(vb)
        overlap = 0.0
        for other in taken:
            both = mine.intersected(other)
            overlap += max(both.width(), 0.0) * max(both.height(), 0.0)
        if overlap == 0.0:
            return
        if best is None or overlap < best[0]:
            best = (overlap, (anchor, offset))
    if best is not None:
        label.set_placement(*best[1])
        label.fit_into(vb)
