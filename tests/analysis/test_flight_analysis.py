"""The whole analysis on the bundled flights, checked against the public record."""

from __future__ import annotations

import dataclasses
import json
import math
from functools import cache
from pathlib import Path

import pytest

from replay.analysis.flight_analysis import FlightAnalysis, analyze
from replay.analysis.report import to_json, to_text
from replay.cli import main
from replay.core.flight import Flight
from replay.io import read_flight, write_flight
from replay.resources import sample


@cache
def analysed(sid: str, places: bool = True) -> tuple[Flight, FlightAnalysis]:
    f = read_flight(sample(sid))
    return f, analyze(f, places=places)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl, dp = math.radians(lon2 - lon1), p2 - p1
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def test_ms04_loss_at_382_s_unexpected_and_impact_in_tyva() -> None:
    _, a = analysed("progress-ms-04")
    assert a.los is not None
    assert a.los.t_s == pytest.approx(382.0, abs=0.04)
    assert 180e3 <= a.los.alt_m <= 200e3
    assert a.los.expected is False  # Sary-Shagan and others still had it
    assert "Sary-Shagan" in a.los.verdict.in_view
    assert a.los.utc == "2016-12-01T14:58:14.000Z"
    assert a.los.place is not None and a.los.place.country == "Kazakhstan"  # over Kazakhstan
    assert a.impact is not None and a.impact.place is not None
    assert a.impact.place.region == "Republic of Tyva"
    # Every point of the zone falls in Tyva too (its western end near the reported fragments).
    from replay.analysis.places import nearest_place

    assert {nearest_place(p.lat_deg, p.lon_deg).region for p in a.impact.zone.points} == {
        "Republic of Tyva"
    }


def test_m12m_impact_zone_in_the_altai_republic() -> None:
    _, a = analysed("progress-m-12m")
    assert a.los is not None and a.los.expected is False
    assert a.impact is not None and a.impact.place is not None
    # GeoNames calls the Altai Republic "Altai" (the neighbouring krai is "Altai Krai").
    assert a.impact.place.region == "Altai"


def test_antares_impact_within_5_km_of_the_pad() -> None:
    _, a = analysed("antares-orb-3", places=False)
    assert a.impact is not None
    for p in a.impact.zone.points:
        assert km_between(p.lat_deg, p.lon_deg, 37.834, -75.488) < 5.0


def test_nominal_soyuz_has_no_unexpected_loss() -> None:
    _, a = analysed("soyuz-u-nominal", places=False)
    assert a.signal.los_status == "none"
    assert a.los is None and a.impact is None
    assert len(a.signal.dropouts) >= 3


def test_htv6_keeps_its_signal_to_the_end_of_the_recording() -> None:
    _, a = analysed("htv-6", places=False)
    assert a.signal.los_status == "none" and a.los is None


def test_htv6_heard_by_the_jaxa_stations_alone_loses_it_to_geometry() -> None:
    from replay.sim.generate import generate

    a = analyze(generate("htv-6", networks=("jaxa",)).telemetry, places=False)
    assert a.los is not None and a.los.expected is True
    assert "setting" in a.los.verdict.reason


def test_m27m_lost_in_orbit_has_no_impact() -> None:
    _, a = analysed("progress-m-27m", places=False)
    assert a.los is not None
    assert a.impact is None
    assert a.iip is not None


def test_a_file_that_cannot_tell_says_so(tmp_path: Path) -> None:
    f = read_flight(sample("progress-ms-04"))
    silent = Flight(f.t_s, f.channels, f.units, dataclasses.replace(f.meta, recording_end_s=None))
    write_flight(silent, tmp_path / "f.jsonl")
    a = analyze(read_flight(tmp_path / "f.jsonl"), places=False)
    assert a.signal.los_status == "unknown"
    assert a.los is None
    assert "cannot tell" in to_text(silent, a)


def test_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(sample("progress-ms-04")), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    los = data["los"]
    assert {"t_s", "utc", "lat_deg", "lon_deg", "alt_km", "place", "expected"} <= set(los)
    assert {"name", "region", "country", "distance_km"} <= set(los["place"])
    assert los["expected"] is False
    assert {"t_start_s", "t_end_s", "frames_missed"} <= set(data["dropouts"][0])
    assert {"t_s", "id", "label", "source"} <= set(data["events"][0])
    impact = data["impact"]
    assert {"lat_deg", "lon_deg", "t_s", "place", "zone"} <= set(impact)
    assert impact["zone"]["along_track_km"] > 10
    assert impact["place"]["region"] == "Republic of Tyva"
    assert data["stations"] and {"intervals", "name"} <= set(data["stations"][0])
    assert data["los_status"] == "loss"


def test_human_report_reads(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(sample("progress-ms-04")), "--no-places"]) == 0
    out = capsys.readouterr().out
    assert "LOSS OF SIGNAL at T+06:22.0 (2016-12-01T14:58:14.000Z): UNEXPECTED" in out
    assert "PREDICTED IMPACT" in out
    json_text = to_json(*analysed("progress-ms-04", places=False))
    assert json.loads(json.dumps(json_text))["los"]["place"] is None


def test_a_last_frame_missing_a_velocity_predicts_from_the_frame_before() -> None:
    """A damaged last frame (its vz key renamed, found by ``make fuzz``) is no state to fly
    from: the impact comes from the last whole one, a frame earlier, and lands with the other."""
    import numpy as np

    f, a = analysed("progress-ms-04", places=False)
    assert a.los is not None and a.impact is not None
    last = a.los.gap.last_good_index
    vz = f.channels["vz_ecef_m_s"].copy()
    vz[last] = np.nan
    damaged = dataclasses.replace(f, channels={**f.channels, "vz_ecef_m_s": vz})
    b = analyze(damaged, places=False)
    assert b.impact is not None
    p, q = a.impact.zone.nominal, b.impact.zone.nominal
    assert km_between(p.lat_deg, p.lon_deg, q.lat_deg, q.lon_deg) < 20.0
    r = f.channels["z_ecef_m"].copy()
    r[: last + 1] = 88.0  # every position inside the Earth: no prediction, not a crash
    inside = dataclasses.replace(f, channels={**f.channels, "z_ecef_m": r})
    assert analyze(inside, places=False).impact is None
