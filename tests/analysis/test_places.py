"""Place names, offline; distances checked with an independent haversine."""

from __future__ import annotations

import math

import pytest

from replay.analysis.places import EARTH_RADIUS_KM, nearest_place


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def test_kyzyl() -> None:
    assert nearest_place(51.72, 94.45).describe() == "near Kyzyl, Republic of Tyva, Russia"


def test_the_reported_ms04_fragment_is_120_km_west_of_kyzyl() -> None:
    place = nearest_place(51.6, 92.7)  # derived from "about 120 km west of Kyzyl"
    assert place.landmark is not None and place.landmark.name == "Kyzyl"
    assert place.landmark.relation() == "122 km W of Kyzyl"
    # Kyzyl's centre is at 51.7167 N, 94.4533 E (GeoNames): an independent distance.
    assert place.landmark.distance_km == pytest.approx(
        haversine_km(51.6, 92.7, 51.7167, 94.4533), abs=1.0
    )
    assert place.region == "Republic of Tyva"


def test_nearest_on_the_ground_not_in_degrees() -> None:
    """reverse_geocode's own search returns Ulagan (77.8 km); Iogach is nearer (66.8 km)."""
    assert nearest_place(51.33, 87.90).name == "Iogach"


def test_direction_words() -> None:
    assert nearest_place(49.18, 73.99).relation().endswith("NE of Aksu-Ayuly")
