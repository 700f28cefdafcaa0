"""The ground-track map: where the vehicle is, where it has been, who can hear it, and where it
was going to come down once the signal was lost.

Everything a frame needs is prepared in :meth:`GroundTrackMap.set_session` (thinned traces,
event positions, station intervals, the Sun's track); :meth:`GroundTrackMap.seek` only looks up
the sample at the replay time and touches the items whose content changed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from replay.geo.framing import Box
from replay.geo.track_path import TrackPath
from replay.qt import theme
from replay.qt.compact_row import map_bar
from replay.qt.map_backdrop import BackdropItem
from replay.qt.map_data import MapData
from replay.qt.map_events import EventLayer
from replay.qt.map_framing import MapFraming
from replay.qt.map_items import MapViewBox, Marker, add_to, cosmetic
from replay.qt.map_label import (
    Label,
    Placement,
    cells_round,
    label_side,
    marker_rect,
    place_all,
)
from replay.qt.map_layers import DayNightLayer, FlightEndLayer, StationLayer, TraceLayer
from replay.qt.map_teach import TeachingLayer
from replay.qt.prepared import per_flight
from replay.session import Session

#: Events closer than this (s) share one marker and one label.
EVENT_MERGE_S = 1.0
#: A station's name stays this close to its marker (or is left out).
STATION_REACH_PX = 20.0
#: The launch site's name stays within this of its star (with a leader line beyond 16 px).
SITE_REACH_PX = 110.0
#: Labels keep clear of the grid cells (this size) under the vehicle, not of its exact place.
VEHICLE_CELL_PX = 24.0
#: Shown over the world when the flight has no position (an altimeter's altitude alone).
NO_POSITION_TEXT = "No position in this file\n(no latitude and longitude: no track to draw)"


class GroundTrackMap(MapFraming, QWidget):
    """Equirectangular world map of one replay; zoom and pan with the mouse at any time.

    ``set_session`` loads a flight, ``seek`` shows it at a replay time. While following (the
    default) the view keeps the vehicle in view at the user's zoom, and after the loss of
    signal frames the flag and the impact zone; dragging the map turns following off
    (``follow_changed`` tells whoever shows the toggle).
    """

    follow_changed = Signal(bool)
    user_framed = Signal()  # the user panned, zoomed or pressed a view button

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._t = 0.0
        self._follow = True
        self._middle_lon: float | None = None  # where the track mostly is
        self._home: Box = (-180.0, 180.0, -90.0, 90.0)  # the view the user chose
        self._fitted = False  # whether the home view is our framing of the flight
        self._shown: Box | None = None  # the view asked of the view box
        self._i = -2
        self._vehicle: tuple[float, float] | None = None
        self._alt: np.ndarray | None = None
        self._path = TrackPath.empty()
        self._iip_lon = np.zeros(0)  # the IIP's longitudes next to the track's
        self._batch = False
        self._labels_dirty = True
        self._vehicle_cells: list[QRectF] = []
        self.held: frozenset[str] = frozenset()
        self._build_ui()
        vb = self._vb
        add_to(vb, BackdropItem(), 0)
        self.night = DayNightLayer(vb, z=5)
        self.stations = StationLayer(vb, z=10)
        self.iip = TraceLayer(vb, cosmetic(theme.IIP, 1.3), z=18)
        self.track = TraceLayer(vb, cosmetic(theme.TRACK, 2.6), z=20)
        self.iip_marker = add_to(vb, Marker("cross", 14, theme.IIP), 19, visible=False)
        self.vehicle = add_to(vb, Marker("circle", 14, theme.TRACK), 45, visible=False)  # on top
        self._site = add_to(vb, Marker("star", 20, theme.CURSOR), 24, visible=False)
        self._site_label = add_to(vb, Label(anchor=(1.0, 0.0), offset=(-10, 6)), 40, False)
        self._site_home: Placement = ((1.0, 0.0), (-10.0, 6.0))
        self.events = EventLayer(vb, z=25)
        self.end = FlightEndLayer(vb, z=35)
        self.teaching = TeachingLayer(vb, z=18)
        self.show_world()

    # --- public API ---------------------------------------------------------------------------

    @property
    def following(self) -> bool:
        return self._follow

    @property
    def graphics(self) -> pg.GraphicsView:
        """The map's graphics view (its viewport receives the mouse)."""
        return self._view

    @property
    def view_box(self) -> pg.ViewBox:
        """The map's view (lon/lat coordinates), with its ``panned`` and ``zoomed`` signals."""
        return self._vb

    @property
    def vehicle_position(self) -> tuple[float, float] | None:
        """(lon, lat) of the vehicle marker: the last received sample at the replay time."""
        return self._vehicle

    def no_position_shown(self) -> bool:
        """Whether the map says the flight has no position (instead of an empty world)."""
        return not self._no_position.isHidden()

    def los_flag_visible(self) -> bool:
        """Whether the loss-of-signal flag is on the map (only once the signal is lost)."""
        return bool(self.end.flag.isVisible())

    def los_flag_text(self) -> str:
        """The flag's label: time, altitude and place of the loss of signal."""
        return "\n".join(self.end.label.lines)

    def track_lon(self, i: int, lon_deg: float) -> float:
        """``lon_deg`` where the map draws it beside sample ``i`` of the track (by whole turns)."""
        return self._path.near(i, lon_deg)

    def set_nominal(self, on: bool) -> None:
        """Draw the nominal flight's track and the first divergence, or not."""
        self.teaching.set_nominal(on)
        self.refit_labels()

    def set_truth(self, on: bool) -> None:
        """Show where the vehicle really came down (only ever after the loss of signal)."""
        self.teaching.show_truth(on)
        self._show_view()  # following frames the debris field with the impact zone
        self.refit_labels()

    def hold_back(self, held: frozenset[str]) -> None:
        """Hold back what a lesson has not revealed yet (see :mod:`replay.teach.reveal`)."""
        self.held = held
        self.end.hold_back("los_verdict" in held, "impact" in held)
        self.teaching.hold_back("truth" in held, "future" in held)
        self._labels_dirty = True
        if self._fitted:  # our framing depends on what may be shown
            self.fit_flight()
        self.seek(self._t)

    def impact_text(self) -> str:
        """The impact zone's label: its place and length."""
        return "\n".join(self.end.impact_label.lines)

    def set_session(self, session: Session | None) -> None:
        """Show a new flight (or none) from its start, framed. The same flight with more of its
        analysis (the impact zone, the nominal, the truth) keeps the user's view."""
        old, self._session = self._session, session
        if session is not None and session.same_flight(old):
            if old is not None and session.flight is not old.flight:  # a live pass grew
                self._load(session)
                self.events.set_events(session.analysis.events, self._path)
            self._show_analysis(session)
            if self._fitted:  # framed by us, not by the user: frame the impact zone too
                self._frame_flight(session)
            self._labels_dirty = True
            self.seek(self._t)
            return
        self._load(session)
        self._show_analysis(session)
        if session is None:
            return
        self.events.set_events(session.analysis.events, self._path)
        self._frame_flight(session)
        self.seek(session.start_s)

    def _frame_flight(self, session: Session) -> None:
        """Our framing: a live pass zooms out as it grows, a file's flight is fitted."""
        if session.live:
            self.refit_grown()
        else:
            self.fit_flight()

    def _load(self, session: Session | None) -> None:
        """The flight's track, IIP, site, stations and night side (not the view)."""
        self._i, self._vehicle = -2, None
        f = session.flight if session else None
        a = session.analysis if session else None
        tr = a.track if a else None
        self._alt = tr.alt_m if tr else None
        self._no_position.setVisible(session is not None and tr is None)
        # Longitudes run on past ±180° (the world repeats): no track is cut at the map's edge.
        data = per_flight(MapData, session) if session else None
        self._path = data.path if data else TrackPath.empty()
        self._iip_lon = data.iip_lon if data else np.zeros(0)
        self.track.set_trace(data.track if data else None)
        self.iip.set_trace(data.iip if data else None)
        near = self._middle_lon = data.middle_lon_deg if data else None
        site = f.meta.site if f else None
        for item in (self._site, self._site_label):
            item.setVisible(site is not None)
            if site is not None:
                item.setPos(self.track_lon(0, site.lon_deg), site.lat_deg)
        self._site_label.set_lines([site.name] if site else [])
        if tr is not None:  # on the side the vehicle does not fly over
            self._site_home = label_side(*self._path.heading(0), above=True)
        for item in (self.vehicle, self.iip_marker):
            item.hide()
        self.stations.set_passes(a.coverage.passes if a and a.coverage else (), near)

    def _show_analysis(self, session: Session | None) -> None:
        """The loss of signal, the impact zone and the teaching layers of ``session``."""
        a = session.analysis if session else None
        self.night.set_track(session.sun if session else None)
        los = a.los if a else None
        near_los = self.track_lon(los.gap.last_good_index, los.lon_deg) if los else None
        self.end.set_analysis(los, a.impact if a else None, self._path.heading, near_los)
        site = session.flight.meta.site if session else None
        near_site = self.track_lon(0, site.lon_deg if site else 0.0)
        self.teaching.set_session(session, near_site, self.track_lon)

    @property
    def t_s(self) -> float:
        """The replay time shown."""
        return self._t

    def seek(self, t_s: float) -> None:
        """Show the flight at replay time ``t_s`` (s since liftoff)."""
        self._t = t_s
        s = self._session
        if s is None:
            return
        self._batch = True  # one declutter at the end, whatever moved
        i = int(np.searchsorted(self._path.t_s, t_s, side="right")) - 1
        if i != self._i:
            self._i = i
            self._show_sample(i)
        lost = s.signal_at(t_s).lost  # declared by the watchdog, as the ground did
        self._labels_dirty |= self.events.show_at(t_s, lost)
        j = self._path.fix_at(i)
        alt = float(self._alt[j]) if j >= 0 and self._alt is not None else 0.0
        if self.stations.update_at(t_s, alt):
            self._labels_dirty = True
        self.night.update_at(t_s)
        self._labels_dirty |= self.teaching.set_state(t_s, lost)
        if lost != self.end.shown:
            self.end.set_shown(lost)  # following, the story is now the flag and impact zone
            self._labels_dirty = True
        self._show_view()
        self._batch = False
        # Labels keep clear of the vehicle: placed again when it moves into another cell.
        self._labels_dirty |= self._cells_of_vehicle() != self._vehicle_cells
        if self._labels_dirty:
            self.refit_labels()

    # --- building -----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.bar, self._follow_button = map_bar(
            lambda _on: None,
            lambda: self._by_user(self.fit_flight),
            lambda: self._by_user(self.show_world),
        )
        # clicked, not toggled: a card that sets following is not the user
        self._follow_button.clicked.connect(lambda on: self._by_user(self.set_follow, on))
        self._view = pg.GraphicsView(background=theme.BACKGROUND)
        self._vb = MapViewBox()
        self._view.setCentralItem(self._vb)
        self._vb.setLimits(xMin=-360.0, xMax=360.0, yMin=-110.0, yMax=110.0, minXRange=0.01)
        self._vb.panned.connect(lambda: self._user_moved(pan=True))
        self._vb.zoomed.connect(lambda: self._user_moved(pan=False))
        self._vb.sigResized.connect(self._resized)
        self._vb.sigRangeChanged.connect(self._range_changed)
        self._no_position = QLabel(NO_POSITION_TEXT, alignment=Qt.AlignmentFlag.AlignCenter)
        self._no_position.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._no_position.setStyleSheet(
            f"background: {theme.PANEL}; color: {theme.TEXT}; border: 1px solid {theme.GRID};"
            "border-radius: 6px; padding: 10px 16px;"
        )
        self._no_position.hide()
        over = QGridLayout()  # the note over the map, in the same cell
        over.addWidget(self._view, 0, 0)
        over.addWidget(self._no_position, 0, 0, Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addLayout(over, 1)

    # --- per frame ------------------------------------------------------------------------------

    def _show_sample(self, i: int) -> None:
        s = self._session
        tr = s.analysis.track if s else None
        j = self._path.fix_at(i)
        self.track.show_upto(j)
        self._vehicle = None
        if tr is not None and j >= 0:
            self._vehicle = (float(self._path.lon_deg[j]), float(tr.lat_deg[j]))
            self.vehicle.setPos(*self._vehicle)
        self.vehicle.setVisible(self._vehicle is not None)
        iip = s.analysis.iip if s else None
        self.iip.show_upto(i)
        shown = iip is not None and i >= 0 and math.isfinite(float(self._iip_lon[i]))
        if shown and iip is not None:
            self.iip_marker.setPos(float(self._iip_lon[i]), float(iip.lat_deg[i]))
        self.iip_marker.setVisible(shown)

    def _resized(self) -> None:
        # The aspect lock trims a range set before the widget had its size: set it again.
        self._show_view(force=True)
        self.refit_labels()  # a new size moves the view's edges: keep the labels inside

    def _range_changed(self, *_: Any) -> None:
        self._labels_dirty = True
        if not self._batch:
            self.refit_labels()

    def restyle(self) -> None:
        """Take up the theme's font size (presentation mode) in every label."""
        self.bar.restyle()
        for item in self._vb.childGroup.childItems():
            if isinstance(item, Label):
                item.restyle()
        self.refit_labels()

    def refit_labels(self) -> None:
        """Place every label of the map at once (:func:`place_all`), the story first: the loss
        of signal, the impact zone, the truth, the latest event, the lesson's, the launch site,
        then the stations (lit ones first, and only beside their markers). None covers another
        or a marker; one without room is left out (also after a layer changed from outside)."""
        self._labels_dirty = False
        t = self.teaching
        story = [self.end.label, self.end.impact_label, t.landed_label, *t.debris.labels]
        labels: list[tuple[Label, Placement | None, float]] = [
            (label, None, math.inf) for label in story
        ]
        labels += [(self.events.label, None, math.inf), (t.parted_label, None, math.inf)]
        labels.append((self._site_label, self._site_home, SITE_REACH_PX))
        st = self.stations
        order = sorted(range(len(st.labels)), key=lambda k: not st.lit[k])
        labels += [(st.labels[k], None, STATION_REACH_PX) for k in order]
        markers = [self.end.flag, self.end.impact, self._site, t.landed, t.parted]
        markers += t.debris.markers()
        keep_clear = [marker_rect(self._vb, m) for m in markers if m.isVisible()]
        self._vehicle_cells = self._cells_of_vehicle()
        place_all(self._vb, labels, [*keep_clear, *self._vehicle_cells])

    def _cells_of_vehicle(self) -> list[QRectF]:
        """The grid cells under the vehicle marker (:func:`cells_round`), none if hidden."""
        if not self.vehicle.isVisible():
            return []
        return [cells_round(marker_rect(self._vb, self.vehicle), VEHICLE_CELL_PX)]
