"""One channel's plot in the stack, and which channels the stack shows by default.

The curve is split in two: a *body* up to a bin boundary, drawn once and cached as a pixmap, and
a short *head* from there to the replay time, redrawn each frame. A replay frame then costs a
blit plus a few dozen line segments per plot instead of restroking a couple of thousand points.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QMenu

from replay.core.decimate import MinMaxPyramid, finite_range
from replay.core.display import DEFAULT_SYSTEM, UnitSystem, display_of
from replay.core.limits import ChannelLimits
from replay.qt import theme
from replay.qt.plot_axes import ValueAxis, nice_y_range
from replay.qt.plot_items import (
    CACHED,
    NO_CACHE,
    Backdrop,
    SpanItem,
    StackViewBox,
    ViewFiller,
    limit_spans,
    pen,
    plot_font,
)
from replay.session import Session

#: The default stack: one channel from each group, the first the flight has.
DEFAULTS = (("alt_m",), ("v_relative_m_s", "v_inertial_m_s"), ("accel_axial_g",), ("q_kpa",))
#: Channels not worth a plot of their own when falling back to "the first few".
NOT_PLOTTED = frozenset(
    ("frame", "x_ecef_m", "y_ecef_m", "z_ecef_m", "vx_ecef_m_s", "vy_ecef_m_s", "vz_ecef_m_s")
)
#: Curve colours, those that could be taken for the cursor or an event marker last.
COLOURS = tuple(
    sorted(theme.CURVES, key=lambda c: c.lower() in {theme.CURSOR.lower(), theme.EVENT.lower()})
)
LEFT_AXIS_PX = 66
TITLE_PX = 24
#: The head is folded into the cached body once it holds this many bins.
HEAD_BINS = 96


def default_channels(session: Session, count: int = 4) -> list[str]:
    """Altitude, speed, acceleration and dynamic pressure, or the first channels there are."""
    chans = session.flight.channels
    picked = [next((n for n in group if n in chans), None) for group in DEFAULTS]
    out = [n for n in picked if n is not None]
    if len(out) < 2:
        spare = [n for n in plottable(session) if n not in out and n not in NOT_PLOTTED]
        out += spare[: count - len(out)]
    return out


def plottable(session: Session) -> list[str]:
    """Every numeric channel of the flight, in file order."""
    return [
        n
        for n, v in session.flight.channels.items()
        if np.issubdtype(v.dtype, np.number) or v.dtype == np.bool_
    ]


def title_of(
    name: str,
    unit: str,
    system: UnitSystem = DEFAULT_SYSTEM,
    stages: Mapping[str, str] | None = None,
) -> tuple[str, float]:
    """A plot's title with its unit, and the scale from the file's unit to the shown one (the
    same on every view: :func:`replay.core.display.display_of`)."""
    d = display_of(name, unit, system, stages)
    return d.label, d.scale


def style_plot(item: pg.PlotItem) -> None:
    """Fixed-width value axis (so stacked plots line up), projector-size ticks, no buttons."""
    item.hideButtons()
    for name in ("left", "bottom", "right", "top"):
        # Otherwise every range change re-renders each axis label's HTML.
        item.getAxis(name).enableAutoSIPrefix(False)
    left = item.getAxis("left")
    left.setWidth(round(LEFT_AXIS_PX * theme.SCALE))  # wider with presentation fonts
    left.setStyle(tickFont=plot_font(), autoExpandTextSpace=False)
    left.setTextPen(theme.TEXT)
    left.setPen(theme.GRID)


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


class ChannelPlot:
    """One channel: curve, grid, limit bands, event and LOS markers, the replay cursor.

    Made by the stack (:class:`replay.qt.plots.PlotStack`) before it knows the channel (pyqtgraph
    plots take a while to build: the stack keeps spare ones), then given one with :meth:`bind`.
    """

    def __init__(
        self,
        time_axis: pg.AxisItem,
        menu_for: Callable[[str], QMenu],
        on_seek: Callable[[float], None],
    ) -> None:
        self.name = ""
        self.title = ""
        self.scale = 1.0
        self.pyramid = MinMaxPyramid(np.zeros(0), np.zeros(0))
        self.limits: ChannelLimits | None = None
        self.view = StackViewBox(lambda: menu_for(self.name), on_seek)
        self.item = pg.PlotItem(viewBox=self.view, axisItems={"left": ValueAxis()})
        self.item.hideAxis("bottom")
        self.backdrop = Backdrop(time_axis, self.item.getAxis("left"), [])
        self.backdrop.setZValue(-30)
        # Opaque (pre-blended) under the backdrop, which draws its grid over it.
        self.shade = SpanItem(vertical=True)
        self.shade.setZValue(-40)
        self.body = ThickCurve(COLOURS[0])
        self.head = ThickCurve(COLOURS[0])
        self.cursor = vline(0.0, theme.CURSOR, 1.5, 10)
        for it in (self.backdrop, self.shade, self.body, self.head, self.cursor):
            self.item.addItem(it, ignoreBounds=True)
        self.reference: pg.PlotDataItem | None = None
        self._ref: tuple[np.ndarray, np.ndarray] | None = None
        self._ref_k = -1
        self._ref_until: float | None = None
        self.divergence = CursorLine(theme.CAUTION, 1.5, dashed=True)  # first divergence
        self.divergence.setZValue(9)
        self.divergence.setVisible(False)
        self.item.addItem(self.divergence, ignoreBounds=True)
        self._key: tuple[int, int, int] | None = None
        self._body: tuple[int, int, int] | None = None  # start, level, end of the cached body
        self._body_range: tuple[float, float] | None = None
        self._y: tuple[float, float] | None = None

    def bind(  # noqa: PLR0917
        self,
        name: str,
        title: str,
        pyramid: MinMaxPyramid,
        scale: float,
        limits: ChannelLimits | None,
        events: list[tuple[float, bool]],
    ) -> None:
        """Show channel ``name`` under ``title`` (drawn times ``scale`` from ``pyramid``), its
        limits and the flight's events; nothing of a channel shown before remains."""
        self.name, self.title = name, title
        self.scale, self.pyramid, self.limits = scale, pyramid, limits
        self.restyle()
        self.backdrop.events = sorted(events)
        bands = []
        if limits is not None:
            values = [limits.caution_low, limits.caution_high]
            values += [limits.warning_low, limits.warning_high]
            bands = limit_spans(*(None if v is None else v * scale for v in values))
        self.backdrop.set_bands(bands)
        self.backdrop.set_state(0, None)
        self.shade.set_spans([])
        for curve in (self.body, self.head):
            curve.setData([], [])
            curve.set_extent(None)
        self.set_reference(None, None)
        self.divergence.setVisible(False)
        self.set_cached(False)
        self._key = self._body = self._body_range = self._y = None

    def take_data(self, pyramid: MinMaxPyramid, events: list[tuple[float, bool]]) -> None:
        """The same channel of a grown flight (live): new samples, the same plot and ranges."""
        self.pyramid = pyramid
        self.backdrop.events = sorted(events)
        self._key = self._body = self._body_range = self._y = None

    def restyle(self) -> None:
        """Take up the theme's fonts and sizes (presentation mode)."""
        style_plot(self.item)
        self.item.getAxis("left").restyle()
        self.item.setTitle(
            self.title, size=f"{theme.BASE_POINT_SIZE}pt", color=theme.TEXT, justify="left"
        )
        self.item.layout.setRowFixedHeight(0, round(TITLE_PX * theme.SCALE))

    @property
    def colour(self) -> str:
        return str(self.body.opts["pen"].color().name())

    def set_colour(self, colour: str) -> None:
        if colour != self.colour:
            for curve in (self.body, self.head):
                curve.set_colour(colour)

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """Everything the curve draws now (body then head), for inspection."""
        bx, by = self.body.getData()
        hx, hy = self.head.getData()
        empty = np.empty(0)
        return (
            np.concatenate([empty if bx is None else bx, empty if hx is None else hx]),
            np.concatenate([empty if by is None else by, empty if hy is None else hy]),
        )

    @property
    def level(self) -> int | None:
        """The pyramid level drawn (0: raw samples), ``None`` before any data."""
        return None if self._key is None else self._key[2]

    def set_reference(self, t_s: np.ndarray | None, values: np.ndarray | None) -> None:
        """The nominal flight of this channel, dashed under the actual one (``None``: remove)."""
        if t_s is None or values is None:
            if self.reference is not None:
                self.item.removeItem(self.reference)
                self.reference = None
            return
        if self.reference is None:
            self.reference = pg.PlotDataItem(
                pen=pen(theme.TEXT_DIM, 1.5, Qt.PenStyle.DashLine), connect="finite"
            )
            self.reference.setZValue(-5)
            self.item.addItem(self.reference, ignoreBounds=True)
        step = max(1, t_s.size // 3000)  # a smooth plan: a few thousand points draw it
        self._ref = (t_s[::step], np.asarray(values, dtype=np.float64)[::step] * self.scale)
        self._ref_k = -1
        self.show_reference_until(self._ref_until)

    def show_reference_until(self, t_s: float | None) -> None:
        """Draw the nominal up to ``t_s`` (a lesson holds the rest back), or whole (``None``)."""
        self._ref_until = t_s
        if self.reference is None or self._ref is None:
            return
        x, y = self._ref
        k = x.size if t_s is None else int(np.searchsorted(x, t_s, side="right"))
        if k != self._ref_k:
            self._ref_k = k
            self.reference.setData(x[:k], y[:k])

    def set_cached(self, cached: bool) -> None:
        """Cache the parts that rarely change as pixmaps (see :class:`PlotStack`), or not."""
        mode = CACHED if cached else NO_CACHE
        for item in (self.backdrop, self.body, self.item.getAxis("left")):
            item.setCacheMode(mode)

    def show_data(self, start: int, stop: int, level: int) -> bool:
        """Draw samples ``[start, stop)`` at pyramid ``level`` and fit Y to them.

        Returns whether more than the head changed (the body, or the Y range).
        """
        if (start, stop, level) == self._key:
            return False
        changed = False
        self._key = (start, stop, level)
        size = 1 << level
        body = self._body
        if (
            body is None
            or body[:2] != (start, level)
            or not body[2] <= stop < body[2] + HEAD_BINS * size
        ):
            # Cut the body at a bin boundary so the pyramid's bins never change under it.
            end = max(stop >> level << level, start)
            xs, ys = self.pyramid.window(start, end, level)
            self.body.setData(xs, ys)
            self._body = body = (start, level, end)
            self._body_range = finite_range(ys)
            changed = True
        # The head starts with the body's last bin again, so the line joins up.
        hx, hy = self.pyramid.window(max(body[2] - size, start), stop, level)
        self.head.setData(hx, hy)
        head_range = finite_range(hy)
        extent = None if head_range is None else (float(hx[0]), float(hx[-1]), *head_range)
        self.head.set_extent(extent)
        ranges = [r for r in (self._body_range, head_range) if r is not None]
        if ranges:
            changed |= self._fit_y(min(r[0] for r in ranges), max(r[1] for r in ranges))
        return changed

    def _fit_y(self, lo: float, hi: float) -> bool:
        """Fit Y to the data shown (a function of it alone: :func:`nice_y_range`), widened to a
        caution or warning limit the data is approaching, so the margin left is in sight."""
        span = hi - lo if hi > lo else max(abs(hi) * 0.1, 1e-3)
        lim, s = self.limits, self.scale
        if lim is not None:
            top = lim.caution_high if lim.caution_high is not None else lim.warning_high
            bot = lim.caution_low if lim.caution_low is not None else lim.warning_low
            if top is not None and hi < top * s <= hi + 0.5 * span:
                hi = top * s + 0.1 * span
            if bot is not None and lo > bot * s >= lo - 0.5 * span:
                lo = bot * s - 0.1 * span
        y = nice_y_range(lo, hi)
        if y == self._y:
            return False
        self._y = y
        self.view.setYRange(*y, padding=0)
        return True
