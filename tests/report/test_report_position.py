"""The report of a file without a position says so, and never calls a slow flight in orbit
(issue 13)."""

from __future__ import annotations

import dataclasses

import numpy as np

from replay.analysis.flight_analysis import analyze
from replay.core.flight import Flight, FlightMeta
from replay.report import build_report
from replay.session import Session
from tests.report.test_report import Page


def _report(flight: Flight) -> str:
    session = Session(flight, analyze(flight, places=False))
    return Page(build_report(session, None, snapshot_at_s=float(flight.t_s[-1]))).text


def _lost(t: np.ndarray, channels: dict[str, np.ndarray], units: dict[str, str]) -> Flight:
    meta = FlightMeta(title="Test", recording_end_s=float(t[-1]) + 120.0)
    return Flight(t, channels, units, meta)


def test_an_altitude_only_report_says_there_is_no_position() -> None:
    t = np.arange(0.0, 30.0, 0.05)
    text = _report(_lost(t, {"alt_m": 100.0 * t}, {"alt_m": "m"}))
    assert "Position No position in this file (no latitude and longitude)" in text
    assert "there is no position in this file to say where" in text
    assert "No position in this file: station coverage needs the vehicle's position." in text
    assert "None: the file holds no position of the vehicle." in text
    assert "in orbit" not in text
    assert (
        "Telemetry (no file): 600 samples from T+00:00.0 to T+00:30.0, 20 Hz, no frame counter"
        in text
    )


def test_a_balloon_report_is_not_in_orbit_and_has_a_fall() -> None:
    t = np.arange(0.0, 600.0, 1.0)
    geo = {"lat_deg": 40.52 + 0 * t, "lon_deg": -89.02 + 1e-4 * t, "alt_m": 1200.0 + 0.5 * t}
    units = {"lat_deg": "deg", "lon_deg": "deg", "alt_m": "m"}
    text = _report(_lost(t, geo, units))
    assert "Position derived from the file's latitude, longitude and altitude (WGS84)" in text
    assert "Orbit not in orbit" in text and "was in orbit" not in text
    assert "Networks: us-east" in text  # Illinois: the US east-coast ranges, never in view
    assert "Ballistic fall from the last frame" in text


def test_a_report_says_in_orbit_only_by_the_speed() -> None:
    from replay.io import read_flight
    from replay.resources import sample

    f = read_flight(sample("progress-m-27m"))
    f = dataclasses.replace(f, meta=dataclasses.replace(f.meta, scenario_id=""))  # no teaching
    text = _report(f)
    assert "None: the vehicle was in orbit (193 × 238 km) at its last frame." in text
    assert "Orbit in orbit, perigee 193 km" in text


def test_a_flight_far_from_every_station_is_not_called_positionless() -> None:
    t = np.arange(0.0, 600.0, 1.0)
    geo = {"lat_deg": -45.0 + 0 * t, "lon_deg": -130.0 + 1e-4 * t, "alt_m": 1200.0 + 0.5 * t}
    text = _report(_lost(t, geo, {"lat_deg": "deg", "lon_deg": "deg", "alt_m": "m"}))
    assert "Station coverage No station of the catalogue covers this flight." in text
