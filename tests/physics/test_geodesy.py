"""Geodesy against skyfield's WGS84 (an independent implementation), offline."""

from __future__ import annotations

import numpy as np
from skyfield.api import wgs84

from replay.physics.geodesy import angle_diff_deg, ecef_from_geodetic, geodetic_from_ecef

RNG = np.random.default_rng(7)
LAT = np.concatenate([RNG.uniform(-89.9, 89.9, 2000), [0.0, 89.999, -89.999, 45.92]])
LON = np.concatenate([RNG.uniform(-180, 180, 2000), [180.0, -179.99, 0.0, 63.342]])
H = np.concatenate([RNG.uniform(-500, 2_000_000, 2000), [0.0, 400e3, 1e6, 90.0]])


def test_ecef_matches_skyfield() -> None:
    ours = np.array(ecef_from_geodetic(LAT, LON, H))
    theirs = wgs84.latlon(LAT, LON, H).itrs_xyz.m
    assert np.max(np.abs(ours - theirs)) < 1e-3  # metres


def test_geodetic_matches_skyfield() -> None:
    xyz = wgs84.latlon(LAT, LON, H).itrs_xyz.m
    lat, lon, h = geodetic_from_ecef(*xyz)
    assert np.max(np.abs(lat - LAT)) < 1e-9
    assert np.max(np.abs(angle_diff_deg(lon, LON))) < 1e-9
    assert np.max(np.abs(h - H)) < 1e-3


def test_shapes_broadcast() -> None:
    x, y, z = ecef_from_geodetic(np.zeros((3, 4)), 10.0, 0.0)
    assert x.shape == y.shape == z.shape == (3, 4)
    assert geodetic_from_ecef(6378137.0, 0.0, 0.0)[2] == 0.0


def test_angle_diff_wraps() -> None:
    assert angle_diff_deg(179.0, -179.0) == -2.0
    assert angle_diff_deg(-179.0, 179.0) == 2.0
