"""Which plots of the stack are on screen when not all of them fit at a readable height.

A plot squeezed to a sliver shows one tick and no shape, so the stack never shrinks a plot's
data area below :data:`MIN_VIEW_PX`: it shows as many plots as fit and a scroll bar pages through
the rest (the event lane and the time axis always stay). Which plots are shown is a function of
(plots, first shown, height), never of how the window got there.

>>> shown_window(5, 2, 4)   # five plots, two fit, asked to start at the fifth
(3, 5)
>>> plots_that_fit(400, 128)
3
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtWidgets import QHBoxLayout, QScrollBar, QWidget

from replay.qt.plot_channel import COLOURS, ChannelPlot
from replay.qt.plot_strips import TimeStrips

#: A plot's data area is never shorter than this (pixels), in any window and with any fonts.
MIN_VIEW_PX = 100


def plots_that_fit(room_px: float, plot_px: float) -> int:
    """How many plots of at least ``plot_px`` fit in ``room_px`` (at least one)."""
    if not plot_px > 0:
        raise ValueError(f"plot_px must be positive, got {plot_px!r}")
    return max(1, int(room_px // plot_px))


def shown_window(n_plots: int, n_fit: int, first: int) -> tuple[int, int]:
    """The plots ``[first, last)`` shown: ``first`` moved back so that the window is full."""
    n_fit = max(1, n_fit)
    first = max(0, min(first, n_plots - n_fit))
    return first, min(n_plots, first + n_fit)


class PlotPager:
    """The scroll bar beside the stack; ``on_first(k)`` when the user scrolls plot ``k`` to
    the top."""

    def __init__(self, on_first: Callable[[int], None], parent: QWidget | None = None) -> None:
        self.bar = QScrollBar(Qt.Orientation.Vertical, parent)
        self.bar.setToolTip("More plots than fit at a readable height: scroll through them")
        self.bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.bar.valueChanged.connect(lambda k: on_first(int(k)))
        self.show(0, 0, 0)

    def show(self, first: int, last: int, n_plots: int) -> None:
        """Show that plots ``[first, last)`` of ``n_plots`` are on screen."""
        self.bar.blockSignals(True)  # showing the state must not set it again
        self.bar.setRange(0, max(n_plots - (last - first), 0))
        self.bar.setPageStep(max(last - first, 1))
        self.bar.setValue(first)
        self.bar.blockSignals(False)
        self.bar.setVisible(last - first < n_plots)


class StackLayout(QObject):
    """Lays out the event lane, the plots that fit and the signal strip in the stack's graphics
    view, with a :class:`PlotPager` for the others. ``on_shown(first, last, n)`` is told which
    plots are on screen after every layout, ``on_resized()`` when a new height changed them."""

    def __init__(
        self,
        strips: TimeStrips,
        on_first: Callable[[int], None],
        on_shown: Callable[[int, int, int], None],
        on_resized: Callable[[], None],
    ) -> None:
        super().__init__()
        self.graphics = graphics = pg.GraphicsLayoutWidget()
        self.setParent(graphics)  # goes with the view it lays out
        graphics.ci.setSpacing(0)
        graphics.ci.setContentsMargins(2, 2, 8, 2)
        self.strips = strips
        self.pager = PlotPager(on_first)
        #: The graphics view and the scroll bar beside it, for the stack's layout.
        self.row = QHBoxLayout()
        self.row.setSpacing(0)
        self.row.addWidget(graphics, 1)
        self.row.addWidget(self.pager.bar)
        self._on_shown, self._on_resized = on_shown, on_resized
        self._plots: Sequence[ChannelPlot] = ()
        self.first = 0  # the top plot asked for
        self.shown = (0, 0)  # the plots on screen, [first, last)
        self._heights = (0, 0)
        graphics.installEventFilter(self)  # a new height may fit more or fewer plots

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = watched is self.graphics and event.type() == QEvent.Type.Resize
        if resized and self.lay_out(self._plots):
            self._on_resized()
        return False

    def reveal_last(self, n_plots: int) -> None:
        """Page so that the last of ``n_plots`` (one just added) will be on screen."""
        self.first = max(self.first, n_plots - (self.shown[1] - self.shown[0]))

    def plots_that_fit(self) -> int:
        """How many plots fit in the graphics view with a data area of ``MIN_VIEW_PX``."""
        lane_px, strip_px = self.strips.heights()
        room = self.graphics.height() - lane_px - strip_px - 4
        return plots_that_fit(room, ChannelPlot.height_for(MIN_VIEW_PX))

    def lay_out(self, plots: Sequence[ChannelPlot]) -> bool:
        """Lay out the lane, those of ``plots`` that fit from :attr:`first` on, and the strip;
        whether the items laid out changed."""
        self._plots = plots
        for k, p in enumerate(plots):  # a plot's colour goes with its place in the stack
            p.set_colour(COLOURS[k % len(COLOURS)])
        self.shown = shown_window(len(plots), self.plots_that_fit(), self.first)
        self.pager.show(*self.shown, len(plots))
        self._on_shown(*self.shown, len(plots))
        lay, st = self.graphics.ci, self.strips
        rows = [st.lane_item, *(p.item for p in plots[self.shown[0] : self.shown[1]])]
        rows.append(st.strip_item)
        if rows == list(lay.items) and self._heights == st.heights():
            return False  # the same plots in the same places (a resize that fits as many)
        self._heights = lane_px, strip_px = st.heights()
        for item in list(lay.items):
            lay.removeItem(item)
        for r, item in enumerate(rows):
            lay.addItem(item, row=r, col=0)
            lay.layout.setRowStretchFactor(r, 0 if item in (st.lane_item, st.strip_item) else 1)
        st.lane_item.setFixedHeight(lane_px)
        st.strip_item.setFixedHeight(strip_px)
        # Re-activating the layout shrinks the central item to its size hint; the view only
        # restores it on a resize, so give it back the view's area now.
        lay.setGeometry(QRectF(self.graphics.range))
        return True
