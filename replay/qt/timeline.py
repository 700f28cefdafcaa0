"""The timeline scrubber: the whole flight at a glance, and the handle that seeks it.

Event ticks, shaded dropouts (however short: at least one pixel) and a red loss-of-signal band.
Dragging seeks continuously. The static picture is painted once per size and session into a
pixmap, so a frame only draws the cursor on top of it. While a lesson holds the future back, the
bar past the replay time is covered (what is to come is not shown), and a loss of signal shows
as a dropout until the watchdog declares it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from replay.core.timefmt import format_t_plus
from replay.qt import theme
from replay.session import Session

MARGIN_PX = 12
BAR_TOP_PX = 20
BAR_HEIGHT_PX = 14
CURSOR_HALF_PX = 9


class TimelineScrubber(QWidget):
    """A strip for the whole recording; click or drag to seek."""

    scrubbed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(58)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.session: Session | None = None
        self.t_s = 0.0
        self._background: QPixmap | None = None
        self.future_held = False

    def hold_back(self, held: frozenset[str]) -> None:
        """Cover what the replay has not reached (a lesson runs), or show the whole flight."""
        on = "future" in held
        if on != self.future_held:
            self.future_held = on
            self.update()

    def restyle(self) -> None:
        """Repaint with the theme's fonts (presentation mode)."""
        self._background = None
        self.update()

    def set_session(self, session: Session) -> None:
        self.session = session
        self._background = None
        self.update()

    def seek(self, t_s: float) -> None:
        """Move the cursor (drawing only: it never emits ``scrubbed``, so nothing echoes).

        Only the strips under the old and the new cursor are repainted.
        """
        old = self.x_of(self.t_s)
        self.t_s = t_s
        new = self.x_of(t_s)
        if self.future_held:  # the covered part moves with the cursor
            lo, hi = sorted((round(old), round(new)))
            self.update(lo - CURSOR_HALF_PX, 0, hi - lo + 2 * CURSOR_HALF_PX, self.height())
            return
        for x in {round(old), round(new)}:
            self.update(x - CURSOR_HALF_PX, 0, 2 * CURSOR_HALF_PX, self.height())

    # --- geometry ------------------------------------------------------------------------
    def x_of(self, t_s: float) -> float:
        s = self.session
        if s is None or s.end_s <= s.start_s:
            return float(MARGIN_PX)
        frac = (t_s - s.start_s) / (s.end_s - s.start_s)
        return MARGIN_PX + frac * (self.width() - 2 * MARGIN_PX)

    def t_of(self, x: float) -> float:
        s = self.session
        if s is None:
            return 0.0
        frac = (x - MARGIN_PX) / max(self.width() - 2 * MARGIN_PX, 1)
        return s.start_s + min(max(frac, 0.0), 1.0) * (s.end_s - s.start_s)

    # --- events --------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.session is not None:
            self.scrubbed.emit(self.t_of(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and self.session is not None:
            self.scrubbed.emit(self.t_of(event.position().x()))
        elif self.session is not None:
            self.setToolTip(self._tip(event.position().x()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._background = None
        super().resizeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self._background is None or self._background.size() != self.size():
            self._background = self._paint_background()
        p = QPainter(self)
        p.drawPixmap(_event.rect(), self._background, _event.rect())
        if self.session is not None and self.future_held:
            self._cover_future(p, self.session)
        if self.session is not None:
            x = self.x_of(self.t_s)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(QPen(QColor(theme.CURSOR), 2))
            p.drawLine(QPointF(x, BAR_TOP_PX - 6), QPointF(x, BAR_TOP_PX + BAR_HEIGHT_PX + 4))
            p.setBrush(QColor(theme.CURSOR))
            p.drawPolygon(
                QPolygonF(
                    [
                        QPointF(x - 6, BAR_TOP_PX - 12),
                        QPointF(x + 6, BAR_TOP_PX - 12),
                        QPointF(x, BAR_TOP_PX - 4),
                    ]
                )
            )
        p.end()

    def _paint_background(self) -> QPixmap:
        pix = QPixmap(self.size())
        pix.fill(QColor(theme.PANEL))
        s = self.session
        if s is None:
            return pix
        p = QPainter(pix)
        bar = QRectF(
            self.x_of(s.start_s),
            BAR_TOP_PX,
            self.x_of(s.end_s) - self.x_of(s.start_s),
            BAR_HEIGHT_PX,
        )
        a = s.analysis
        first, last = float(s.flight.t_s[0]), float(s.flight.t_s[-1])
        p.fillRect(bar, QColor(theme.GRID))
        p.fillRect(self._span(first, last), QColor("#1f5f7a"))  # data received
        for g in a.signal.dropouts:
            p.fillRect(self._span(g.t_start_s, g.t_end_s), QColor(theme.DROPOUT))
        if a.los is not None:
            p.fillRect(self._span(a.los.t_s, s.end_s), QColor(theme.LOS))
        p.setFont(theme.mono_font(9))
        p.setPen(QPen(QColor(theme.EVENT), 1))
        for e in a.events:
            x = self.x_of(e.t_s)
            p.drawLine(QPointF(x, BAR_TOP_PX - 4), QPointF(x, BAR_TOP_PX + BAR_HEIGHT_PX))
        self._time_labels(p, s)
        p.end()
        return pix

    def _cover_future(self, p: QPainter, s: Session) -> None:
        """Past the replay time, the bar as if nothing were known; a loss of signal not yet
        declared, amber (the ground sees a dropout)."""
        x, end = self.x_of(self.t_s), self.x_of(s.end_s)
        if end > x:
            p.fillRect(
                QRectF(x, BAR_TOP_PX - 5, end - x + 1, BAR_HEIGHT_PX + 5), QColor(theme.PANEL)
            )
            p.fillRect(QRectF(x, BAR_TOP_PX, end - x, BAR_HEIGHT_PX), QColor(theme.GRID))
        los = s.analysis.los
        if los is not None and los.t_s < self.t_s < los.t_s + s.watchdog_s:
            p.fillRect(self._span(los.t_s, self.t_s), QColor(theme.DROPOUT))

    def _span(self, t0: float, t1: float) -> QRectF:
        x0, x1 = self.x_of(t0), self.x_of(t1)
        return QRectF(x0, BAR_TOP_PX, max(x1 - x0, 1.0), BAR_HEIGHT_PX)

    def _time_labels(self, p: QPainter, s: Session) -> None:
        span = s.end_s - s.start_s
        step = next((m for m in (10, 30, 60, 120, 300, 600, 1800) if span / m <= 12), 3600)
        p.setPen(QColor(theme.TEXT_DIM))
        t = (s.start_s // step + 1) * step
        y = BAR_TOP_PX + BAR_HEIGHT_PX + 16
        while t < s.end_s:
            x = self.x_of(t)
            p.drawLine(
                QPointF(x, BAR_TOP_PX + BAR_HEIGHT_PX), QPointF(x, BAR_TOP_PX + BAR_HEIGHT_PX + 4)
            )
            p.drawText(QPointF(x - 22, y), format_t_plus(t, 0))
            t += step

    def _tip(self, x: float) -> str:
        assert self.session is not None
        t = self.t_of(x)
        a = self.session.analysis
        known = self.t_s if self.future_held else float("inf")
        near = [e.label for e in a.events if abs(self.x_of(e.t_s) - x) < 4 and e.t_s <= known]
        return "\n".join([format_t_plus(t), *near])
