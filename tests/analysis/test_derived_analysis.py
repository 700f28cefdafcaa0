"""The whole analysis of flights with a geodetic position only, or none (issue 13)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from replay.analysis.flight_analysis import NO_POSITION, NO_VELOCITY, analyze
from replay.analysis.report import to_json, to_text
from replay.core import channels as ch
from replay.core.flight import Flight, FlightMeta, LaunchSite
from replay.io import read_flight
from replay.resources import sample
from tests.analysis import real_flights as rf
from tests.analysis.test_flight_analysis import analysed, km_between


def _strict_json(flight: Flight, a: object) -> dict[str, object]:
    """The JSON contract, which must hold no NaN (json.dumps refuses it here)."""
    d = to_json(flight, a)  # type: ignore[arg-type]
    return json.loads(json.dumps(d, allow_nan=False))  # type: ignore[no-any-return]


def _ended(f: Flight, after_s: float) -> Flight:
    """``f`` with a recording that ran ``after_s`` past its last sample: a loss of signal."""
    meta = dataclasses.replace(f.meta, recording_end_s=float(f.t_s[-1]) + after_s)
    return Flight(f.t_s, f.channels, f.units, meta, f.path)


def test_an_altitude_only_file_analyses_cleanly() -> None:
    f = _ended(rf.juno3_altimeter(), 30.0)
    a = analyze(f, places=False)
    assert a.signal.los_status == "loss"
    assert (a.track, a.iip, a.coverage, a.los, a.impact) == (None, None, None, None, None)
    assert not a.has_position and a.derived == ()
    assert a.impact_note == NO_POSITION
    d = _strict_json(f, a)
    assert d["position"] == "none" and d["los"] is None and d["stations"] == []
    assert d["impact_none_reason"] == NO_POSITION
    text = to_text(f, a)
    assert "no position in this file" in text and "in orbit" not in text


def test_ms04_without_its_ecef_columns_is_analysed_as_with_them() -> None:
    """The derived state stands in for the recorded one: same loss, verdict and impact."""
    f, native = analysed("progress-ms-04", places=False)
    keep = {n: v for n, v in f.channels.items() if n not in (*ch.POSITION_ECEF, *ch.VELOCITY_ECEF)}
    geo = Flight(f.t_s, keep, {n: f.units[n] for n in keep}, f.meta, f.path)
    a = analyze(geo, places=False)
    assert a.derived == (*ch.POSITION_ECEF, *ch.VELOCITY_ECEF)
    assert a.los is not None and native.los is not None
    assert a.los.t_s == native.los.t_s and a.los.expected is False
    assert a.los.verdict.in_view == native.los.verdict.in_view
    assert a.coverage is not None and native.coverage is not None
    spans = [[t for span in p.intervals for t in span] for p in a.coverage.passes]
    native_spans = [[t for span in p.intervals for t in span] for p in native.coverage.passes]
    assert [len(s) for s in spans] == [len(s) for s in native_spans]
    for mine, theirs in zip(spans, native_spans, strict=True):
        assert mine == pytest.approx(theirs, abs=0.05)
    assert a.impact is not None and native.impact is not None
    p, q = a.impact.zone.nominal, native.impact.zone.nominal
    assert km_between(p.lat_deg, p.lon_deg, q.lat_deg, q.lon_deg) < 2.0
    assert a.iip is not None and native.iip is not None
    both = np.isfinite(a.iip.lat_deg) & np.isfinite(native.iip.lat_deg)
    assert both.mean() > 0.95
    assert _strict_json(geo, a)["position"] == "derived"


def _balloon(n_fixes: int = 600) -> Flight:
    """A balloon over Illinois: 5 m/s up from 1.2 km, drifting 8 m/s east, a fix a second; the
    ground recorded a minute after the last fix."""
    t = np.arange(n_fixes, dtype=np.float64)
    east_deg = 8.0 * t / 111_320.0 / np.cos(np.radians(40.52))
    channels = {"lat_deg": 40.52 + 0 * t, "lon_deg": -89.02 + east_deg, "alt_m": 1200.0 + 0.5 * t}
    units = {"lat_deg": "deg", "lon_deg": "deg", "alt_m": "m"}
    meta = FlightMeta(
        title="Balloon",
        site=LaunchSite("Normal", 40.52, -89.02, 240.0),
        recording_end_s=n_fixes + 60.0,
    )
    return Flight(t, channels, units, meta)


def test_a_slow_balloon_is_never_in_orbit_and_comes_down_where_it_is() -> None:
    f = _balloon()
    a = analyze(f, places=False)
    assert a.los is not None and a.los.alt_m == pytest.approx(1499.5)
    assert a.los.orbit is not None and not a.los.orbit.in_orbit
    assert a.impact is not None and a.impact_note == ""
    p = a.impact.zone.nominal
    assert km_between(p.lat_deg, p.lon_deg, a.los.lat_deg, a.los.lon_deg) < 1.0
    d = _strict_json(f, a)
    assert d["los"]["in_orbit"] is False and d["impact_none_reason"] is None  # type: ignore[index]
    assert "was in orbit" not in to_text(f, a)


def test_a_single_fix_gives_a_place_but_nothing_to_fall_from() -> None:
    f = _balloon(60)
    lat = np.full(f.n_samples, np.nan)
    lat[-1] = 40.52
    lone = Flight(f.t_s, {**f.channels, "lat_deg": lat}, f.units, f.meta)
    a = analyze(lone, places=False)
    assert a.los is not None and a.los.orbit is None
    assert a.impact is None and a.impact_note == NO_VELOCITY
    assert f"PREDICTED IMPACT: none ({NO_VELOCITY})" in to_text(lone, a)
    assert _strict_json(lone, a)["los"]["in_orbit"] is None  # type: ignore[index]


def test_the_real_pico_balloon_is_not_in_orbit() -> None:
    """The hablogger Pico logger (31 s between fixes), lost ten minutes before the end."""
    f = _ended(rf.pico_balloon(), 600.0)
    a = analyze(f, places=False)
    assert a.track is not None and a.los is not None
    assert a.los.orbit is not None and not a.los.orbit.in_orbit
    assert a.impact is not None  # the fall from its last fix, a few km from it
    p = a.impact.zone.nominal
    assert km_between(p.lat_deg, p.lon_deg, a.los.lat_deg, a.los.lon_deg) < 10.0
    assert "in orbit at" not in to_text(f, a)


def test_a_real_orbit_lost_is_called_in_orbit_by_its_speed() -> None:
    _, m27m = analysed("progress-m-27m", places=False)
    assert m27m.los is not None and m27m.los.orbit is not None and m27m.los.orbit.in_orbit
    assert m27m.impact is None
    assert m27m.impact_note == "the vehicle was in orbit (193 × 238 km) at its last frame"
    # HTV-6 in orbit after its second-stage cut-off (14:19), the stream cut at T+15:00.
    f = read_flight(sample("htv-6"))
    cut = f.between(float(f.t_s[0]), 900.0)
    a = analyze(_ended(cut, 100.0), places=False)
    assert a.los is not None and a.los.orbit is not None and a.los.orbit.in_orbit
    assert a.impact is None and "in orbit" in a.impact_note


def test_a_replay_started_without_the_impact_finishes_the_same() -> None:
    """The app analyses in two steps (impact=False, then finish): same zone, same reasons."""
    from replay.analysis.flight_analysis import NOT_YET, finish

    f = _balloon()
    started = analyze(f, places=False, impact=False)
    assert started.impact is None and started.impact_note == NOT_YET
    done = finish(started, f, places=False)
    whole = analyze(f, places=False)
    assert done.impact is not None and whole.impact is not None
    assert done.impact.zone.nominal == whole.impact.zone.nominal and done.impact_note == ""
    m27m = read_flight(sample("progress-m-27m"))
    done = finish(analyze(m27m, places=False, impact=False), m27m, places=False)
    assert done.impact is None and done.impact_note.startswith("the vehicle was in orbit")


def test_the_json_names_the_rate_the_position_and_why_there_is_no_impact() -> None:
    f, a = analysed("progress-ms-04", places=False)
    d = _strict_json(f, a)
    assert d["sample_rate_text"] == "25 Hz" and d["capture_jitter"] == 0
    assert d["sample_rates"] == [
        {"t_start_s": -10.0, "t_end_s": 382.0, "period_s": pytest.approx(0.04), "rate_hz": 25.0}
    ]
    assert d["position"] == "recorded" and d["derived_channels"] == []
    assert d["impact_none_reason"] is None
    assert d["los"]["in_orbit"] is False and d["los"]["perigee_km"] < -4000  # type: ignore[index]
