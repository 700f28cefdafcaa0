"""The map's side of the crosshair: the point of the track under the mouse, with its time,
altitude and position, and the point at the time hovered in the plots.

Only the track drawn so far (up to the replay time) answers the mouse, as the plots do; the
replay time never moves. The time under the mouse comes out as ``hovered(t_s)``.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Signal

from replay.qt import theme
from replay.qt.map_data import MapData
from replay.qt.map_items import Marker, add_to
from replay.qt.map_view import GroundTrackMap
from replay.qt.prepared import per_flight
from replay.session import Session

#: The mouse picks a track point this close, in pixels.
PICK_PX = 14.0


def lat_text(lat_deg: float, lon_deg: float) -> str:
    """ "45.92°N 63.34°E" (the longitude brought into -180..180).

    >>> lat_text(-12.5, 190.0)
    '12.50°S 170.00°W'
    """
    lon = (lon_deg + 180.0) % 360.0 - 180.0
    return (
        f"{abs(lat_deg):.2f}°{'N' if lat_deg >= 0 else 'S'} "
        f"{abs(lon):.2f}°{'E' if lon >= 0 else 'W'}"
    )


class MapHover(QObject):
    """The hovered point of one map's track (see the module)."""

    hovered = Signal(float)
    left = Signal()

    def __init__(self, map_view: GroundTrackMap) -> None:
        super().__init__(map_view)
        self._map = map_view
        self._session: Session | None = None
        self._t = 0.0
        vb = map_view.view_box
        self.marker = add_to(vb, Marker("circle", 11, theme.TEXT), 48, visible=False)
        self.text = add_to(
            vb, pg.TextItem(color=theme.TEXT, fill=pg.mkBrush(11, 15, 20, 215)), 49, False
        )
        #: The sample shown (-1: none) and its text.
        self.index = -1
        self.shown = ""
        map_view.graphics.scene().sigMouseMoved.connect(self._moved)
        map_view.graphics.viewport().installEventFilter(self)

    # --- the replay's views protocol -------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        self._session = session
        self.hide()

    def seek(self, t_s: float) -> None:
        self._t = t_s

    @property
    def t_s(self) -> float:
        return self._t

    @property
    def session(self) -> Session | None:
        return self._session

    @property
    def map_view(self) -> GroundTrackMap:
        return self._map

    # ---------------------------------------------------------------------------------------------
    def pick(self, lon_deg: float, lat_deg: float) -> int:
        """The drawn track's sample nearest the map point, if within :data:`PICK_PX` (-1)."""
        s = self._session
        if s is None or s.analysis.track is None:
            return -1
        path = per_flight(MapData, s).path
        n = int(np.searchsorted(path.t_s, self._t, side="right"))
        if n == 0:
            return -1
        px, py = self._map.view_box.viewPixelSize()
        dx = (path.lon_deg[:n] - lon_deg) / px
        dy = (path.lat_deg[:n] - lat_deg) / py
        d2 = np.where(np.isfinite(dx) & np.isfinite(dy), dx * dx + dy * dy, np.inf)
        k = int(np.argmin(d2))
        return k if d2[k] <= PICK_PX * PICK_PX else -1

    def show_index(self, k: int) -> None:
        """Mark track sample ``k`` with its time, altitude and position (-1: nothing)."""
        s = self._session
        tr = s.analysis.track if s is not None else None
        if s is None or tr is None or k < 0:
            self.hide()
            return
        path = per_flight(MapData, s).path
        lon, lat = float(path.lon_deg[k]), float(path.lat_deg[k])
        if not (math.isfinite(lon) and math.isfinite(lat)):
            self.hide()
            return
        alt = float(tr.alt_m[k]) if tr.alt_m is not None else math.nan
        alt_text = f"{alt / 1e3:.1f} km" if math.isfinite(alt) else "altitude: no data"
        self.index = k
        self.shown = f"T{float(path.t_s[k]):+.1f} s  {alt_text}\n{lat_text(lat, lon)}"
        self.marker.setPos(lon, lat)
        self.text.setText(self.shown)
        (x0, x1), _ = self._map.view_box.viewRange()
        self.text.setAnchor((1.05, 1.1) if lon > x0 + 0.6 * (x1 - x0) else (-0.05, 1.1))
        self.text.setPos(lon, lat)
        self.marker.show()
        self.text.show()

    def show_time(self, t_s: float) -> None:
        """Mark the track at time ``t_s`` (hovered in the plots): nothing past the replay."""
        s = self._session
        if s is None or t_s > self._t + 1e-9:
            self.hide()
            return
        path = per_flight(MapData, s).path
        i = int(np.searchsorted(path.t_s, t_s, side="right")) - 1
        self.show_index(path.fix_at(i) if i >= 0 else -1)

    def hide(self) -> None:
        self.index = -1
        self.shown = ""
        self.marker.hide()
        self.text.hide()

    def _moved(self, scene_pos: QPointF) -> None:
        vb = self._map.view_box
        if not vb.sceneBoundingRect().contains(scene_pos):
            self.hide()
            return
        p = vb.mapSceneToView(scene_pos)
        k = self.pick(float(p.x()), float(p.y()))
        self.show_index(k)
        if k >= 0 and self._session is not None:
            self.hovered.emit(float(per_flight(MapData, self._session).path.t_s[k]))
        else:
            self.left.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self.hide()
            self.left.emit()
        return False
