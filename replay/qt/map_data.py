"""A flight prepared for the map, once per flight: the track with continuous longitudes, and
the track and impact-point traces thinned for drawing (numpy only; see replay.qt.prepared)."""

from __future__ import annotations

import numpy as np

from replay.core.types import FloatArray
from replay.geo.track_path import TrackPath
from replay.geo.wrap import near_lon_deg
from replay.qt.map_items import TracePrefix
from replay.session import Session


class MapData:
    """The track path, and the traces of the track and of the instantaneous impact point."""

    def __init__(self, session: Session) -> None:
        f, a = session.flight, session.analysis
        tr = a.track
        self.path = TrackPath(f.t_s, tr.lat_deg, tr.lon_deg) if tr else TrackPath.empty()
        lon = self.path.lon_deg
        self.track = TracePrefix.build(lon, tr.lat_deg) if tr else None
        #: The impact point's longitudes, next to the track's (whole turns apart at most).
        self.iip_lon: FloatArray = near_lon_deg(a.iip.lon_deg, lon) if a.iip else np.zeros(0)
        self.iip = TracePrefix.build(self.iip_lon, a.iip.lat_deg) if a.iip else None
        #: Where the track mostly is: stations are drawn in that copy of the world.
        self.middle_lon_deg = float(np.nanmedian(lon)) if self.path.has_fix else None
