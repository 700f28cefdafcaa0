"""The axes of the plot stack: values on the left, mission time at the bottom, and where the
time axis goes while it follows the replay.

The axes paint their ticks and labels themselves: pyqtgraph's ``AxisItem`` builds a ``Point``
per tick and measures every candidate label in Python, about a millisecond per axis on every
range change, and a seek changes every range.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from replay.core.timefmt import format_t_plus
from replay.qt import theme
from replay.qt.plot_items import LEFT, pen, plot_font

#: Tick steps for the time axis, in seconds: minutes and their usual fractions.
_TIME_STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
#: Room a time label needs on the axis, in pixels ("T+10:00" at 11 pt plus air).
_TICK_ROOM_PX = 95


def tick_values(
    spacings: Sequence[tuple[float, float]], lo: float, hi: float
) -> list[tuple[float, list[float]]]:
    """Tick values per level for ``(spacing, offset)`` levels, each value on one level only.

    What ``AxisItem.tickValues`` does, without its per-value ``np.isclose`` (a millisecond per
    axis, paid on every range change).

    >>> tick_values([(10.0, 0.0), (5.0, 0.0)], -1.0, 21.0)
    [(10.0, [0.0, 10.0, 20.0]), (5.0, [5.0, 15.0])]
    """
    out: list[tuple[float, list[float]]] = []
    coarser: list[float] = []
    for spacing, offset in spacings[:2]:  # major and minor: the grid draws no finer level
        if not spacing > 0:
            continue
        k0, k1 = math.ceil((lo - offset) / spacing), math.floor((hi - offset) / spacing)
        if k1 - k0 > 2000:
            break
        values = [offset + k * spacing for k in range(k0, k1 + 1)]
        values = [v for v in values if not any(abs(v / c - round(v / c)) < 1e-6 for c in coarser)]
        out.append((spacing, values))
        coarser.append(spacing)
    return out


class FastAxis(pg.AxisItem):  # type: ignore[misc]
    """An ``AxisItem`` that paints its ticks and labels directly (left or bottom only).

    pyqtgraph's own paint builds per-tick ``Point``s and measures every candidate label in
    Python, about a millisecond per axis on every range change. Labels come from the major
    level, and from the minor level too when there is room for them.
    """

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.enableAutoSIPrefix(False)
        self._text_pen = QPen(QColor(theme.TEXT))
        self._line_pen = pen(theme.GRID, 1)
        self.restyle()

    def restyle(self) -> None:
        """Take up the theme's font (presentation mode)."""
        self.setStyle(tickFont=plot_font(), autoExpandTextSpace=False)
        self._metrics = QFontMetricsF(plot_font())
        self.picture = None
        self.update()

    def tickValues(
        self, minVal: float, maxVal: float, size: float
    ) -> list[tuple[float, list[float]]]:
        lo, hi = min(minVal, maxVal), max(minVal, maxVal)
        return tick_values(self.tickSpacing(lo, hi, size), lo, hi)

    def paint(self, p: QPainter, *args: object) -> None:
        view = self.linkedView()
        if view is None:
            return
        lo, hi = self.range
        if not hi > lo:
            return
        rect = self.mapRectFromParent(self.geometry())
        bounds = view.mapRectToItem(self, view.boundingRect())
        vertical = self.orientation == "left"
        length = bounds.height() if vertical else bounds.width()
        levels = self.tickValues(lo, hi, length)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setFont(self.style["tickFont"])
        p.setPen(self._line_pen)
        if vertical:
            p.drawLine(QLineF(rect.right(), bounds.top(), rect.right(), bounds.bottom()))
        else:
            p.drawLine(QLineF(bounds.left(), rect.top(), bounds.right(), rect.top()))
        text_h = self._metrics.height()
        scale = length / (hi - lo)
        p.setPen(self._text_pen)
        # Pixels a label needs along the axis; the time axis spaced its major ticks for that.
        room = 1.7 * text_h if vertical else _TICK_ROOM_PX * theme.SCALE
        drawn: list[QRectF] = []
        for level, (spacing, all_values) in enumerate(levels[:2]):
            step = math.ceil(room / (spacing * scale))
            if level and step > 1:
                break  # minor labels only when every one of them fits
            # A short plot labels every other (third, ...) major tick, not a pile of them.
            values = [v for v in all_values if round(v / spacing) % step == 0]
            strings = self.tickStrings(values, 1.0, spacing)
            for v, text in zip(values, strings, strict=True):
                if vertical:
                    y = bounds.bottom() - (v - lo) * scale
                    # A label at the very edge moves inside rather than being cut or dropped.
                    top = min(max(y - text_h / 2, rect.top()), rect.bottom() - text_h)
                    box = QRectF(rect.left(), top, rect.width() - 8, text_h)
                    align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    air = box.adjusted(0, -2, 0, 2)
                else:
                    x = bounds.left() + (v - lo) * scale
                    w = self._metrics.horizontalAdvance(text) + 4
                    box = QRectF(x - w / 2, rect.top() + 6, w, text_h)
                    if box.left() < rect.left() or box.right() > rect.right():
                        continue
                    align = Qt.AlignmentFlag.AlignCenter
                    air = box.adjusted(-8, 0, 8, 0)
                if any(air.intersects(d) for d in drawn):
                    continue  # an edge label moved inside onto its neighbour
                drawn.append(box)
                p.drawText(box, align, text)


class LabelAxis(FastAxis):
    """A left axis that only names its strip ("Events", "Signal"), centred."""

    def __init__(self, text: str) -> None:
        super().__init__("left")
        self.text = text

    def paint(self, p: QPainter, *args: object) -> None:
        rect = self.mapRectFromParent(self.geometry()).adjusted(0, 0, -8, 0)
        p.setFont(self.style["tickFont"])
        p.setPen(self._text_pen)
        p.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.text)


class ValueAxis(FastAxis):
    """The value axis on the left of a channel plot."""

    def __init__(self) -> None:
        super().__init__("left")


class TimeAxis(FastAxis):
    """A bottom axis in mission time (``T+01:30``) with minute-friendly tick steps.

    A click on it asks to seek there (``on_click(t_s)``); a drag still pans the linked view.
    """

    def __init__(self, on_click: Callable[[float], None] | None = None) -> None:
        super().__init__("bottom")
        self._on_click = on_click

    @staticmethod
    def height_px() -> int:
        """The axis's height with the theme's fonts."""
        return round(34 * theme.SCALE)

    def restyle(self) -> None:
        super().restyle()
        self.setHeight(self.height_px())

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, float]]:
        span = abs(maxVal - minVal)
        if span == 0 or size <= 0:
            return []
        wanted = span / max(size / (_TICK_ROOM_PX * theme.SCALE), 1.0)
        i = next((k for k, s in enumerate(_TIME_STEPS) if s >= wanted), len(_TIME_STEPS) - 1)
        major = _TIME_STEPS[i]
        minor = _TIME_STEPS[i - 1] if i >= 1 else major / 2
        return [(major, 0.0), (minor, 0.0)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        decimals = 1 if spacing < 1 else 0
        return [format_t_plus(v, decimals) for v in values]

    def mouseClickEvent(self, ev: Any) -> None:
        view = self.linkedView()
        if self._on_click is not None and view is not None and ev.button() == LEFT:
            ev.accept()
            self._on_click(float(view.mapSceneToView(ev.scenePos()).x()))
            return
        super().mouseClickEvent(ev)


#: Spans of the "flight so far" time axis, in s: the axis steps through them as time goes on.
SPANS_S = (60, 75, 90, 120, 150, 180, 240, 300, 360, 420, 480, 600, 720, 900, 1200, 1500, 1800)


def follow_range(
    t_s: float,
    start_s: float,
    end_s: float,
    window_s: float | None = None,
    data_end_s: float | None = None,
) -> tuple[float, float]:
    """The time axis range while following the replay at ``t_s``.

    The flight so far: from ``start_s`` over the shortest span of :data:`SPANS_S` (then
    doublings) that leaves 8 % of headroom after ``t_s``, at most to just past ``end_s`` (or,
    fitted to the data, to just past ``data_end_s`` until the replay goes beyond it). With
    ``window_s``, a sliding window that advances in sixths, the replay time between 73 % and
    90 % of it. Either way the range changes in steps, not on every frame: the axes stay still
    to read, and the still parts of the plots can be cached.

    >>> follow_range(100.0, -10.0, 600.0)
    (-10.0, 110.0)
    >>> follow_range(382.0, -10.0, 600.0)
    (-10.0, 470.0)
    >>> follow_range(130.0, -10.0, 600.0, 60.0)
    (80.0, 140.0)
    >>> follow_range(18.0, -10.0, 620.0, data_end_s=23.0)   # Antares Orb-3, fitted
    (-10.0, 23.66)
    """
    if window_s is not None:
        step = window_s / 6
        lo = step * math.ceil((t_s - 0.9 * window_s) / step)
        return lo, lo + window_s
    need = max(t_s - start_s, 0.0) / 0.92
    span = next((float(x) for x in SPANS_S if x >= need), 0.0)
    if not span:
        span = float(SPANS_S[-1])
        while span < need:
            span *= 2
    if data_end_s is not None:  # fitted: the data's end, as long as the replay is before it
        data = max(data_end_s - start_s, 0.0) * 1.02
        span = span if need > data else min(span, max(data, 1.0))
    # Never much past the end of the recording: nothing will ever be drawn there.
    last = max(end_s - start_s, 0.0) * 1.02
    span = min(span, max(last, need, 1.0))
    return start_s, round(start_s + span, 9)


#: Mantissas of the value grid a plot's Y range snaps to.
_NICE = (1.0, 2.0, 2.5, 5.0, 10.0)


def nice_y_range(lo: float, hi: float) -> tuple[float, float]:
    """The Y range for data spanning ``[lo, hi]``: a margin of 4 % of the span each side, then
    snapped outwards to a grid of a round step (1, 2, 2.5 or 5 x 10^k) near a fifth of the span.

    A function of the data alone, so a plot looks the same however the replay reached a time,
    and it moves in steps, not on every frame, as the data grows.

    >>> nice_y_range(0.0, 0.93)
    (-0.2, 1.0)
    >>> nice_y_range(0.0, 1.02)
    (-0.25, 1.25)
    >>> nice_y_range(5.0, 5.0)
    (4.5, 5.5)
    """
    span = hi - lo
    if not span > 0.0:
        pad = max(abs(hi) * 0.1, 1e-3)
        return lo - pad, hi + pad
    raw = span / 5.0
    decade = 10.0 ** math.floor(math.log10(raw))
    step = next(m * decade for m in _NICE if m * decade >= raw * (1 - 1e-12))
    bottom = math.floor((lo - 0.04 * span) / step) * step
    top = math.ceil((hi + 0.04 * span) / step) * step
    return round(bottom, 12), round(top, 12)
