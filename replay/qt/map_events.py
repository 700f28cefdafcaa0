"""The flight's events on the map: a marker per moment with events, where the vehicle was then,
the latest one labelled (until the signal is lost, when the flag tells the story)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg

from replay.core.flight import Event
from replay.core.timefmt import format_t_plus
from replay.geo.track_path import TrackPath
from replay.qt import theme
from replay.qt.map_items import Marker, add_to
from replay.qt.map_label import Label, label_side

#: Events closer than this (s) share one marker and one label.
EVENT_MERGE_S = 1.0
#: A marker's time, label lines, place (lon, lat) and the track's heading there.
_Mark = tuple[float, list[str], tuple[float, float], tuple[float, float]]


class EventLayer:
    """Event markers drawn once passed, and the label of the latest."""

    def __init__(self, vb: pg.ViewBox, z: float) -> None:
        self._vb, self._z = vb, z
        self.label = add_to(vb, Label(title_colour=theme.EVENT), z + 15, visible=False)
        self.markers: list[Marker] = []
        #: What each marker shows (see ``_Mark``), in time order.
        self._marks: list[_Mark] = []
        self._times = np.zeros(0)
        self._shown: tuple[int, bool] | None = None

    def set_events(self, events: Sequence[Event], path: TrackPath) -> None:
        """Markers for ``events`` along ``path`` (those within the data only). The same markers
        at the same places (a live pass that grew) are kept as they are."""
        t = path.t_s
        groups: list[tuple[float, list[str]]] = []
        for e in sorted(events, key=lambda e: e.t_s):
            if not path.has_fix or not (t[0] - EVENT_MERGE_S <= e.t_s <= t[-1]):
                continue
            if groups and e.t_s - groups[-1][0] < EVENT_MERGE_S:
                groups[-1][1].append(e.label)
            else:
                groups.append((e.t_s, [e.label]))
        marks: list[_Mark] = []
        for t_e, labels in groups:
            j = path.fix_at_time(t_e)
            if j >= 0:
                at = (float(path.lon_deg[j]), float(path.lat_deg[j]))
                marks.append((t_e, [format_t_plus(t_e, 0), *labels], at, path.heading(j)))
        same_places = [m[:3] for m in marks] == [m[:3] for m in self._marks]
        if marks != self._marks:  # a heading that turned near the growing end: the label moves
            self._marks, self._shown = marks, None
        if same_places:
            return
        for m in self.markers:
            self._vb.removeItem(m)
        self.markers = []
        self.label.hide()
        for _t_e, _lines, at, _heading in marks:
            m = add_to(self._vb, Marker("diamond", 12, theme.EVENT), self._z, visible=False)
            m.setPos(*at)
            self.markers.append(m)
        self._times = np.array([m[0] for m in marks])

    def show_at(self, t_s: float, lost: bool) -> bool:
        """Show the events passed at ``t_s``; whether anything changed (labels to refit)."""
        n = int(np.searchsorted(self._times, t_s, side="right"))
        if (n, lost) == self._shown:
            return False
        self._shown = (n, lost)
        for k, m in enumerate(self.markers):
            m.setVisible(k < n)
        if lost or not 0 < n <= len(self.markers):
            self.label.hide()
            return True
        _t_e, lines, _at, heading = self._marks[n - 1]
        self.label.set_placement(*label_side(*heading, above=False))
        self.label.set_lines(lines)
        self.label.setPos(self.markers[n - 1].pos())
        self.label.show()
        return True
