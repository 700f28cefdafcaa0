"""The analyst's tools on the replay page, wired together: the crosshair over the plots and its
point on the map, two-point measurement on both (:mod:`replay.qt.measure`), the zoom history
(:mod:`replay.qt.zoom_history`), the ascent profiles (:mod:`replay.qt.profile_plot`) and a
second flight for comparison (:mod:`replay.qt.compare`).

Each tool lives in its own module and hooks into the plots or the map from outside; this
module builds them for a page and lists those that follow the replay (:meth:`views`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from replay.qt.compare import Comparison
from replay.qt.crosshair import Crosshair
from replay.qt.map_hover import MapHover
from replay.qt.map_view import GroundTrackMap
from replay.qt.measure import MapMeasure, PlotMeasure
from replay.qt.plots import PlotStack
from replay.qt.profile_plot import ProfilePanel
from replay.qt.views import TimeView
from replay.qt.zoom_history import ZoomHistory


class Workbench(QObject):
    """The tools of one replay page: its plot stack and its map."""

    def __init__(self, parent: QObject, plots: PlotStack, map_view: GroundTrackMap) -> None:
        super().__init__(parent)
        self.crosshair = Crosshair(plots)
        self.plot_measure = PlotMeasure(plots)
        self.map_hover = MapHover(map_view)
        self.map_measure = MapMeasure(self.map_hover)
        self.zoom = ZoomHistory(plots)
        self.profiles = ProfilePanel(plots)
        self.comparison = Comparison(plots, map_view)
        # One time under the mouse: hovering the plots marks the map, and the other way round.
        self.crosshair.hovered.connect(self.map_hover.show_time)
        self.crosshair.left.connect(self.map_hover.hide)
        self.map_hover.hovered.connect(self.crosshair.show_at)
        self.map_hover.left.connect(self.crosshair.hide)

    def views(self) -> list[TimeView]:
        """The tools the controller drives with the replay time."""
        return [self.map_hover, self.zoom, self.profiles, self.comparison]
