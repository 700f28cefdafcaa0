"""Boxed map labels that keep their pixel size at any zoom, and where to put them.

Where every label of the map goes is decided at once by :func:`replay.geo.label_layout.
place_labels` (see :func:`place_all`): a label may be moved away from its point (a leader line
joins them), shortened to its first lines, or left out (``crowded``) when there is no room.
``place_clear`` places one label clear of some others the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from replay.geo.label_layout import LabelBox, box_at, leader_needed, place_labels
from replay.qt import theme

LABEL_FILL = QColor(11, 15, 20, 215)
#: The forms of a label, as how many of its lines they keep: in full, the title and the line
#: under it, the title alone (tried in turn when there is no room).
FORMS = (None, 2, 1)
#: Lines wider than this fraction of the view (and than MIN_WRAP_PX) are wrapped.
WRAP_FRACTION = 0.6
MIN_WRAP_PX = 240.0


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
        #: Where the layer that owns the label wants it (the placement tries there first).
        self.home: tuple[tuple[float, float], tuple[float, float]] = (anchor, offset)
        self._lines: list[str] = []
        self._rect = QRectF()
        self._picture: tuple[tuple[object, ...], QPixmap] | None = None
        self._keep: int | None = None  # the lines drawn (None: all): its form
        self._wrap_px = math.inf  # lines wider than this are wrapped at spaces
        self.leader = False  # a line joins the box to its point
        #: Left out by the label placement: no room for it in the view (not drawn).
        self.crowded = False
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
        self._relayout()

    @property
    def lines(self) -> list[str]:
        """Every line of the label (a short form draws the first few)."""
        return list(self._lines)

    @property
    def drawn_lines(self) -> list[str]:
        """The lines on the map (wrapped): none when crowded out, fewer in the short form."""
        if self.crowded or not self.isVisible():
            return []
        return [text for text, _ in self._display(self._keep)]

    def _display(self, keep: int | None) -> list[tuple[str, bool]]:
        """The first ``keep`` lines (all: ``None``) wrapped to the wrap width, each with whether
        it is the title's."""
        out: list[tuple[str, bool]] = []
        lines = self._lines[:keep]
        cut = keep is not None and keep < len(self._lines)
        for k, line in enumerate(lines):
            title = k == 0 and self._title is not None
            fm = QFontMetricsF(self._bold if title else self._font)
            text = line.rstrip(",;") if cut and k == len(lines) - 1 else line  # ends cleanly
            out += [(piece, title) for piece in _wrapped(text, fm, self._wrap_px)]
        return out

    def forms(self) -> list[int | None]:
        """The forms this label has (:data:`FORMS` that keep fewer lines than it has)."""
        return [k for k in FORMS if k is None or k < len(self._lines)]

    def set_wrap(self, width_px: float) -> None:
        """Wrap lines wider than ``width_px`` (a narrow view); ``inf``: never."""
        if width_px != self._wrap_px:
            self._wrap_px = width_px
            self._relayout()

    @property
    def on_map(self) -> bool:
        """Whether the label is drawn (visible, and not crowded out by the placement)."""
        return bool(self.isVisible()) and not self.crowded and bool(self._lines)

    def box_size(self, keep: int | None = None) -> tuple[float, float]:
        """The box's size in pixels with its first ``keep`` lines (``None``: all)."""
        widths, height = [0.0], 0.0
        for text, title in self._display(keep):
            fm = QFontMetricsF(self._bold if title else self._font)
            widths.append(fm.horizontalAdvance(text))
            height += fm.height()
        return max(widths) + 2 * self.PAD, height + 2 * self.PAD

    def set_crowded(self, crowded: bool) -> None:
        """Leave the label out for lack of room (or put it back)."""
        if crowded != self.crowded:
            self.prepareGeometryChange()
            self.crowded = crowded
            self.update()

    def place_box(self, left_px: float, top_px: float, keep: int | None = None) -> None:
        """Put the box's top-left corner ``(left_px, top_px)`` from the point, with its first
        ``keep`` lines (``None``: all); a box far from its point gets a leader line."""
        self._keep = keep
        self._move((0.0, 0.0), (left_px, top_px))

    @property
    def point_size(self) -> float:
        return self._font.pointSizeF()

    def set_placement(self, anchor: tuple[float, float], offset: tuple[float, float]) -> None:
        """Put the box's ``anchor`` point ``offset`` pixels from the map position (its home)."""
        self.home = (anchor, offset)
        self._keep = None
        self._move(anchor, offset)

    def _move(self, anchor: tuple[float, float], offset: tuple[float, float]) -> None:
        self._anchor, self._offset, self._base_offset = anchor, offset, offset
        self._relayout()

    def set_lines(self, lines: list[str]) -> None:
        if lines != self._lines:
            self._lines = list(lines)
            self._relayout()

    def _relayout(self) -> None:
        """Size the box for the lines, the fonts and the wrap, and put it where it goes."""
        self.prepareGeometryChange()
        w, h = self.box_size(self._keep)
        left, top, right, bottom = box_at((0.0, 0.0), (w, h), (self._anchor, self._offset))
        self._rect = QRectF(left, top, w, h)
        self.leader = leader_needed((left, top, right, bottom), (0.0, 0.0))
        self.update()

    def boundingRect(self) -> QRectF:
        if self.crowded:
            return QRectF()
        rect = self._rect.adjusted(-1, -1, 1, 1)
        return rect.united(QRectF(-2.0, -2.0, 4.0, 4.0)) if self.leader else rect

    def box_rect(self) -> QRectF:
        """The box in item coordinates (pixels from its point), without the leader line."""
        return QRectF(self._rect)

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
            self._relayout()

    def paint(
        self, p: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        """Blit the label's picture at a whole device pixel: the same pixels wherever it is
        drawn, however the view got there (a cache Qt keeps for an item that ignores the view's
        scale would be reused at another fraction of a pixel)."""
        if not self._lines or self.crowded:
            return
        t = p.transform()
        if t.type().value > QTransform.TransformationType.TxTranslate.value:  # printing: draw it
            self._draw_leader(p)
            self._draw(p)
            return
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        key = (
            tuple(self._display(self._keep)),
            self._font.key(),
            self._rect.size().toTuple(),
            dpr,
        )
        if self._picture is None or self._picture[0] != key:
            self._picture = (key, self._render(dpr))
        p.save()
        p.resetTransform()
        if self.leader:
            p.translate(round(t.dx()), round(t.dy()))
            self._draw_leader(p)
            p.translate(-round(t.dx()), -round(t.dy()))
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

    def _draw_leader(self, p: QPainter) -> None:
        """A line from the point to the nearest edge of the box."""
        if not self.leader:
            return
        r = self._rect
        end = QPointF(min(max(0.0, r.left()), r.right()), min(max(0.0, r.top()), r.bottom()))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(self._border)
        p.drawLine(QPointF(0.0, 0.0), end)

    def _draw(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(self._border)
        p.setBrush(LABEL_FILL)
        p.drawRoundedRect(self._rect, 4.0, 4.0)
        y = self._rect.top() + self.PAD
        for line, title in self._display(self._keep):
            font = self._bold if title else self._font
            fm = QFontMetricsF(font)
            p.setFont(font)
            p.setPen(self._title if title and self._title else self._colour)
            p.drawText(QPointF(self._rect.left() + self.PAD, y + fm.ascent()), line)
            y += fm.height()


def _wrapped(line: str, metrics: QFontMetricsF, width_px: float) -> list[str]:
    """``line`` broken into pieces no wider than ``width_px``: at " · " first, then at spaces
    (a word wider than that stays whole)."""
    if metrics.horizontalAdvance(line) <= width_px:
        return [line]
    if " · " in line:
        head, tail = line.split(" · ", 1)
        return _wrapped(head, metrics, width_px) + _wrapped(tail, metrics, width_px)
    out: list[str] = []
    for word in line.split():
        joined = f"{out[-1]} {word}" if out else word
        if out and metrics.horizontalAdvance(joined) <= width_px:
            out[-1] = joined
        else:
            out.append(word)
    return out


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


def place_all(
    vb: pg.ViewBox,
    labels: Sequence[tuple[Label, Placement | None, float]],
    obstacles: Sequence[QRectF] = (),
) -> None:
    """Place ``labels`` (each with its home, ``None`` for the label's own, and how far from its
    point it may go, in pixels), most important first, inside the view and clear of each other
    and of ``obstacles`` (screen rectangles); those without room are crowded out. Labels that
    are hidden are left alone."""
    area = vb.mapRectToDevice(vb.boundingRect())
    if area is None:
        return
    shown = [(label, home, reach) for label, home, reach in labels if label.isVisible()]
    boxes, points = [], []
    wrap = max(WRAP_FRACTION * area.width(), MIN_WRAP_PX)
    for label, home, reach in shown:
        label.set_wrap(wrap)
        at = vb.mapViewToDevice(label.pos())
        points.append((at.x(), at.y()))
        sizes = tuple(label.box_size(keep) for keep in label.forms())
        wanted = label.home if home is None else home
        boxes.append(LabelBox(points[-1], sizes, wanted, reach))
    view = (area.left(), area.top(), area.right(), area.bottom())
    avoid = [(r.left(), r.top(), r.right(), r.bottom()) for r in obstacles]
    placed = place_labels(boxes, view, avoid)
    for (label, _, _), at, (rect, form) in zip(shown, points, placed, strict=True):
        label.set_crowded(rect is None)
        if rect is not None:
            label.place_box(rect[0] - at[0], rect[1] - at[1], label.forms()[form])


def place_clear(
    label: Label, vb: pg.ViewBox, taken: list[QRectF], home: Placement | None = None
) -> None:
    """Put ``label`` at its ``home`` placement or else the first place round its point where,
    inside the view, it covers none of ``taken``; crowded out if there is none."""
    place_all(vb, [(label, home, math.inf)], taken)


def marker_rect(vb: pg.ViewBox, item: QGraphicsItem) -> QRectF:
    """Where a pixel-sized map item (a marker) is on the screen (view device pixels)."""
    return item.boundingRect().translated(vb.mapViewToDevice(item.pos()))


def cells_round(rect: QRectF, cell_px: float) -> QRectF:
    """The cells of a ``cell_px`` grid (from the view's corner) that ``rect`` touches, as one
    rectangle: an obstacle that moves in whole cells, so labels kept clear of a moving marker
    move only when it enters another cell (their places stay a function of that cell)."""
    x0, y0 = math.floor(rect.left() / cell_px), math.floor(rect.top() / cell_px)
    x1, y1 = math.floor(rect.right() / cell_px), math.floor(rect.bottom() / cell_px)
    return QRectF(x0 * cell_px, y0 * cell_px, (x1 - x0 + 1) * cell_px, (y1 - y0 + 1) * cell_px)
