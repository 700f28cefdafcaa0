"""The debris field on the map: where the pieces of a break-up fell (the truth), against the
predicted impact zone and against what was reported found.

The field is the simulator's (``sample_telemetry/truth/<scenario>.debris.json.gz``,
docs/debris-field.md): a dot where each piece came down, bigger for a higher ballistic
coefficient (light debris falls short, heavy pieces far), inside the field's outline. The
reported area (``assets/reports/<scenario>.toml``) is drawn dashed round the finds and the
places flashes were seen from, so the class can compare. Both show only with the truth, through
the teaching layer's switch; the measurements are :mod:`replay.geo.debris`'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from replay.geo.debris import (
    FieldSummary,
    ReportedArea,
    bearing_deg,
    compass,
    great_circle_km,
    hull_outline,
    report_lines,
    reported_area,
    summarise_field,
)
from replay.geo.framing import Box
from replay.geo.wrap import near_lon_deg
from replay.qt import theme
from replay.qt.map_items import Marker, PathItem, add_to, cosmetic
from replay.qt.map_label import Label
from replay.session import Session
from replay.sim.breakup import DebrisField

#: Dot sizes (px) by ballistic coefficient: below 10 kg/m² (light debris), below 100, above.
DOT_PX = ((10.0, 6.0), (100.0, 9.0), (np.inf, 13.0))
REPORTED = "#2ecc71"


@dataclass(frozen=True)
class DebrisData:
    """A flight's debris field and reported area, read once per flight (on the loader's
    thread: :func:`replay.qt.prepared.prepare`)."""

    field: DebrisField | None
    area: ReportedArea | None

    @classmethod
    def of(cls, session: Session) -> DebrisData:
        return _scenario_debris(session.flight.meta.scenario_id)

    def summary(self, session: Session) -> FieldSummary | None:
        """The field measured from the session's predicted impact point (if both exist)."""
        impact = session.analysis.impact
        if self.field is None or impact is None:
            return None
        nominal = impact.zone.nominal
        f = self.field
        return summarise_field(
            f.impact_lat_deg, f.impact_lon_deg, f.beta_kg_m2, nominal.lat_deg, nominal.lon_deg
        )


@cache
def _scenario_debris(sid: str | None) -> DebrisData:
    """A bundled scenario's debris field and reported area, read once (the sessions of a live
    pass, five a second, share them: the map draws them once)."""
    from replay.resources import debris_name, samples_dir
    from replay.sim.debris_file import read_debris_field

    path = samples_dir() / debris_name(sid) if sid else None
    field = read_debris_field(path) if path is not None and path.is_file() else None
    if field is not None and not field.fragments:
        field = None
    return DebrisData(field, reported_area(sid) if field is not None else None)


def debris_data(session: Session) -> DebrisData:
    """The session's flight's debris data (for :func:`replay.qt.prepared.per_flight`)."""
    return DebrisData.of(session)


def truth_lines(
    session: Session, data: DebrisData, end_lat: float, end_lon: float, when: str
) -> list[str]:
    """The truth's map label: the debris field against the prediction when there is one, else
    where the falling vehicle came down and how far that is from the predicted impact point."""
    summary = data.summary(session)
    if summary is not None:
        return summary.lines()
    lines = ["WHERE IT FELL (truth)"]
    impact = session.analysis.impact
    if impact is not None:
        at = impact.zone.nominal
        km = float(great_circle_km(at.lat_deg, at.lon_deg, end_lat, end_lon))
        towards = compass(bearing_deg(at.lat_deg, at.lon_deg, end_lat, end_lon))
        lines.append(f"{km:.0f} km {towards} of the predicted impact")
    return [*lines, f"{end_lat:.2f}°, {end_lon:.2f}° at {when}"]


class DebrisLayer:
    """The pieces' impact points and outline, the reported area and its label."""

    def __init__(self, vb: pg.ViewBox, z: float) -> None:
        self._vb, self._z = vb, z
        fill = QColor(theme.TRUTH)
        fill.setAlpha(60)
        self.outline = add_to(vb, PathItem(cosmetic(theme.TRUTH, 1.5), fill, cached=True), z, False)
        self.area = add_to(
            vb, PathItem(cosmetic(REPORTED, 2.0, dash=True), cached=True), z + 0.5, False
        )
        self.report_label = add_to(vb, Label(title_colour=REPORTED, border=REPORTED), z + 30, False)
        self.labels = [self.report_label]
        self.dots: list[Marker] = []
        self.finds: list[Marker] = []
        self.data = DebrisData(None, None)
        self._near_deg = math.nan  # the data not drawn yet
        self.shown = False

    @property
    def has_field(self) -> bool:
        return self.data.field is not None

    def set_data(self, data: DebrisData, near_deg: float) -> None:
        """Draw ``data`` in the copy of the world next to longitude ``near_deg``."""
        same = data.field is self.data.field and data.area is self.data.area
        nothing = data.field is None and data.area is None  # wherever the world copy is
        if same and (nothing or near_deg == self._near_deg):
            return  # a live pass grew (five times a second): nothing to draw again
        self._near_deg = near_deg
        for item in self.dots + self.finds:
            self._vb.removeItem(item)
        self.dots, self.finds = [], []
        self.data = data
        f, area = data.field, data.area
        self.outline.set_xy([], [])
        self.area.set_xy([], [])
        self.report_label.set_lines([])
        if f is not None:
            lon = near_lon_deg(f.impact_lon_deg, near_deg)
            lat = f.impact_lat_deg
            for x, y, beta in zip(lon.tolist(), lat.tolist(), f.beta_kg_m2.tolist(), strict=True):
                size = next(px for top, px in DOT_PX if beta < top)
                dot = add_to(self._vb, Marker("circle", size, theme.TRUTH), self._z + 20, False)
                dot.setPos(x, y)
                self.dots.append(dot)
            h_lat, h_lon = hull_outline(lat, lon)
            self.outline.set_xy(h_lon, h_lat, close=True)
        if f is not None and area is not None:
            a_lat, a_lon = area.outline()
            self.area.set_xy(near_lon_deg(a_lon, near_deg), a_lat, close=True)
            for p in area.points:
                kind = "star" if p.kind == "flash" else "circle"
                mark = add_to(self._vb, Marker(kind, 12, REPORTED), self._z + 21, False)
                mark.setPos(float(near_lon_deg(p.lon_deg, near_deg)), p.lat_deg)
                mark.setToolTip(f"{p.name}: {p.detail}")
                self.finds.append(mark)
            first = next((p for p in area.points if p.kind == "find"), area.points[0])
            self.report_label.setPos(float(near_lon_deg(first.lon_deg, near_deg)), first.lat_deg)
            self.report_label.set_lines(report_lines(area, f.impact_lat_deg, f.impact_lon_deg))
            self.report_label.set_placement((0.0, 0.0), (10.0, 10.0))
        self.set_shown(self.shown)

    def box(self) -> Box | None:
        """The field's bounds (lon min, lon max, lat min, lat max) while it is shown."""
        if not (self.shown and self.has_field):
            return None
        path = self.outline.path().boundingRect()
        return path.left(), path.right(), path.top(), path.bottom()

    def markers(self) -> list[Marker]:
        """The pieces and the reports on the map (labels keep clear of them)."""
        return [m for m in self.dots + self.finds if m.isVisible()]

    def set_shown(self, on: bool) -> None:
        """Show the field (and the reported area) with the truth, or hide them."""
        self.shown = on
        has = self.has_field
        for item in (self.outline, *self.dots):
            item.setVisible(on and has)
        has_area = has and self.data.area is not None
        for item in (self.area, self.report_label, *self.finds):
            item.setVisible(on and has_area)
