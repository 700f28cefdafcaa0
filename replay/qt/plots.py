"""Stacked, time-linked telemetry plots drawn up to the replay time, as if live.

Time axis: until the user zooms or pans, X *follows the replay* and shows the whole flight so
far, the newest data at the right: the trend since lift-off and every event passed in one
glance. It moves in readable steps (spans of 1, 1¼, 1½, 2 ... 10 minutes, :func:`follow_range`),
not every frame; a sliding 60 s window is in the right-click menu. Zooming or panning holds the
range until *Follow replay*. Y fits the visible data, widened to a caution limit it comes near.

Performance: each curve is fed from a gap-aware min/max pyramid (:mod:`replay.core.decimate`)
at about one bin per pixel, cut at the replay time, so a frame costs the same for ten thousand
or ten million samples. While playing calmly (same ranges), what does not move (grids, bands,
markers, axes, the curve but its last bins) is cached as pixmaps and a frame redraws only the
heads and cursors; a seek, zoom or new Y range drops the caches until things settle again.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QVBoxLayout, QWidget

from replay.core.display import DEFAULT_SYSTEM, UnitSystem, stage_labels
from replay.core.flight import Flight
from replay.core.time_fit import opens_fitted
from replay.qt.plot_axes import follow_range
from replay.qt.plot_bar import PlotBar
from replay.qt.plot_channel import DEFAULTS, ChannelPlot, default_channels, title_of
from replay.qt.plot_data import StackData
from replay.qt.plot_items import los_shade
from replay.qt.plot_menus import fill_channel_menu, stack_menu
from replay.qt.plot_pages import StackLayout
from replay.qt.plot_strips import TimeStrips
from replay.qt.plot_time_axis import TimeAxis
from replay.qt.prepared import per_flight
from replay.session import Session

#: Frames without a range change after which the still parts are cached again.
CALM_FRAMES = 3


class PlotStack(TimeAxis, QWidget):
    """Telemetry plots stacked on one time axis, with an event lane and a signal strip.

    ``seek(t_s)`` draws everything known at ``t_s``. A click on the time axis or the signal
    strip, or a double-click in a plot, comes out as ``seek_requested(t_s)``.
    """

    seek_requested = Signal(float)
    follow_changed = Signal(bool)
    fit_changed = Signal(bool)
    channels_edited = Signal()  # the user picked a channel (menus), not a program

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._plots: list[ChannelPlot] = []
        self._t = 0.0
        self._data = StackData()
        self._spares: list[ChannelPlot] = []
        self._follow = True
        self._window_s: float | None = None
        self._busy = False
        self._calm = 0
        self._cached = False
        self._reference: Flight | None = None
        self._divergence_t: float | None = None
        self._nominal = True
        self._fit = False  # following spans the data, not the whole recording
        self._future_held = False  # a lesson runs: the nominal is drawn up to now only
        self.units: UnitSystem = DEFAULT_SYSTEM
        #: Add entries to the right-click menu (the zoom history, the measurement).
        self.menu_extensions: list[Callable[[QMenu], None]] = []
        #: Add entries to the "+ Channel" menu (the ascent profiles).
        self.channel_menu_extensions: list[Callable[[QMenu], None]] = []
        self._build_ui()

    # --- public API ---------------------------------------------------------------------------

    def set_session(self, session: Session) -> None:
        """Show a new flight (default channels, its events, gaps and limits) at its start; the
        same flight with more of its analysis keeps the plots, their ranges and following."""
        if session.same_flight(self._session):
            if self._session is not None and session.flight is not self._session.flight:
                self._grown(session)  # a live pass: more samples, the same plots
            self._session = session
            self._pick_reference()
            for p in self._plots:
                self._show_reference(p)
            self.seek(self._t)
            return
        self._session = session
        self._data = per_flight(StackData, session)
        self.strips.set_session(session)
        for old in self._plots:
            self._drop(old)
        self._plots = []
        self._pick_reference()
        for name in default_channels(session):
            self._plots.append(self._make_plot(name))
        self.pages.first = 0
        self.pages.lay_out(self._plots)
        self._settle(True)
        self._follow = True
        self.bar.follow_button.setChecked(True)
        self.set_fit(opens_fitted(session.flight.t_s, session.start_s, session.end_s))
        self.seek(session.start_s)

    @property
    def nominal(self) -> bool:
        """Whether the nominal flight is drawn (when the session has one)."""
        return self._nominal

    def set_nominal(self, on: bool) -> None:
        """Draw the session's nominal flight dashed under the actual one, and mark where they
        part, or not. The choice holds for the sessions that follow."""
        self._nominal = on
        self._pick_reference()
        for p in self._plots:
            self._show_reference(p)
        self.seek(self._t)

    def hold_back(self, held: frozenset[str]) -> None:
        """Hold back what a lesson has not revealed (here: the nominal ahead of now)."""
        self._future_held = "future" in held
        for p in self._plots:
            p.show_reference_until(self._t if self._future_held else None)

    def _pick_reference(self) -> None:
        s = self._session
        ref = s.reference if (self._nominal and s is not None) else None
        div = s.divergence if s is not None else None
        self._reference = ref
        self._divergence_t = div.t_s if (ref is not None and div is not None) else None

    def _show_reference(self, plot: ChannelPlot) -> None:
        ref = self._reference
        if ref is None or plot.name not in ref.channels:
            plot.set_reference(None, None)
        else:
            plot.show_reference_until(self._t if self._future_held else None)
            plot.set_reference(ref.t_s, ref.channels[plot.name])
        if self._divergence_t is not None:
            plot.divergence.setValue(self._divergence_t)

    def seek(self, t_s: float) -> None:
        """Draw the flight as it was known at replay time ``t_s``."""
        self._t = t = float(t_s)
        if self._session is None:
            return
        self._busy = True
        try:
            x_range = self.strips.strip_view.viewRange()[0]
            if self._follow:
                self._follow_replay()
            changed = self._refresh_curves()
            changed |= self.strips.strip_view.viewRange()[0] != x_range
        finally:
            self._busy = False
        self._settle(changed)
        passed = int(np.searchsorted(self._data.event_times, t, side="right"))
        st = self.strips
        los = st.los_t if st.los_known is not None and t >= st.los_known else None
        shade = [] if los is None else [(los, t, los_shade())]
        diverged = self._divergence_t is not None and t >= self._divergence_t
        for p in self.shown_plots():
            p.cursor.setValue(t)
            if self._future_held:
                p.show_reference_until(t)
            if p.divergence.isVisible() != diverged:
                p.divergence.setVisible(diverged)
            p.backdrop.set_state(passed, los)
            if shade or p.shade.spans:
                p.shade.set_spans(shade)
        st.set_now(t)
        # Settle the Y auto-ranges now: done in the paint (pyqtgraph's default), a new range
        # re-dirties the scene and the whole stack is painted a second time.
        self.graphics.scene().prepareForPaint()

    @property
    def t_s(self) -> float:
        """The replay time drawn."""
        return self._t

    @property
    def session(self) -> Session | None:
        """The flight shown, if any."""
        return self._session

    def channels(self) -> list[str]:
        """The channels plotted, top to bottom."""
        return [p.name for p in self._plots]

    def shown_plots(self) -> list[ChannelPlot]:
        """The plots on screen, top to bottom (all of them when they fit at a readable height)."""
        first, last = self.pages.shown
        return self._plots[first:last]

    @property
    def first_shown(self) -> int:
        """The index of the top plot on screen."""
        return self.pages.shown[0]

    def set_first_shown(self, index: int) -> None:
        """Page the stack so that plot ``index`` is the top one (as far as there are plots)."""
        if index != self.pages.first:
            self.pages.first = index
            self.pages.lay_out(self._plots)
            self._paged_in()

    def add_channel(self, name: str) -> None:
        """Add a plot of ``name`` at the bottom (nothing if shown; ``KeyError`` if unknown)."""
        if self._session is None or name in self.channels():
            return
        self._session.flight.channel(name)  # a KeyError naming the channels there are
        self._plots.append(self._make_plot(name))
        self.pages.reveal_last(len(self._plots))
        self.pages.lay_out(self._plots)
        self._settle(True)
        self.seek(self._t)

    def remove_channel(self, name: str) -> None:
        """Remove the plot of ``name`` (nothing if it is not shown)."""
        if name not in self.channels():
            return
        self._drop(self.plot(name))
        self._plots = [p for p in self._plots if p.name != name]
        self._data.forget(name)
        if self.pages.lay_out(self._plots):
            self.seek(self._t)  # a plot paged in shows the replay time

    def edit_channel(self, name: str, on: bool) -> None:
        """The user adds (or removes) a plot: said with ``channels_edited`` (a lesson's
        layout stops imposing its plots), then done."""
        self.channels_edited.emit()
        if on:
            self.add_channel(name)
        else:
            self.remove_channel(name)

    def _grown(self, session: Session) -> None:
        self._data = per_flight(StackData, session)
        self.strips.set_session(session)
        for p in self._plots:
            p.take_data(self._data.pyramid(p.name, p.scale), self._data.events)

    def label_of(self, name: str) -> tuple[str, float]:
        """Channel ``name`` as shown in the stack's units: title with unit, and scale."""
        s = self._session
        unit = s.flight.units.get(name, "") if s is not None else ""
        stages = stage_labels(s.flight.meta.scenario_id) if s is not None else {}
        return title_of(name, unit, self.units, stages)

    def set_units(self, system: UnitSystem) -> None:
        """Show every plot in unit ``system`` (the plots, their order and ranges stay)."""
        if system == self.units:
            return
        self.units = system
        names = self.channels()
        for name in names:
            self.remove_channel(name)
        self.set_channels(names)

    def plot(self, name: str) -> ChannelPlot:
        """The plot of channel ``name`` (``StopIteration`` if it is not shown)."""
        return next(p for p in self._plots if p.name == name)

    def los_marker_visible(self) -> bool:
        """Whether the loss-of-signal marker is drawn (the replay is past the loss)."""
        spans = self.strips.strip.spans
        return any(p.backdrop.los is not None for p in self.shown_plots()) or (
            spans is not None and spans.silence(self._t) is not None
        )

    def event_markers_shown(self) -> list[float]:
        """Times of the event markers drawn (the events passed)."""
        shown = self.shown_plots()
        return shown[0].backdrop.shown_events() if shown else []

    def set_channels(self, names: list[str] | tuple[str, ...]) -> None:
        """Plot exactly ``names``, top to bottom (``KeyError`` for a channel the flight lacks)."""
        for name in self.channels():
            if name not in names:
                self.remove_channel(name)
        for name in names:
            self.add_channel(name)
        order = {name: k for k, name in enumerate(names)}
        self._plots.sort(key=lambda p: order[p.name])
        self.pages.first = 0  # a layout is read from its top (adding one plot shows that one)
        self.pages.lay_out(self._plots)
        self.seek(self._t)

    def restyle(self) -> None:
        """Take up the theme's fonts and sizes (presentation mode), keeping everything shown."""
        self.bar.restyle()
        self.strips.restyle()
        for p in self._plots:
            p.restyle()
        self.pages.lay_out(self._plots)
        self._settle(True)
        self.seek(self._t)

    # --- building -----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.bar = PlotBar(lambda menu: fill_channel_menu(menu, self), self)
        self.bar.follow_button.toggled.connect(lambda on: self.set_following(on, self._window_s))
        self.bar.fit_button.toggled.connect(self.set_fit)
        self.strips = TimeStrips(self._stack_menu, self._request_seek)
        self.pages = StackLayout(
            self.strips, self.set_first_shown, self.bar.show_pages, self._paged_in
        )
        self.graphics = self.pages.graphics
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.bar)
        box.addLayout(self.pages.row, 1)
        for view in self.strips.views:
            view.sigRangeChangedManually.connect(self._user_moved_x)
        self.strips.strip_view.sigXRangeChanged.connect(self._range_changed)
        self.strips.strip_view.sigResized.connect(self._range_changed)
        self.pages.lay_out(self._plots)
        # Built now, while a file loads: a plot takes longer to build than a frame to draw.
        self._spares = [self._new_plot() for _ in DEFAULTS]

    def _make_plot(self, name: str) -> ChannelPlot:
        assert self._session is not None
        title, scale = self.label_of(name)
        plot = self._spares.pop() if self._spares else self._new_plot()
        limits = self._session.limits.get(name)
        plot.bind(name, title, self._data.pyramid(name, scale), scale, limits, self._data.events)
        plot.view.setXLink(self.strips.strip_view)
        plot.view.sigRangeChangedManually.connect(self._user_moved_x)
        self._show_reference(plot)
        return plot

    def _new_plot(self) -> ChannelPlot:
        return ChannelPlot(self.strips.time_axis, self._stack_menu, self._request_seek)

    def _drop(self, plot: ChannelPlot) -> None:
        """Unlink a plot that goes (or it would go on following every range change) and keep
        it for the next channel: building a pyqtgraph plot costs more than a frame."""
        plot.view.setXLink(None)
        plot.view.sigRangeChangedManually.disconnect(self._user_moved_x)
        self._spares.append(plot)

    def _paged_in(self) -> None:
        self._settle(True)
        self.seek(self._t)  # a plot that comes into view shows the replay time

    # --- per frame ----------------------------------------------------------------------------

    def _settle(self, changed: bool) -> None:
        """Drop the pixmap caches on a change, take them up again after a few calm frames."""
        self._calm = 0 if changed else self._calm + 1
        cached = self._calm >= CALM_FRAMES
        if cached != self._cached:
            self._cached = cached
            for p in self._plots:
                p.set_cached(cached)
            self.strips.set_cached(cached)

    def _refresh_curves(self) -> bool:
        """Feed every curve what is visible up to the replay time; whether more than heads moved."""
        if not self.shown_plots():
            return False
        view = self.strips.strip_view
        lo, hi = view.viewRange()[0]
        start, stop = self._data.window(lo, hi, self._t)
        width = int(view.width()) or 1000
        level = self._plots[0].pyramid.level_for(max(stop - start, 0), width)
        changed = False
        for p in self.shown_plots():
            changed |= p.show_data(start, stop, level)
        return changed

    def _range_changed(self, *_: object) -> None:
        if not self._busy and self._session is not None:
            self._refresh_curves()
            self._settle(True)

    def _request_seek(self, t_s: float) -> None:
        self.seek_requested.emit(float(t_s))

    # --- menus --------------------------------------------------------------------------------

    def _stack_menu(self, name: str | None = None) -> QMenu:
        return stack_menu(self, self, name, self._follow, self._window_s)


__all__ = ["PlotStack", "follow_range"]
