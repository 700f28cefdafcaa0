"""Teaching layers of the map: the nominal flight's track, and where the vehicle really fell.

The nominal track is drawn dashed from the start (it is the plan), but while a lesson runs only
up to the replay time (it must not answer what the flight should do next). The truth after a
failure is hidden until the signal is lost and the teacher shows it, and while a lesson holds it
back, so a class can first reason from the predicted impact zone alone and then compare.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pyqtgraph as pg

from replay.core.display import DEFAULT_SYSTEM, UnitSystem, display_of, stage_labels
from replay.core.flight import Flight
from replay.core.timefmt import format_t_plus
from replay.geo.wrap import near_lon_deg, unwrap_lon_deg
from replay.qt import theme
from replay.qt.map_debris import DebrisData, DebrisLayer, debris_data, truth_lines
from replay.qt.map_items import Marker, PathItem, add_to, cosmetic
from replay.qt.map_label import Label
from replay.qt.prepared import per_flight
from replay.session import Session

_STEP = 3000  # vertices enough for a smooth path at any zoom of interest


class TeachingLayer:
    """Nominal track (dashed) and truth after the failure (dotted, with where it landed)."""

    def __init__(self, vb: pg.ViewBox, z: float) -> None:
        self.reference = add_to(
            vb, PathItem(cosmetic(theme.TEXT_DIM, 1.5, dash=True), cached=True), z, False
        )
        truth_pen = cosmetic(theme.TRUTH, 2.0)
        truth_pen.setStyle(pg.QtCore.Qt.PenStyle.DotLine)
        self.truth = add_to(vb, PathItem(truth_pen, cached=True), z + 1, False)
        self.landed = add_to(vb, Marker("star", 16, theme.TRUTH), z + 2, False)
        self.landed_label = add_to(
            vb, Label(title_colour=theme.TRUTH, border=theme.TRUTH), z + 20, False
        )
        self.parted = add_to(vb, Marker("diamond", 14, theme.CAUTION), z + 2, False)
        self.parted_label = add_to(  # labels above the station markers and names
            vb, Label(title_colour=theme.CAUTION, border=theme.CAUTION), z + 20, False
        )
        self.debris = DebrisLayer(vb, z)  # the break-up's pieces, shown with the truth
        self._has_truth = False
        self.truth_wanted = False
        self._lost = False
        self._t_s = -np.inf
        self._parted_t: float | None = None
        self.near_deg = 0.0  # the paths are drawn in the copy of the world next to this
        self._session: Session | None = None
        self._track_lon: Callable[[int, float], float] = lambda _i, lon: lon
        self.nominal_wanted = True
        self.units: UnitSystem = DEFAULT_SYSTEM  # of the first divergence's label, as the plots
        #: Held back by a lesson: the truth, and the nominal ahead of the replay time.
        self.truth_held = self.future_held = False
        self._ref: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # lon, lat, t_s
        self._ref_k = -1  # vertices of the nominal track drawn

    def set_session(
        self, session: Session | None, near_deg: float, track_lon: Callable[[int, float], float]
    ) -> None:
        """The flight's nominal reference and truth; ``track_lon(i, lon)`` puts a longitude
        next to sample ``i`` of the track as drawn."""
        self._session, self.near_deg, self._track_lon = session, near_deg, track_lon
        self.set_nominal(self.nominal_wanted)
        data = per_flight(debris_data, session) if session else DebrisData(None, None)
        self.debris.set_data(data, near_deg)
        self.set_truth(session.truth if session else None)

    def set_units(self, system: UnitSystem) -> None:
        """Say the first divergence in unit ``system``, as the plots do."""
        self.units = system
        self.set_nominal(self.nominal_wanted)

    def set_nominal(self, on: bool) -> None:
        """Draw the nominal flight (dashed) and mark where the actual one parted from it."""
        self.nominal_wanted = on
        s = self._session
        ref = s.reference if (on and s is not None) else None
        div, tr = (s.divergence, s.analysis.track) if s is not None else (None, None)
        parted = None
        if ref is not None and s is not None and div is not None and tr is not None:
            i = max(s.flight.index_at(div.t_s), 0)
            sid = s.flight.meta.scenario_id
            shown = display_of(  # the channel's readable name and unit, as on the plots
                div.channel,
                s.flight.units.get(div.channel, ""),
                self.units,
                stages=stage_labels(sid) if sid else None,
            )
            off = replace(div, delta=div.delta * shown.scale).off_by(shown.unit)
            parted = (
                self._track_lon(i, float(tr.lon_deg[i])),
                float(tr.lat_deg[i]),
                div.t_s,
                f"T+{div.t_s:.1f} s: {shown.title} off by {off}",
            )
        self.set_reference(ref, parted)

    def set_reference(
        self, flight: Flight | None, parted: tuple[float, float, float, str] | None = None
    ) -> None:
        """The nominal track, and where the actual flight parted from it (lon, lat, t_s, text):
        marked once the replay reaches it, as on the plots, so it never gives a lesson away."""
        self._parted_t = None if (parted is None or flight is None) else parted[2]
        for item in (self.parted, self.parted_label):
            item.setVisible(self._parted_t is not None and self._t_s >= self._parted_t)
            if parted is not None:
                item.setPos(parted[0], parted[1])
        if parted is not None:
            self.parted_label.set_lines(["FIRST DIVERGENCE", parted[3]])
            self.parted.update()
            self.parted_label.set_placement((1.0, 1.0), (-10.0, -10.0))
        if flight is None or "lat_deg" not in flight.channels:
            self._ref = None
            self.reference.setVisible(False)
            return
        self._ref = _thin(flight, self.near_deg)
        self._ref_k = -1
        self._show_reference()
        self.reference.setVisible(True)

    def _show_reference(self) -> None:
        """The nominal track: whole, or (held back) up to the replay time."""
        if self._ref is None:
            return
        lon, lat, t = self._ref
        k = int(np.searchsorted(t, self._t_s, side="right")) if self.future_held else t.size
        if k != self._ref_k:
            self._ref_k = k
            self.reference.set_xy(lon[:k], lat[:k])

    def set_truth(self, truth: Flight | None) -> None:
        self._has_truth = truth is not None and "lat_deg" in truth.channels
        if truth is not None and self._has_truth:
            lon, lat, _t = _thin(truth, self.near_deg)
            self.truth.set_xy(lon, lat)
            end_lon, end_lat = float(truth.channels["lon_deg"][-1]), float(lat[-1])
            for item in (self.landed, self.landed_label):
                item.setPos(float(lon[-1]), end_lat)
            when = format_t_plus(float(truth.t_s[-1]))
            s, data = self._session, self.debris.data
            lines = (
                truth_lines(s, data, end_lat, end_lon, when)
                if s is not None
                else ["WHERE IT FELL (truth)", f"{end_lat:.2f}°, {end_lon:.2f}° at {when}"]
            )
            self.landed_label.set_lines(lines)
            self.landed_label.set_placement((0.0, 0.0), (10.0, 10.0))
        self._show()

    def set_state(self, t_s: float, lost: bool) -> bool:
        """The replay time, and whether it is past the loss of signal (the truth is never shown
        before). Returns whether a label appeared or went."""
        self._t_s = t_s
        if self.future_held:
            self._show_reference()
        changed = lost != self._lost
        if changed:
            self._lost = lost
            self._show()
        parted = self._parted_t is not None and t_s >= self._parted_t
        if parted != self.parted.isVisible():
            self.parted.setVisible(parted)
            self.parted_label.setVisible(parted)
            changed = True
        return changed

    def show_truth(self, on: bool) -> None:
        self.truth_wanted = on
        self._show()

    def planned_path(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The nominal track's (lon, lat), whole, if the session has one."""
        return None if self._ref is None else (self._ref[0], self._ref[1])

    def hold_back(self, truth: bool, future: bool) -> None:
        """Hold back the truth, and the nominal ahead of the replay time (a lesson runs)."""
        self.truth_held, self.future_held = truth, future
        self._show_reference()
        self._show()

    @property
    def truth_shown(self) -> bool:
        return bool(self.truth.isVisible())

    def _show(self) -> None:
        on = self._has_truth and self.truth_wanted and self._lost and not self.truth_held
        for item in (self.truth, self.landed, self.landed_label):
            item.setVisible(on)
        self.debris.set_shown(on)


def _thin(flight: Flight, near_deg: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The flight's path in a few thousand points (lon, lat, t_s), longitudes continuous and
    starting in the copy of the world next to ``near_deg``."""
    step = max(1, flight.n_samples // _STEP)
    lat = np.asarray(flight.channels["lat_deg"], dtype=np.float64)
    idx = np.unique(np.concatenate([np.arange(0, lat.size, step), [lat.size - 1]]))
    lon = unwrap_lon_deg(np.asarray(flight.channels["lon_deg"], dtype=np.float64)[idx])
    first = lon[np.isfinite(lon)][:1]
    if first.size:
        lon += float(near_lon_deg(first[0], near_deg)) - first[0]
    return lon, lat[idx], flight.t_s[idx]
