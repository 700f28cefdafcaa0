"""Ballistic fall against analytic cases, an independent atmosphere and the analysis's impacts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from ambiance import Atmosphere

from replay.analysis.iip import vacuum_iip
from replay.analysis.impact import _impact_zone
from replay.physics.constants import G0_M_S2, OMEGA_EARTH_RAD_S
from replay.physics.geodesy import ecef_from_geodetic, enu_basis
from replay.physics.reentry import WindProfile, fall

_H = np.linspace(0.0, 30e3, 3001)
_LN_RHO = np.log(Atmosphere(_H).density)  # ambiance: an independent US 1976, every 10 m


def _vertical_fall_s(h0_m: float, beta: float, dt: float = 0.01) -> float:
    """Drop from rest, 1-D, with ambiance's US 1976 density and g(h) = g0 (R/(R+h))^2: RK4."""

    def acc(h: float, v: float) -> float:
        rho = math.exp(float(np.interp(h, _H, _LN_RHO)))
        g = 9.7803 * (6378137.0 / (6378137.0 + h)) ** 2  # equatorial surface gravity
        return -g + 0.5 * rho * v * v / beta  # v < 0 falling: drag acts upwards

    h, v, t = h0_m, 0.0, 0.0
    while h > 0.0:
        k1 = (v, acc(h, v))
        k2 = (v + 0.5 * dt * k1[1], acc(h + 0.5 * dt * k1[0], v + 0.5 * dt * k1[1]))
        k3 = (v + 0.5 * dt * k2[1], acc(h + 0.5 * dt * k2[0], v + 0.5 * dt * k2[1]))
        k4 = (v + dt * k3[1], acc(h + dt * k3[0], v + dt * k3[1]))
        h_new = h + dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        v += dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
        if h_new <= 0.0:
            return t + dt * h / (h - h_new)
        h, t = h_new, t + dt
    return t


@pytest.mark.parametrize(("h0_m", "beta"), [(10e3, 1000.0), (20e3, 5.0)])
def test_drop_from_rest_matches_an_independent_vertical_integration(
    h0_m: float, beta: float
) -> None:
    # On the equator, at rest with the Earth: the fall is vertical (the co-rotating air keeps it
    # so); the light body switches to terminal speed on the way, the heavy one never does.
    r = ecef_from_geodetic(0.0, 0.0, h0_m)[None]
    got = fall(0.0, r, np.zeros((1, 3)), np.array([beta]))
    expected = _vertical_fall_s(h0_m, beta, dt=0.02 if beta < 100 else 0.01)
    assert float(got.t_s[0]) == pytest.approx(expected, rel=0.01)
    assert float(got.lat_deg[0]) == pytest.approx(0.0, abs=0.002)
    assert float(got.lon_deg[0]) == pytest.approx(0.0, abs=0.002)


def test_wind_carries_a_terminal_body_downwind() -> None:
    # A light body at terminal speed drifts with the air: a steady 20 m/s east wind moves it
    # 20 m/s x its fall time east.
    r = ecef_from_geodetic(45.0, 10.0, 5e3)[None]
    calm = fall(0.0, r, np.zeros((1, 3)), np.array([2.0]))
    windy = fall(
        0.0,
        r,
        np.zeros((1, 3)),
        np.array([2.0]),
        wind=WindProfile((0.0, 1e5), (20.0, 20.0), (0.0, 0.0)),
    )
    east_m = (
        (windy.lon_deg[0] - calm.lon_deg[0])
        * math.radians(1)
        * 6.389e6
        * math.cos(math.radians(45.0))
    )
    assert float(windy.t_s[0]) == pytest.approx(float(calm.t_s[0]), rel=1e-3)
    assert east_m == pytest.approx(20.0 * float(calm.t_s[0]), rel=0.02)
    # (a straight tangent-plane drift of 16 km drops 0.0002 deg of latitude at 45 N)
    assert float(windy.lat_deg[0]) == pytest.approx(float(calm.lat_deg[0]), abs=5e-4)


def _suborbital_state() -> tuple[np.ndarray, np.ndarray]:
    """190 km up, 5.2 km/s inertial, 2.5 deg climb to the north-east (like MS-04 at T+382)."""
    r = ecef_from_geodetic(49.1, 73.9, 190e3)
    e, n, u = enu_basis(49.1, 73.9)
    gamma, az = math.radians(2.5), math.radians(60.0)
    v_in = 5200.0 * (math.cos(gamma) * (math.sin(az) * e + math.cos(az) * n) + math.sin(gamma) * u)
    return r, v_in - np.cross([0.0, 0.0, OMEGA_EARTH_RAD_S], r)


def test_heavy_body_lands_near_the_kepler_impact_point() -> None:
    # Without drag (beta huge) the point is the vacuum IIP, moved by J2 (~1-5 km over the
    # ~300 s fall, as the analysis's own test finds) and by the thin drag that is left.
    r, v = _suborbital_state()
    got = fall(0.0, r[None], v[None], np.array([1e9]))
    iip = vacuum_iip(r[None], v[None])
    d_km = 6371.0 * math.radians(
        math.hypot(
            float(got.lat_deg[0] - iip.lat_deg[0]),
            float(got.lon_deg[0] - iip.lon_deg[0]) * math.cos(math.radians(float(iip.lat_deg[0]))),
        )
    )
    assert 0.1 < d_km < 6.0
    assert float(got.t_s[0]) == pytest.approx(float(iip.tof_s[0]), abs=2.0)


@pytest.mark.parametrize("beta", [3.0, 20.0, 300.0, 1000.0])
def test_agrees_with_the_analysis_which_integrates_every_fall_to_the_ground(beta: float) -> None:
    # replay.analysis.impact integrates each body to the ground (no terminal shortcut): the
    # shortcut moves the point by less than 1 km and the time by less than 10 s.
    r, v = _suborbital_state()
    got = fall(0.0, r[None], v[None], np.array([beta]))
    ref = next(p for p in _impact_zone(0.0, r, v, (beta,), beta, j2=True).points if p.beta_kg_m2)
    dlat, dlon = float(got.lat_deg[0]) - ref.lat_deg, float(got.lon_deg[0]) - ref.lon_deg
    d_km = 111.2 * math.hypot(dlat, dlon * math.cos(math.radians(ref.lat_deg)))
    assert d_km < 1.0
    assert float(got.t_s[0]) == pytest.approx(ref.t_s, abs=10.0)


def test_steep_entry_slows_as_allen_and_eggers_predict() -> None:
    # Allen & Eggers (NACA Report 1381, 1958): on a straight steep entry without gravity the speed
    # falls as v = v_e exp(-rho H / (2 beta sin gamma)), so deceleration peaks where
    # v = v_e e^-1/2 = 0.61 v_e. Gravity and a non-exponential atmosphere allow a few per cent.
    lat, lon = 0.0, 0.0
    r = ecef_from_geodetic(lat, lon, 120e3)
    e, _, u = enu_basis(lat, lon)
    gamma = math.radians(-60.0)
    v_ecef = 7000.0 * (math.cos(gamma) * e + math.sin(gamma) * u)
    got = fall(0.0, r[None], v_ecef[None], np.array([500.0]), stop_alt_m=1.0, track_step_s=0.1)
    t = got.track_t_s[0]
    alt = got.track_alt_m[0]
    dt = np.diff(t)
    speed = np.hypot(np.diff(alt) / dt, 0.0) / abs(math.sin(gamma))  # along the straight path
    decel = -np.diff(speed) / dt[1:]
    k = int(np.argmax(decel))
    assert speed[k] / 7000.0 == pytest.approx(math.exp(-0.5), rel=0.05)
    assert decel[k] / G0_M_S2 > 20.0  # tens of g: a steep heavy entry


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"beta_kg_m2": [0.0]}, "beta_kg_m2 must be > 0"),
        ({"beta_kg_m2": [1.0, 2.0]}, "shape"),
        ({"r_ecef_m": [[1.0, 2.0]]}, "last axis of length 3"),
        ({"stop_alt_m": -1.0}, "stop_alt_m"),
    ],
)
def test_bad_input_raises_value_error(kwargs: dict[str, object], match: str) -> None:
    r = ecef_from_geodetic(0.0, 0.0, 1e3)[None]
    args: dict[str, object] = {"r_ecef_m": r, "v_ecef_m_s": np.zeros((1, 3)), "beta_kg_m2": [5.0]}
    with pytest.raises(ValueError, match=match):
        fall(0.0, **{**args, **kwargs})  # type: ignore[arg-type]


def test_an_orbiting_body_is_refused() -> None:
    r = ecef_from_geodetic(0.0, 0.0, 400e3)
    v_circ = math.sqrt(3.986004418e14 / float(np.linalg.norm(r)))
    v = np.array([0.0, v_circ - OMEGA_EARTH_RAD_S * float(np.linalg.norm(r)), 0.0])
    with pytest.raises(ValueError, match="in orbit"):
        fall(0.0, r[None], v[None], np.array([1e6]))
