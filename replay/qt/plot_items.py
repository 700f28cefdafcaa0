"""The drawing pieces of a plot: view box, grid, limit bands, event markers, LOS shading.

Everything here paints what it is told; :mod:`replay.qt.plots` decides what to tell it, and
when to cache what as a pixmap. The grid is drawn by an item of its own rather than by
pyqtgraph's axes, which re-play a recorded picture of every grid line on each repaint (about
2 ms per axis); translucent colours are pre-blended, as the raster engine fills translucent
pixels ten times slower.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QMenu

from replay.qt import theme

#: Items that change rarely: repaints blit a pixmap, redrawn only when they or the view change.
CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache
NO_CACHE = QGraphicsItem.CacheMode.NoCache
LEFT = Qt.MouseButton.LeftButton
#: Grid lines closer than this are left out (the minor level of a short plot).
MIN_GRID_PX = 18


def plot_font(bold: bool = False, italic: bool = False) -> QFont:
    """The font for axis ticks, titles and labels: the theme's base size (readable projected)."""
    font = QFont()
    font.setPointSize(theme.BASE_POINT_SIZE)
    font.setBold(bold)
    font.setItalic(italic)
    return font


def blend(colour: str, alpha: int) -> QColor:
    """``colour`` at ``alpha``/255 over the plot background, as an opaque colour.

    Translucent pens and fills cost the raster engine ten times more per pixel; everything that
    would be translucent lies straight on the background, so pre-blending looks the same.
    """
    c, b, a = QColor(colour), QColor(theme.BACKGROUND), alpha / 255
    return QColor(
        round(c.red() * a + b.red() * (1 - a)),
        round(c.green() * a + b.green() * (1 - a)),
        round(c.blue() * a + b.blue() * (1 - a)),
    )


def _brush(colour: str, alpha: int) -> QBrush:
    return QBrush(blend(colour, alpha))


class StackViewBox(pg.ViewBox):  # type: ignore[misc]
    """A view box whose context menu and double-click belong to the plot stack.

    ``menu_for()`` builds the right-click menu; ``on_seek(t_s)`` receives a left double-click
    (or, with ``click_seeks``, any left click: the signal strip is a timeline too).
    ``drag_handler(view, event)`` sees a drag first and returns whether it took it (the box
    zoom of :mod:`replay.qt.zoom_history`).
    """

    drag_handler: ClassVar[Callable[[pg.ViewBox, Any], bool] | None] = None

    def __init__(
        self,
        menu_for: Callable[[], QMenu] | None = None,
        on_seek: Callable[[float], None] | None = None,
        click_seeks: bool = False,
    ) -> None:
        super().__init__(enableMenu=True)
        self._menu_for = menu_for
        self._on_seek = on_seek
        self._click_seeks = click_seeks
        self.setMouseEnabled(x=True, y=False)

    def mouseClickEvent(self, ev: Any) -> None:
        seeks = self._click_seeks or ev.double()
        if ev.button() == LEFT and self._on_seek is not None and seeks:
            ev.accept()
            self._on_seek(float(self.mapSceneToView(ev.scenePos()).x()))
            return
        super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev: Any, axis: int | None = None) -> None:
        handler = StackViewBox.drag_handler
        if handler is None or not handler(self, ev):
            super().mouseDragEvent(ev, axis)

    def raiseContextMenu(self, ev: Any) -> None:
        menu = None if self._menu_for is None else self._menu_for()
        if menu is not None:
            menu.popup(ev.screenPos().toPoint())


class ViewFiller(pg.GraphicsObject):  # type: ignore[misc]
    """An item as large as its view (it paints in screen pixels or clips to the view)."""

    def viewTransformChanged(self) -> None:
        super().viewTransformChanged()
        self.prepareGeometryChange()

    def boundingRect(self) -> QRectF:
        r = self.viewRect()
        return QRectF() if r is None else QRectF(r)

    def update_between(self, t0: float, t1: float, pad_px: float = 4.0) -> None:
        """Repaint only the time strip from ``t0`` to ``t1`` (and ``pad_px`` pixels round it):
        what changes every frame is drawn again there, the rest comes from the screen."""
        view = self.viewRect()
        if view is None or not (math.isfinite(t0) and math.isfinite(t1)):
            self.update()
            return
        pad = pad_px * (abs(self.pixelWidth()) or 0.0)
        lo, hi = min(t0, t1) - pad, max(t0, t1) + pad
        self.update(QRectF(lo, view.top(), hi - lo, view.height()))


class SpanItem(ViewFiller):
    """Filled bands across the view: horizontal (``y`` limits) or vertical (time spans).

    Bounds may be infinite: a band above a limit runs to the top of whatever is shown.
    """

    def __init__(self, vertical: bool) -> None:
        super().__init__()
        self._vertical = vertical
        self.spans: list[tuple[float, float, QBrush]] = []

    def set_spans(self, spans: list[tuple[float, float, QBrush]]) -> None:
        old, self.spans = self.spans, spans
        if self._vertical and len(old) == len(spans) == 1 and old[0][0] == spans[0][0]:
            self.update_between(old[0][1], spans[0][1])  # a span that grows: only its end
        else:
            self.update()

    def paint(self, p: QPainter, *args: object) -> None:
        view = self.viewRect()
        if view is None:
            return
        p.setPen(Qt.PenStyle.NoPen)
        for a, b, brush in self.spans:
            lo, hi = min(a, b), max(a, b)
            if self._vertical:
                r = QRectF(
                    QPointF(max(lo, view.left()), view.top()),
                    QPointF(min(hi, view.right()), view.bottom()),
                )
            else:
                r = QRectF(
                    QPointF(view.left(), max(lo, view.top())),
                    QPointF(view.right(), min(hi, view.bottom())),
                )
            if r.width() > 0 and r.height() > 0:
                p.fillRect(r, brush)


def limit_spans(
    caution_low: float | None,
    caution_high: float | None,
    warning_low: float | None,
    warning_high: float | None,
) -> list[tuple[float, float, QBrush]]:
    """Amber caution and red warning bands for one channel's limits (in display units)."""
    amber, red = _brush(theme.CAUTION, 60), _brush(theme.WARNING, 70)
    out: list[tuple[float, float, QBrush]] = []
    if caution_high is not None:
        out.append((caution_high, warning_high if warning_high is not None else math.inf, amber))
    if warning_high is not None:
        out.append((warning_high, math.inf, red))
    if caution_low is not None:
        out.append((warning_low if warning_low is not None else -math.inf, caution_low, amber))
    if warning_low is not None:
        out.append((-math.inf, warning_low, red))
    return out


def los_shade() -> QBrush:
    """The faint red of the silence after a loss of signal (it lies under the grid)."""
    return _brush(theme.LOS, 40)


class Backdrop(ViewFiller):
    """What lies behind a curve, in one cached picture: limit bands, grid, event and LOS lines.

    Event markers are thin violet lines (dotted if the data inferred them), drawn only once
    passed; the LOS line is red. One item rather than three: each cached item costs a pixmap
    per repaint.
    """

    def __init__(
        self, x_axis: pg.AxisItem, y_axis: pg.AxisItem, events: Sequence[tuple[float, bool]]
    ) -> None:
        super().__init__()
        self._axes = (x_axis, y_axis)
        self._grid = (pen(theme.GRID, 1), pen(blend(theme.GRID, 110).name(), 1))
        # Solid, dimmed: dashes cost the raster engine a stroker pass per line.
        self._event_pens = {
            False: pen(blend(theme.EVENT, 190).name(), 1),
            True: pen(blend(theme.EVENT, 190).name(), 1, Qt.PenStyle.DotLine),
        }
        self._los_pen = pen(theme.LOS, 2.5)
        self.bands: list[tuple[float, float, QBrush]] = []
        self.events = sorted(events)
        self.passed = 0
        self.los: float | None = None

    def set_bands(self, bands: list[tuple[float, float, QBrush]]) -> None:
        """Horizontal bands ``(low, high, brush)`` in data units (infinite ends allowed)."""
        self.bands = bands
        self.update()

    def shown_events(self) -> list[float]:
        """Times of the event markers drawn now."""
        return [t for t, _ in self.events[: self.passed]]

    def set_state(self, passed: int, los: float | None) -> None:
        """Show the first ``passed`` events, and the LOS line at ``los`` (``None``: not yet)."""
        if (passed, los) != (self.passed, self.los):
            self.passed, self.los = passed, los
            self.update()

    def paint(self, p: QPainter, *args: object) -> None:
        view = self.viewRect()
        if view is None:
            return
        tr = p.transform()
        area = tr.mapRect(view)
        sx, dx, sy, dy = tr.m11(), tr.dx(), tr.m22(), tr.dy()
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for lo, hi, brush in self.bands:
            y0 = min(max(hi * sy + dy, area.top()), area.bottom())
            y1 = min(max(lo * sy + dy, area.top()), area.bottom())
            if y1 > y0:
                p.fillRect(QRectF(area.left(), y0, area.width(), y1 - y0), brush)
        x_ticks = self._axes[0].tickValues(view.left(), view.right(), area.width())
        y_ticks = self._axes[1].tickValues(view.top(), view.bottom(), area.height())
        for level in (1, 0):  # minor lines first, major over them
            lines = [
                QLineF(x, area.top(), x, area.bottom())
                for x in (round(v * sx + dx) + 0.5 for v in _level(x_ticks, level, sx))
            ]
            lines += [
                QLineF(area.left(), y, area.right(), y)
                for y in (round(v * sy + dy) + 0.5 for v in _level(y_ticks, level, sy))
            ]
            p.setPen(self._grid[level])
            p.drawLines(lines)
        for t, detected in self.events[: self.passed]:
            x = round(t * sx + dx) + 0.5
            p.setPen(self._event_pens[detected])
            p.drawLine(QLineF(x, area.top(), x, area.bottom()))
        if self.los is not None:
            x = self.los * sx + dx
            p.setPen(self._los_pen)
            p.drawLine(QLineF(x, area.top(), x, area.bottom()))


def _level(ticks: list[tuple[float, list[float]]], level: int, px_per_unit: float) -> list[float]:
    """The values of one tick level, if its lines are far enough apart not to clutter."""
    if level >= len(ticks) or abs(ticks[level][0] * px_per_unit) < MIN_GRID_PX:
        return []
    return ticks[level][1]


def pen(colour: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(colour), width, style)
    pen.setCosmetic(True)
    return pen


class PlotTitle(pg.GraphicsWidget):  # type: ignore[misc]
    """A plot's title, elided ("Speed relative to Ea…") rather than widening the plot past its
    column: pyqtgraph's own title makes its text width the plot's minimum width."""

    def __init__(self, parent: QGraphicsItem) -> None:
        super().__init__(parent)  # owned by the plot (Qt deletes it with the plot, once)
        self.text = ""
        self.setMinimumWidth(0)

    def set_text(self, text: str, height_px: float) -> None:
        self.text = text
        self.resize(self.size().width(), height_px)
        self.update()

    def paint(self, p: QPainter, *args: object) -> None:
        font = plot_font()
        metrics = QFontMetricsF(font)
        rect = self.boundingRect().adjusted(4, 0, -2, 0)
        text = metrics.elidedText(self.text, Qt.TextElideMode.ElideRight, rect.width())
        p.setFont(font)
        p.setPen(QColor(theme.TEXT))
        p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
