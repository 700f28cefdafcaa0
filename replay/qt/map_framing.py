"""How the ground-track map frames its view: the home view the user chose, following the
vehicle (or, once the signal is lost, the flag and the impact zone, and with the truth the debris
field), fitting the flight, the whole world. A mixin of :class:`replay.qt.map_view.GroundTrackMap`,
which owns the view box, the layers and the signals used here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot

from replay.geo.framing import Box, follow_view, frame, grown_view, pixel_aligned
from replay.geo.track_path import TrackPath
from replay.qt.map_items import MapViewBox, Marker
from replay.qt.map_layers import FlightEndLayer, TraceLayer, flight_box
from replay.qt.map_teach import TeachingLayer


class MapFraming:
    """The view's framing: ``_home`` (the user's view), ``_follow`` and ``_fitted``."""

    _vb: MapViewBox
    _home: Box
    _shown: Box | None
    _follow: bool
    _fitted: bool
    _middle_lon: float | None
    _path: TrackPath
    _vehicle: tuple[float, float] | None
    _site: Marker
    _follow_button: Any
    held: frozenset[str]
    track: TraceLayer
    end: FlightEndLayer
    teaching: TeachingLayer
    follow_changed: Any
    user_framed: Any

    @property
    def home(self) -> Box:
        """The view the user chose (following steps from it to keep the vehicle in sight)."""
        return self._home

    def set_home(self, box: Box | None) -> None:
        """Make ``box`` the view the user chose (``None``: framed round the flight)."""
        if box is None:
            self.fit_flight()
        else:
            self._set_home(box)

    @Slot(bool)
    def set_follow(self, on: bool) -> None:
        """Keep the vehicle in view (recentring at the current zoom) or leave the view alone."""
        on = bool(on)
        if self._follow == on:
            return
        if not on:
            self._home = self._shown or self._home  # stay where following left the view
            self._fitted = False
        self._follow = on
        self._follow_button.setChecked(on)
        self._show_view()
        self.follow_changed.emit(on)

    @Slot()
    def show_world(self) -> None:
        """The whole world; centred on the track if it runs past ±180° (else 0°)."""
        self._set_home(None)

    @Slot()
    def fit_flight(self) -> None:
        """Frame the launch site, the track and the impact zone (the world if there are none).
        While a lesson holds the future back, the planned (nominal) track is framed instead of
        the flown one: how far the flight got must not show before it gets there."""
        box = self._flight_box()
        self._set_home(None if box is None else frame(box, 0.0, zoom_in=True))
        self._fitted = True

    def refit_grown(self) -> None:
        """The flight grew while shown (a live pass): the view framed by us stays while the
        flight fits in it, else zooms out by doubling (:func:`replay.geo.framing.grown_view`)."""
        box = self._flight_box()
        if box is None:
            return
        home = grown_view(self._home if self._fitted else None, box)
        if home != self._home or not self._fitted:
            self._set_home(home)
        self._fitted = True

    def _flight_box(self) -> Box | None:
        """The launch site, the track (or, while a lesson holds the future back, the plan) and
        the flag, impact zone and debris field shown."""
        at = self._site.pos()
        site = (at.x(), at.y()) if self._site.isVisible() else None
        trace = self.track.trace
        path = None if trace is None else (trace.x, trace.y)
        plan = self.teaching.planned_path()
        if "future" in self.held and plan is not None:
            path = plan
        end, truth = self.end.box(), self._truth_box()  # with the truth: its debris field too
        if end is not None and truth is not None:
            end = (
                min(end[0], truth[0]),
                max(end[1], truth[1]),
                min(end[2], truth[2]),
                max(end[3], truth[3]),
            )
        return flight_box(path, site, end)

    def frame_truth(self) -> None:
        """Frame the predicted impact zone and the debris field, when both are shown."""
        box = self._truth_box()
        if box is not None:
            self._set_home(frame(box, 0.0, zoom_in=True))

    def _truth_box(self) -> Box | None:
        """The impact zone and the debris field, if the truth's field is shown."""
        field, zone = self.teaching.debris.box(), self.end.zone_box
        if not self.end.shown or field is None or zone is None:
            return None
        return (
            min(field[0], zone[0]),
            max(field[1], zone[1]),
            min(field[2], zone[2]),
            max(field[3], zone[3]),
        )

    def _target(self) -> Box | None:
        """What following keeps in view: the flag and impact zone once lost (with the truth's
        debris field shown: the impact zone and the field), else the vehicle."""
        truth = self._truth_box()
        if truth is not None:
            return truth
        if self.end.shown:
            return self.end.box()
        if self._vehicle is not None:
            vx, vy = self._vehicle
            return vx, vx, vy, vy
        return None

    def _show_view(self, force: bool = False) -> None:
        """Show the view the state calls for: the home view, stepped to follow the target,
        at the widget's aspect and with its corner on a whole pixel (:func:`pixel_aligned`)."""
        box = follow_view(self._home, self._target()) if self._follow else self._home
        box = pixel_aligned(box, self._vb.width(), self._vb.height())
        if force or box != self._shown:
            self._shown = box
            self._vb.setRange(xRange=box[:2], yRange=box[2:], padding=0.0)

    def _set_home(self, box: Box | None) -> None:
        """The view the user chose (``None``: the whole world)."""
        if box is None:  # centred on the track if it runs past ±180° (else on 0°)
            middle = self._middle_lon
            c = middle if middle is not None and self._path.crosses_antimeridian else 0.0
            box = (c - 180.0, c + 180.0, -90.0, 90.0)
        self._home = box
        self._fitted = False
        self._show_view()

    def _viewed(self) -> Box:
        (x0, x1), (y0, y1) = self._vb.viewRange()
        return float(x0), float(x1), float(y0), float(y1)

    def _by_user(self, action: Any, *args: Any) -> None:
        self.user_framed.emit()
        action(*args)

    def _user_moved(self, pan: bool) -> None:
        """A drag or a wheel turn: what is shown becomes the home view (a pan stops following,
        a zoom keeps it)."""
        self._home = self._shown = self._viewed()
        self._fitted = False
        self.user_framed.emit()
        if pan:
            self.set_follow(False)
        else:
            self._show_view()
