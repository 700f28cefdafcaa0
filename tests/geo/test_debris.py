"""The debris field against the prediction and the record, without Qt (issue 14)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from replay.geo.debris import (
    centre,
    great_circle_km,
    hull_outline,
    inside,
    polygons_overlap,
    report_lines,
    reported_area,
    summarise_field,
)
from replay.resources import debris_name, samples_dir
from replay.sim.breakup import DebrisField
from replay.sim.debris_file import read_debris_field

MEAN_RADIUS_KM = 6371.0088


def field(sid: str) -> DebrisField:
    return read_debris_field(samples_dir() / debris_name(sid))


def cosine_law_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """An independent great circle: the angle between the two unit vectors (not haversine)."""
    a = np.radians([lat1, lat2])
    b = np.radians([lon1, lon2])
    v = np.column_stack([np.cos(a) * np.cos(b), np.cos(a) * np.sin(b), np.sin(a)])
    return float(MEAN_RADIUS_KM * math.acos(np.clip(v[0] @ v[1], -1.0, 1.0)))


def test_the_ms04_field_overlaps_the_debris_reported_west_of_kyzyl() -> None:
    """launch-facts 3.2: finds ~120 and ~70 km W of Kyzyl, flashes over Sut-Khol and
    Dzun-Khemchik. The simulated pieces fall across that area."""
    d = field("progress-ms-04")
    area = reported_area("progress-ms-04")
    assert area is not None and len(area.points) == 4
    outline = area.outline()
    assert polygons_overlap(hull_outline(d.impact_lat_deg, d.impact_lon_deg), outline)
    hits = inside(outline, d.impact_lat_deg, d.impact_lon_deg)
    assert hits.sum() >= 5  # measured 8 of 26 pieces inside the reported area
    reports = [(p.lat_deg, p.lon_deg) for p in area.points]
    assert inside(outline, *np.array(reports).T).all()  # every report inside its own area
    lines = report_lines(area, d.impact_lat_deg, d.impact_lon_deg)
    assert lines[1] == "first fragment: 13 km from the nearest piece"  # README: 12.9 km


def test_an_area_far_away_does_not_overlap() -> None:
    d = field("progress-ms-04")
    far = hull_outline(np.array([51.0, 51.2, 51.1]), np.array([80.0, 80.2, 80.5]), 10.0)
    assert not polygons_overlap(hull_outline(d.impact_lat_deg, d.impact_lon_deg), far)
    assert not inside(far, d.impact_lat_deg, d.impact_lon_deg).any()


def test_the_field_is_measured_from_the_predicted_impact_point() -> None:
    d = field("progress-ms-04")
    predicted = (51.53427, 92.53633)  # the MS-04 zone's nominal point (beta 300), README
    s = summarise_field(d.impact_lat_deg, d.impact_lon_deg, d.beta_kg_m2, *predicted)
    assert s.pieces == 26 and s.beta_min_kg_m2 == pytest.approx(0.454)
    assert s.centre_km == pytest.approx(
        cosine_law_km(*predicted, s.centre_lat_deg, s.centre_lon_deg), abs=0.01
    )
    assert s.centre_towards == "W"  # light pieces fall short, up-range
    each = [
        cosine_law_km(*predicted, la, lo)
        for la, lo in zip(d.impact_lat_deg, d.impact_lon_deg, strict=True)
    ]
    assert s.nearest_km == pytest.approx(min(each), abs=0.01)
    assert s.farthest_km == pytest.approx(max(each), abs=0.01)
    assert s.lines()[1] == f"centre {s.centre_km:.0f} km W of the predicted impact"


def test_the_centre_of_points_round_the_antimeridian() -> None:
    lat, lon = centre([0.0, 0.0], [179.0, -179.0])
    assert lat == pytest.approx(0.0, abs=1e-9) and abs(lon) == pytest.approx(180.0)
    assert float(great_circle_km(0.0, 179.0, 0.0, -179.0)) == pytest.approx(222.4, abs=0.1)


def test_no_report_for_a_flight_without_one() -> None:
    assert reported_area("soyuz-u-nominal") is None and reported_area(None) is None


# launch-facts.md 3.2 and 5.5, typed here (not read from assets/reports): Kyzyl, the first
# fragment derived from "~120 km W of Kyzyl", and the later "~70 km W of Kyzyl".
KYZYL = (51.72, 94.45)
FIRST_FRAGMENT = (51.6, 92.7)
SEVENTY_KM_WEST = (51.7, 93.4)


def test_the_ms04_field_overlaps_the_reported_area_from_launch_facts() -> None:
    d = field("progress-ms-04")
    finds = np.array([FIRST_FRAGMENT, SEVENTY_KM_WEST])
    # A fourth piece was found 8.5 km from the first: 10 km round each find.
    area = hull_outline(finds[:, 0], finds[:, 1], 10.0)
    assert polygons_overlap(hull_outline(d.impact_lat_deg, d.impact_lon_deg), area)
    near = [
        cosine_law_km(*FIRST_FRAGMENT, la, lo)
        for la, lo in zip(d.impact_lat_deg, d.impact_lon_deg, strict=True)
    ]
    assert min(near) < 15.0  # a piece within ~15 km of the first fragment (measured 12.9)
    # The field lies west of Kyzyl, where the debris was reported, not east where a vacuum
    # impact from T+382 would put it (launch-facts 5.3: 51.72 N, 95.50 E).
    assert float(np.median(d.impact_lon_deg)) < KYZYL[1]
    # The bundled report file carries the same finds.
    reported = reported_area("progress-ms-04")
    assert reported is not None
    got = {(p.lat_deg, p.lon_deg) for p in reported.points if p.kind == "find"}
    assert got == {FIRST_FRAGMENT, SEVENTY_KM_WEST}
