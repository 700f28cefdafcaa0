"""Map layers drawn up to the replay time: traces, stations with their coverage, the night side
and, once the signal is lost, the flag and the impact zone.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
)

from replay.analysis.flight_analysis import Impact, LossOfSignal
from replay.core.timefmt import format_t_plus
from replay.core.types import FloatArray
from replay.geo import basemap, sun
from replay.geo.wrap import near_lon_deg, unwrap_lon_deg
from replay.qt import theme
from replay.qt.map_items import Marker, PathItem, TracePrefix, add_to, cosmetic
from replay.qt.map_label import Label, label_side

if TYPE_CHECKING:
    from replay.analysis.coverage import StationPass

IntArray = npt.NDArray[np.intp]

Box = tuple[float, float, float, float]  # lon min, lon max, lat min, lat max


_PARKED = 10_000.0


class TraceLayer:
    """A trace drawn up to the replay time: fixed chunks of the thinned trace (each a cached
    pixmap once complete), the chunk being drawn, and a segment to the exact current sample.
    A frame strokes at most ``CHUNK`` vertices, whatever the length of the flight."""

    CHUNK = 64

    def __init__(self, vb: pg.ViewBox, pen: QPen, z: float) -> None:
        self._vb, self._pen, self._z = vb, pen, z
        self._chunks: list[PathItem] = []
        self._tail = add_to(vb, PathItem(pen, fast=True), z)
        # A path, not a QGraphicsLineItem: that pads its bounds by the pen's width in map
        # degrees (the pen is cosmetic), so each frame's new head repainted the whole map.
        head_pen = QPen(pen)
        head_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.head = add_to(vb, PathItem(head_pen), z, visible=False)
        self._head_xy: tuple[float, float, float, float] | None = None
        self.trace: TracePrefix | None = None
        self.n = 0  # vertices of trace.x drawn
        self._full = 0  # complete chunks shown

    def set_trace(self, trace: TracePrefix | None) -> None:
        """Draw ``trace`` from now on (the chunk items are reused: a live pass sets a grown
        trace five times a second)."""
        self.trace, self.n, self._full = trace, 0, 0
        self._tail.set_path(QPainterPath())
        self.head.hide()
        starts = range(0, max(trace.x.size - 1, 0), self.CHUNK) if trace is not None else ()
        for c in self._chunks[len(starts) :]:
            self._vb.removeItem(c)
        del self._chunks[len(starts) :]
        for k, a in enumerate(starts):
            assert trace is not None
            if k == len(self._chunks):
                self._chunks.append(add_to(self._vb, PathItem(self._pen, cached=True), self._z))
            c = self._chunks[k]
            c.set_xy(trace.x[a : a + self.CHUNK + 1], trace.y[a : a + self.CHUNK + 1])
            c.setPos(_PARKED, 0.0)

    def show_upto(self, i: int) -> None:
        """Draw the trace up to sample ``i`` (nothing for ``i < 0``)."""
        t = self.trace
        if t is None:
            return
        n, anchor = t.upto(i)
        if n != self.n:
            full = max(n - 1, 0) // self.CHUNK
            for k in range(min(full, self._full), max(full, self._full)):
                self._chunks[k].setPos(0.0 if k < full else _PARKED, 0.0)
            self._full, self.n = full, n
            a = full * self.CHUNK
            self._tail.set_xy(t.x[a:n], t.y[a:n])
        lon, lat = t.source
        if anchor >= 0 and i > anchor:
            xy = (float(lon[anchor]), float(lat[anchor]), float(lon[i]), float(lat[i]))
            if all(math.isfinite(v) for v in xy):
                if xy != self._head_xy:
                    self._head_xy = xy
                    self.head.set_xy([xy[0], xy[2]], [xy[1], xy[3]])
                self.head.show()
                return
        self.head.hide()

    def drawn(self) -> tuple[FloatArray, FloatArray]:
        """The vertices on screen, in order (NaN at breaks): the thinned prefix and the head."""
        if self.trace is None:
            return np.zeros(0), np.zeros(0)
        x, y = self.trace.x[: self.n], self.trace.y[: self.n]
        if self.head.isVisible() and self._head_xy is not None:
            x, y = np.append(x, self._head_xy[2]), np.append(y, self._head_xy[3])
        return x, y


class StationLayer:
    """Ground stations and relays of the session: a marker and name each, lit while they see the
    vehicle; ground stations also get the ground circle from which a vehicle at the current
    altitude would be above their elevation mask (radii rounded to ``RADIUS_STEP_DEG``, so a
    circle is redrawn only when it changes by a step, and is the same however it was reached)."""

    RADIUS_STEP_DEG = 0.05  # circles are redrawn when a radius changes by this much

    def __init__(self, vb: pg.ViewBox, z: float) -> None:
        self._vb, self._z = vb, z
        self._dim = add_to(vb, PathItem(cosmetic(theme.STATION, 1.0, alpha=170, dash=True)), z)
        lit = PathItem(cosmetic(theme.STATION_LIT, 2.0, alpha=230), fast=True)
        self._lit = add_to(vb, lit, z + 0.5)
        self._items: list[QGraphicsItem] = []
        self.labels: list[Label] = []
        self.stations: list[Any] = []
        self._lon = np.zeros(0)
        self.set_passes(())

    def set_passes(
        self, passes: tuple[StationPass, ...] | list[StationPass], near_deg: float | None = None
    ) -> None:
        """The stations of ``passes``, drawn in the copy of the world next to ``near_deg``.
        The same stations at the same places (a live pass that grew: only the times they see
        the vehicle change) keep their markers, labels and circles."""
        stations = [p.station for p in passes]
        spans = [(a, b, k) for k, p in enumerate(passes) for a, b in p.intervals]
        lons = np.array([st.lon_deg for st in stations])
        if near_deg is not None:
            lons = near_lon_deg(lons, near_deg)
        if self._items and stations == self.stations and np.array_equal(lons, self._lon):
            self._spans = np.array(spans, dtype=np.float64).reshape(-1, 3)
            return
        for item in self._items:
            self._vb.removeItem(item)
        self._items, self._markers, self.labels = [], [], []
        self.stations = stations
        self._spans = np.array(spans, dtype=np.float64).reshape(-1, 3)
        for st, lon in zip(self.stations, lons.tolist(), strict=True):
            relay = st.kind == "relay"
            m = Marker("diamond" if relay else "triangle", 15 if relay else 14, theme.STATION)
            m.setPos(lon, st.lat_deg)
            label = Label([st.name], colour=theme.TEXT, anchor=(0.0, 0.0), offset=(9.0, 6.0))
            label.setPos(lon, st.lat_deg)
            self._items += [
                add_to(self._vb, m, self._z + 12),
                add_to(self._vb, label, self._z + 29),
            ]
            self._markers.append(m)
            self.labels.append(label)
        self.lit = np.zeros(len(self.stations), bool)
        self._lat = np.array([st.lat_deg for st in self.stations])
        self._lon = lons
        self._key: tuple[Any, ...] = ()
        self._dim.set_path(QPainterPath())
        self._lit.set_path(QPainterPath())

    def lit_names(self) -> list[str]:
        return [s.name for s, on in zip(self.stations, self.lit, strict=True) if on]

    def update_at(self, t_s: float, alt_m: float) -> bool:
        """Light the stations that see the vehicle at ``t_s``; size the circles for ``alt_m``.
        Returns whether the set of lit stations changed."""
        lit = np.zeros(len(self.stations), bool)
        inside = (self._spans[:, 0] <= t_s) & (t_s <= self._spans[:, 1])
        lit[self._spans[inside, 2].astype(np.intp)] = True
        radii = np.array(
            [
                basemap.coverage_radius_deg(alt_m, s.mask_deg) if s.kind == "ground" else 0.0
                for s in self.stations
            ]
        )
        steps = np.round(radii / self.RADIUS_STEP_DEG)
        radii = steps * self.RADIUS_STEP_DEG
        key = (tuple(lit), tuple(steps.tolist()))
        if key == self._key:
            return False
        changed = not np.array_equal(lit, self.lit)
        for m, on, was in zip(self._markers, lit, self.lit, strict=True):
            if on != was:
                m.set_colour(theme.STATION_LIT if on else theme.STATION)
        self._key, self.lit = key, lit
        ground = radii > 0.01
        lon, lat = basemap.small_circle(self._lat[ground], self._lon[ground], radii[ground], 121)
        for item, want in ((self._lit, True), (self._dim, False)):
            rows = lit[ground] == want
            item.set_xy(*_circles(lon[rows], lat[rows]))
        return changed


def _circles(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Rows of circle points as one NaN-separated line (the world repeats past ±180°, so a
    circle across the antimeridian is drawn whole)."""
    gap = np.full((lon.shape[0], 1), np.nan)
    return np.hstack([lon, gap]).ravel(), np.hstack([lat, gap]).ravel()


class DayNightLayer:
    """The night side shaded for the flight's UTC at the replay time rounded down to a whole
    ``STEP_S`` (the terminator moves 0.25° a minute), so it is redrawn at most every ``STEP_S``
    and looks the same however the time was reached. The Sun's track comes with the session's
    finished analysis (:attr:`replay.session.Session.sun`): the replay starts without waiting
    for the ephemeris."""

    STEP_S = 20.0

    def __init__(self, vb: pg.ViewBox, z: float) -> None:
        # Not cached: a fill clipped to a small dirty area costs no more than blitting a cache.
        self.fill = add_to(vb, PathItem(QPen(Qt.PenStyle.NoPen), QColor(0, 3, 14, 105)), z)
        self.line = add_to(vb, PathItem(cosmetic("#f0c674", 1.0, alpha=140, dash=True)), z + 0.1)
        self.subsolar: tuple[float, float] | None = None
        self._track: sun.SunTrack | None = None
        self._drawn_t: float | None = None
        self.set_track(None)

    def set_track(self, track: sun.SunTrack | None) -> None:
        """Shade by the Sun's ``track`` (``None``: no shading)."""
        if track is self._track and track is not None:
            return
        self._track, self._drawn_t, self.subsolar = track, None, None
        self.fill.setVisible(track is not None)
        self.line.setVisible(track is not None)

    def update_at(self, t_s: float) -> None:
        at = math.floor(t_s / self.STEP_S) * self.STEP_S
        if self._track is None or at == self._drawn_t:
            return
        self._drawn_t = at
        self.subsolar = lat_s, lon_s = self._track.at(at)
        dn = sun.day_night_at(lat_s, lon_s, 361)
        self.fill.set_xy(*_world_copies(dn.night_lon, dn.night_lat), close=True)
        self.line.set_xy(*_world_copies(dn.line_lon, dn.line_lat))


def _world_copies(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """A line drawn on the world and on its copies to the west and east."""
    gap = np.array([np.nan])
    return (
        np.concatenate([lon - 360.0, gap, lon, gap, lon + 360.0]),
        np.concatenate([lat, gap, lat, gap, lat]),
    )


class FlightEndLayer:
    """After the loss of signal: a red flag at the last good sample, labelled with the time,
    altitude and place, and a dashed line to the predicted impact zone with its place."""

    def __init__(self, vb: pg.ViewBox, z: float) -> None:
        red = theme.LOS
        self.flag = add_to(vb, Marker("flag", 34, red, outline="#ffffff"), z + 2, False)
        self.label = add_to(vb, Label(title_colour=red, border=red), z + 6, False)
        self.line = add_to(vb, PathItem(cosmetic(red, 2.0, dash=True), fast=True), z, False)
        self.zone = add_to(vb, PathItem(cosmetic(red, 9.0, alpha=190)), z + 1, False)
        self.impact = add_to(vb, Marker("cross", 16, red, outline="#ffffff"), z + 2, False)
        self.impact_label = add_to(vb, Label(title_colour=red, border=red), z + 5, False)
        self.shown = False
        self._box: Box | None = None
        #: The impact zone's own bounds (lon min, lon max, lat min, lat max), if there is one.
        self.zone_box: Box | None = None
        self._point_box: Box | None = None
        self._has_impact = False
        self._lines: list[str] = []
        self._why: list[str] = []
        #: A lesson holds these back until answered: the verdict (expected or not, and why)
        #: and the impact zone.
        self.verdict_held = self.impact_held = False

    def box(self) -> Box | None:
        """The LOS point and impact zone (lon/lat bounds; the point alone while the impact is
        held back), or ``None`` with no LOS."""
        return self._point_box if self.impact_held else self._box

    def hold_back(self, verdict: bool, impact: bool) -> None:
        """Hold back the verdict line and the impact zone (a lesson's question is pending)."""
        if (verdict, impact) == (self.verdict_held, self.impact_held):
            return
        self.verdict_held, self.impact_held = verdict, impact
        self.label.set_lines(self._lines if verdict else [*self._lines, *self._why])
        on, self.shown = self.shown, not self.shown
        self.set_shown(on)

    def set_analysis(
        self,
        los: LossOfSignal | None,
        impact: Impact | None,
        heading: Any,
        near_deg: float | None = None,
    ) -> None:
        """Show ``los`` and ``impact`` (drawn next to longitude ``near_deg``: the track's)."""
        self._has_impact = los is not None and impact is not None
        self._box = self._point_box = self.zone_box = None
        for item in (self.line, self.zone):
            item.set_path(QPainterPath())
        if los is None:
            return self._reset_shown()
        x0 = los.lon_deg if near_deg is None else float(near_lon_deg(los.lon_deg, near_deg))
        self._box = self._point_box = (x0, x0, los.lat_deg, los.lat_deg)
        hx, hy = heading(_los_index(los))
        anchor, (dx, dy) = label_side(hx, hy, above=True)
        above_flag = anchor[1] == 1.0  # clear the flag standing on the point
        self.label.set_placement(anchor, (dx, dy - 32.0 if above_flag else dy))
        utc = f" · {los.utc[11:19]} UTC" if los.utc else ""
        place = textwrap.wrap(los.place.describe(), 44) if los.place else []
        title = f"LOSS OF SIGNAL  {format_t_plus(los.t_s)}{utc}"
        self._why = textwrap.wrap(los.verdict.reason.split(";")[0], 44)  # geometry or vehicle?
        self._lines = [title, f"altitude {los.alt_m / 1e3:.0f} km", *place]
        self.label.set_lines(self._lines if self.verdict_held else [*self._lines, *self._why])
        for item in (self.flag, self.label):
            item.setPos(x0, los.lat_deg)
        if impact is not None:
            zone, nom = impact.zone, impact.zone.nominal
            # The world repeats east and west: lines run on across ±180°, next to the flag.
            gc_lon, gc_lat = basemap.great_circle(los.lat_deg, x0, nom.lat_deg, nom.lon_deg)
            self.line.set_xy(gc_lon, gc_lat)
            lon = unwrap_lon_deg([p.lon_deg for p in zone.points])
            lon += float(near_lon_deg(lon[0], x0)) - lon[0]
            lat = [p.lat_deg for p in zone.points]
            self.zone.set_xy(lon, lat)
            lons, lats = [x0, *lon.tolist()], [los.lat_deg, *lat]
            self._box = (min(lons), max(lons), min(lats), max(lats))
            self.zone_box = (min(lon), max(lon), min(lat), max(lat))
            x1 = float(gc_lon[-1])
            self.impact_label.set_placement(
                *label_side(x1 - x0, nom.lat_deg - los.lat_deg, above=False)
            )
            place = textwrap.wrap(impact.place.describe(), 44) if impact.place else []
            km = f"{zone.along_track_km:.0f} km along track"
            # After an expected loss the vehicle was most likely still flying: say what it is.
            title = "IMPACT IF THRUST STOPPED" if los.expected else "PREDICTED IMPACT ZONE"
            self.impact_label.set_lines([title, *place, km])
            for item in (self.impact, self.impact_label):
                item.setPos(x1, nom.lat_deg)
        return self._reset_shown()

    def _reset_shown(self) -> None:
        self.shown = True
        self.set_shown(False)

    def set_shown(self, on: bool) -> None:
        if on == self.shown:
            return
        self.shown = on
        for item in (self.flag, self.label):
            item.setVisible(on and self._box is not None)
        for item in (self.line, self.zone, self.impact, self.impact_label):
            item.setVisible(on and self._has_impact and not self.impact_held)


def _los_index(los: LossOfSignal) -> int:
    return los.gap.last_good_index


def flight_box(
    path: tuple[FloatArray, FloatArray] | None,
    site: tuple[float, float] | None,
    end: Box | None,
) -> Box | None:
    """The lon/lat box round a track (lon, lat), its launch site and its flag and impact zone
    (``None``: nothing to frame, or wider than half the world)."""
    ok = np.isfinite(path[0]) if path is not None else np.zeros(0, bool)
    xs = path[0][ok].tolist() if path is not None else []
    ys = path[1][ok].tolist() if path is not None else []
    if site is not None:
        xs.append(site[0])
        ys.append(site[1])
    if end is not None:
        xs += [end[0], end[1]]
        ys += [end[2], end[3]]
    if not xs or max(xs) - min(xs) > 180.0:
        return None
    return min(xs), max(xs), min(ys), max(ys)
