"""A debris field against the prediction and the record (Qt-free): where the pieces fell, how
far that is from the predicted impact point, and the area where debris was reported.

The shapes are worked on a local plane (kilometres east and north of a reference point, the
Earth a sphere of the IUGG mean radius): at the few hundred kilometres of a debris field the
plane is good to a fraction of a kilometre. Distances are great circles on the same sphere.

>>> round(float(great_circle_km(51.72, 94.45, 51.72, 92.71)))  # about 120 km W of Kyzyl
120
>>> compass(265.0), compass(10.0)
('W', 'N')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.resources import assets_dir, read_toml

EARTH_RADIUS_KM = 6371.0088
_COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
#: Points round each report when an area is drawn round it.
_CIRCLE_POINTS = 24


@dataclass(frozen=True, slots=True)
class ReportedPoint:
    """A place where debris was found, or from where it was seen."""

    name: str
    detail: str
    kind: str  # "find" or "flash"
    lat_deg: float
    lon_deg: float
    source: str


@dataclass(frozen=True, slots=True)
class ReportedArea:
    """Where debris was reported, from ``assets/reports/<scenario>.toml``."""

    title: str
    summary: str
    buffer_km: float
    points: tuple[ReportedPoint, ...]

    def outline(self) -> tuple[FloatArray, FloatArray]:
        """The area as a closed (lat, lon) polygon: the reports, ``buffer_km`` round each."""
        lat = np.array([p.lat_deg for p in self.points])
        lon = np.array([p.lon_deg for p in self.points])
        return hull_outline(lat, lon, self.buffer_km)


def reported_area(scenario_id: str | None) -> ReportedArea | None:
    """The debris reported after a scenario's failure, if the record has any."""
    if not scenario_id or not (assets_dir() / "reports" / f"{scenario_id}.toml").is_file():
        return None
    doc = read_toml("reports", scenario_id)
    points = tuple(
        ReportedPoint(
            str(p["name"]),
            str(p.get("detail", "")),
            str(p.get("kind", "find")),
            float(p["lat_deg"]),
            float(p["lon_deg"]),
            str(p.get("source", "")),
        )
        for p in doc["points"]
    )
    if not points:
        raise ValueError(f"reports/{scenario_id}.toml: no [[points]]")
    return ReportedArea(str(doc["title"]), str(doc["summary"]), float(doc["buffer_km"]), points)


def great_circle_km(
    lat1_deg: npt.ArrayLike,
    lon1_deg: npt.ArrayLike,
    lat2_deg: npt.ArrayLike,
    lon2_deg: npt.ArrayLike,
) -> FloatArray:
    """Great-circle distance on the mean-radius sphere (haversine), km."""
    p1, p2 = np.radians(lat1_deg), np.radians(lat2_deg)
    dl = np.radians(np.asarray(lon2_deg, dtype=np.float64) - np.asarray(lon1_deg))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def bearing_deg(lat1_deg: float, lon1_deg: float, lat2_deg: float, lon2_deg: float) -> float:
    """Initial great-circle bearing from the first point to the second, degrees from north."""
    p1, p2 = math.radians(lat1_deg), math.radians(lat2_deg)
    dl = math.radians(lon2_deg - lon1_deg)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0


def compass(bearing: float) -> str:
    """The eight-point compass direction of a bearing."""
    return _COMPASS[int((bearing + 22.5) % 360 // 45)]


def centre(lat_deg: npt.ArrayLike, lon_deg: npt.ArrayLike) -> tuple[float, float]:
    """The middle of points on the sphere: the direction of the mean of their unit vectors."""
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    v = np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]).mean(axis=1)
    return math.degrees(math.atan2(v[2], math.hypot(v[0], v[1]))), math.degrees(
        math.atan2(v[1], v[0])
    )


# --- shapes on the local plane -------------------------------------------------------------


def hull_outline(
    lat_deg: npt.ArrayLike, lon_deg: npt.ArrayLike, buffer_km: float = 0.0
) -> tuple[FloatArray, FloatArray]:
    """The convex hull of points, widened by ``buffer_km``, as a closed (lat, lon) polygon."""
    lat, lon = np.asarray(lat_deg, np.float64), np.asarray(lon_deg, np.float64)
    if lat.size == 0:
        raise ValueError("hull_outline needs at least one point")
    ref = (float(lat.mean()), float(lon.mean()))
    x, y = _to_plane(lat, lon, ref)
    if buffer_km > 0.0:
        a = np.linspace(0.0, 2 * math.pi, _CIRCLE_POINTS, endpoint=False)
        x = (x[:, None] + buffer_km * np.cos(a)).ravel()
        y = (y[:, None] + buffer_km * np.sin(a)).ravel()
    hx, hy = _convex_hull(x, y)
    hx, hy = np.append(hx, hx[0]), np.append(hy, hy[0])
    return _from_plane(hx, hy, ref)


def polygons_overlap(
    a: tuple[npt.ArrayLike, npt.ArrayLike], b: tuple[npt.ArrayLike, npt.ArrayLike]
) -> bool:
    """Whether two convex (lat, lon) polygons share any area (separating-axis test)."""
    a_lat, a_lon = np.asarray(a[0], np.float64), np.asarray(a[1], np.float64)
    b_lat, b_lon = np.asarray(b[0], np.float64), np.asarray(b[1], np.float64)
    ref = (float(np.mean(a_lat)), float(np.mean(a_lon)))
    pa, pb = (
        np.column_stack(_to_plane(a_lat, a_lon, ref)),
        np.column_stack(_to_plane(b_lat, b_lon, ref)),
    )
    for poly in (pa, pb):
        edges = np.diff(poly, axis=0)
        for ex, ey in edges:
            axis = np.array([-ey, ex])
            if not np.any(axis):
                continue
            ja, jb = pa @ axis, pb @ axis
            if ja.max() <= jb.min() or jb.max() <= ja.min():
                return False
    return True


def inside(
    polygon: tuple[npt.ArrayLike, npt.ArrayLike], lat_deg: npt.ArrayLike, lon_deg: npt.ArrayLike
) -> npt.NDArray[np.bool_]:
    """Which points lie inside a closed convex (lat, lon) polygon."""
    plat, plon = np.asarray(polygon[0], np.float64), np.asarray(polygon[1], np.float64)
    ref = (float(plat.mean()), float(plon.mean()))
    px, py = _to_plane(plat, plon, ref)
    x, y = _to_plane(np.asarray(lat_deg, np.float64), np.asarray(lon_deg, np.float64), ref)
    cross = (px[1:, None] - px[:-1, None]) * (y[None, :] - py[:-1, None]) - (
        py[1:, None] - py[:-1, None]
    ) * (x[None, :] - px[:-1, None])
    return np.asarray(np.all(cross >= 0.0, axis=0) | np.all(cross <= 0.0, axis=0))


def _to_plane(
    lat: FloatArray, lon: FloatArray, ref: tuple[float, float]
) -> tuple[FloatArray, FloatArray]:
    k = math.radians(1.0) * EARTH_RADIUS_KM
    x = (lon - ref[1]) * k * math.cos(math.radians(ref[0]))
    return x, (lat - ref[0]) * k


def _from_plane(
    x: FloatArray, y: FloatArray, ref: tuple[float, float]
) -> tuple[FloatArray, FloatArray]:
    k = math.radians(1.0) * EARTH_RADIUS_KM
    return ref[0] + y / k, ref[1] + x / (k * math.cos(math.radians(ref[0])))


def _convex_hull(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The hull's corners, counter-clockwise (Andrew's monotone chain)."""
    pts = sorted(set(zip(x.tolist(), y.tolist(), strict=True)))
    if len(pts) <= 2:
        return np.array([p[0] for p in pts]), np.array([p[1] for p in pts])

    def half(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for p in points:
            while len(out) >= 2 and _turn(out[-2], out[-1], p) <= 0:
                out.pop()
            out.append(p)
        return out

    ring = half(pts)[:-1] + half(pts[::-1])[:-1]
    return np.array([p[0] for p in ring]), np.array([p[1] for p in ring])


def _turn(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


# --- the field against the prediction --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldSummary:
    """Where the pieces fell, measured from the predicted impact point."""

    pieces: int
    beta_min_kg_m2: float
    beta_max_kg_m2: float
    centre_lat_deg: float
    centre_lon_deg: float
    #: From the predicted impact point to the field's centre (:func:`centre`), and whither.
    centre_km: float
    centre_towards: str
    nearest_km: float
    farthest_km: float

    def lines(self) -> list[str]:
        """The map label: the comparison first (a short label keeps the first two lines)."""
        return [
            "WHERE THE PIECES FELL (truth)",
            f"centre {self.centre_km:.0f} km {self.centre_towards} of the predicted impact",
            f"{self.pieces} pieces, β {_beta(self.beta_min_kg_m2)}–"
            f"{_beta(self.beta_max_kg_m2)} kg/m²",
            f"{self.nearest_km:.0f} to {self.farthest_km:.0f} km from the predicted point",
        ]


def summarise_field(
    lat_deg: npt.ArrayLike,
    lon_deg: npt.ArrayLike,
    beta_kg_m2: npt.ArrayLike,
    predicted_lat_deg: float,
    predicted_lon_deg: float,
) -> FieldSummary:
    """Measure the impact points of a field from the predicted impact point."""
    lat, lon = np.asarray(lat_deg, np.float64), np.asarray(lon_deg, np.float64)
    beta = np.asarray(beta_kg_m2, np.float64)
    if lat.size == 0 or lat.shape != lon.shape or beta.shape != lat.shape:
        raise ValueError(f"expected matching, non-empty arrays, got {lat.shape}, {beta.shape}")
    c_lat, c_lon = centre(lat, lon)
    d = great_circle_km(predicted_lat_deg, predicted_lon_deg, lat, lon)
    towards = compass(bearing_deg(predicted_lat_deg, predicted_lon_deg, c_lat, c_lon))
    return FieldSummary(
        int(lat.size),
        float(beta.min()),
        float(beta.max()),
        c_lat,
        c_lon,
        float(great_circle_km(predicted_lat_deg, predicted_lon_deg, c_lat, c_lon)),
        towards,
        float(d.min()),
        float(d.max()),
    )


def report_lines(area: ReportedArea, lat_deg: npt.ArrayLike, lon_deg: npt.ArrayLike) -> list[str]:
    """The reported area's map label, with how far its first find lies from the nearest piece
    of the field ``(lat_deg, lon_deg)``."""
    find = next((p for p in area.points if p.kind == "find"), area.points[0])
    near = float(great_circle_km(find.lat_deg, find.lon_deg, lat_deg, lon_deg).min())
    return [area.title, f"{find.name}: {near:.0f} km from the nearest piece", area.summary]


def _beta(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:,.0f}"
