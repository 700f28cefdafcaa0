"""The replay page: transport and timeline on top, plots left, map and tabs right.

It builds the time-driven views, lays them out, and lists them in the order the controller
drives them (:meth:`ReplayPage.views`). Presentation mode restyles them in place
(:meth:`ReplayPage.restyle`): nothing is rebuilt, so channels, zoom and a pending lesson
question stay as they were.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QTabWidget, QVBoxLayout, QWidget

from replay.core.display import DEFAULT_SYSTEM, UNIT_SYSTEMS, UnitSystem
from replay.core.view_state import ViewState
from replay.qt.controller import Controller
from replay.qt.lesson_panel import LessonPanel
from replay.qt.map_view import GroundTrackMap
from replay.qt.plots import PlotStack
from replay.qt.signal_panel import SignalPanel
from replay.qt.timeline import TimelineScrubber
from replay.qt.transport import TransportBar
from replay.qt.views import TimeView
from replay.qt.workbench import Workbench
from replay.session import Session
from replay.teach.lesson import Card


class ReplayPage(QWidget):
    """The views of one replay, laid out; user seeks go to the controller."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        c = controller
        self.transport = TransportBar(c, self)
        self.timeline = TimelineScrubber(self)
        self.plots = PlotStack(self)
        self.map = GroundTrackMap(self)
        self.signal_panel = SignalPanel(self)
        self.lesson_panel = LessonPanel(c, self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.transport)
        clock_row = QHBoxLayout()  # the mission clock at the end of the timeline it reads
        clock_row.setContentsMargins(0, 0, 6, 0)
        clock_row.setSpacing(4)
        clock_row.addWidget(self.timeline, 1)
        clock_row.addWidget(self.transport.t_plus)
        box.addLayout(clock_row)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.signal_panel, "Signal")
        self.tabs.addTab(self.lesson_panel, "Lesson")
        self.right = QSplitter(Qt.Orientation.Vertical, self)
        self.right.addWidget(self.map)
        self.right.addWidget(self.tabs)
        self.right.setSizes([500, 400])  # the channel table keeps several rows at 720 lines
        self.centre = QSplitter(Qt.Orientation.Horizontal, self)
        self.centre.addWidget(self.plots)
        self.centre.addWidget(self.right)
        self.centre.setSizes([780, 640])
        box.addWidget(self.centre, 1)
        self.timeline.scrubbed.connect(c.seek)
        self.plots.seek_requested.connect(c.seek)
        self.plots.fit_changed.connect(self.timeline.set_fitted)
        self.signal_panel.seek_requested.connect(c.seek)
        self.signal_panel.watchdog_changed.connect(c.set_watchdog)
        self.lesson_panel.held_back_changed.connect(c.hold_back)
        self.lesson_panel.card_shown.connect(self._card_shown)
        self.plots.channels_edited.connect(lambda: self.set_lesson_layout(False))
        self.map.user_framed.connect(lambda: self.set_lesson_layout(False))
        c.session_changed.connect(self._session_shown)
        #: Whether the plots follow the lesson's cards (until the user picks channels).
        self.lesson_layout = True
        self.units: UnitSystem = DEFAULT_SYSTEM
        #: The crosshair, measurement, zoom history, profiles and comparison.
        self.workbench = Workbench(self, self.plots, self.map)

    def views(self) -> list[TimeView]:
        """Every time-driven view, in the order they are told a new time."""
        return [
            self.transport,
            self.timeline,
            self.plots,
            self.map,
            self.signal_panel,
            self.lesson_panel,
            *self.workbench.views(),
        ]

    def view_state(self, t_s: float, speed: float) -> ViewState:
        """The options the page's pictures depend on, with the replay time and speed."""
        p, m = self.plots, self.map
        return ViewState(
            t_s=t_s,
            speed=speed,
            channels=tuple(p.channels()),
            plot_range_s=None if p.following() else p.visible_range(),
            plot_window_s=p.window_s,
            plot_first=p.first_shown,
            fit_data=p.fit_to_data,
            profiles=tuple(self.workbench.profiles.shown()),
            map_home=m.home,
            map_follow=m.following,
            nominal=p.nominal,
            truth=m.teaching.truth_wanted,
            units=self.units,
            lesson_layout=self.lesson_layout,
            lesson_answered=self.lesson_panel.progress()[0],
            lesson_revealed=self.lesson_panel.progress()[1],
            compare_file=self.workbench.comparison.path(),
            compare_align=self.workbench.comparison.align,
        )

    def apply(self, state: ViewState) -> None:
        """Take the options of ``state`` (the controller moves the time)."""
        p, m = self.plots, self.map
        self.set_units(_system(state.units))
        self.lesson_panel.restore(state.lesson_answered, state.lesson_revealed)
        self.lesson_layout = state.lesson_layout
        if state.channels:
            p.set_channels(state.channels)
        if state.fit_data is not None:
            self.set_fit_to_data(state.fit_data)
        self.workbench.profiles.set_profiles(state.profiles)
        if state.plot_range_s is None:
            p.set_following(True, state.plot_window_s)
        else:
            p.hold_range(*state.plot_range_s)
        p.set_first_shown(state.plot_first)
        m.set_follow(state.map_follow)
        m.set_home(state.map_home)
        p.set_nominal(state.nominal)
        m.set_nominal(state.nominal)
        m.set_truth(state.truth)

    @property
    def fit_to_data(self) -> bool:
        """Whether the timeline and the plots span the data (else the whole recording)."""
        return self.plots.fit_to_data

    def set_fit_to_data(self, on: bool) -> None:
        """Give the data the width on the timeline and the following plots, or not."""
        self.plots.set_fit(on)  # tells the timeline (fit_changed)

    def restyle(self) -> None:
        """Take up the theme's current fonts and sizes (presentation mode on or off)."""
        for view in (self.transport, self.timeline, self.plots, self.map, self.signal_panel):
            view.restyle()

    def set_units(self, system: UnitSystem) -> None:
        """Show every view in unit ``system`` (km, SI or imperial)."""
        self.units = system
        self.plots.set_units(system)
        self.signal_panel.values.set_units(system)
        self.map.teaching.set_units(system)

    def set_lesson_layout(self, on: bool) -> None:
        """Follow the lesson's cards with the plots (on: at once, for the current card)."""
        self.lesson_layout = on
        card = self.lesson_panel.current_card() if on else None
        if card is not None:
            self._card_shown(card)

    def _card_shown(self, card: Card) -> None:
        """The lesson's layout for ``card``: the plots it names, in its order."""
        s = self.plots.session
        if not self.lesson_layout or s is None:
            return
        names = [n for n in card.watch if n in s.flight.channels]
        if names and names != self.plots.channels():
            self.plots.set_channels(names)
        m = self.map
        if card.map_view == "follow":
            m.set_follow(True)
        elif card.map_view == "fit":
            m.fit_flight()
        elif card.map_view == "world":
            m.show_world()

    def _session_shown(self, session: Session) -> None:
        self.tabs.setCurrentWidget(self.lesson_panel if session.lesson else self.signal_panel)


def _system(name: str) -> UnitSystem:
    return next((u for u in UNIT_SYSTEMS if u == name), DEFAULT_SYSTEM)
