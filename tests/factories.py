"""Small, physically consistent flights for tests (a straight climb east of Baikonur)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from replay.core.flight import Event, Flight, FlightMeta, LaunchSite
from replay.physics.geodesy import ecef_from_geodetic

SITE = LaunchSite("Baikonur Site 1/5", 45.92, 63.342, 90.0)
EPOCH = datetime(2016, 12, 1, 14, 51, 52, tzinfo=UTC)


def make_flight(n: int = 200, rate_hz: float = 25.0, gap: tuple[int, int] | None = None) -> Flight:
    """``n`` samples at ``rate_hz``; ``gap=(i, j)`` drops samples i..j-1 (a dropout)."""
    idx = np.arange(n)
    if gap is not None:
        idx = np.concatenate([idx[: gap[0]], idx[gap[1] :]])
    t = idx / rate_hz
    lat = SITE.lat_deg + 0.001 * t
    lon = SITE.lon_deg + 0.003 * t
    alt = SITE.height_m + 5.0 * t**2
    x, y, z = ecef_from_geodetic(lat, lon, alt).T
    v = [np.gradient(c, t) if t.size > 1 else np.zeros_like(c) for c in (x, y, z)]
    accel = np.full(t.size, 1.3)
    accel[::17] = np.nan  # a sensor that sometimes has nothing to say
    channels = {
        "frame": idx.astype(np.int64) + 1000,
        "x_ecef_m": x,
        "y_ecef_m": y,
        "z_ecef_m": z,
        "vx_ecef_m_s": v[0],
        "vy_ecef_m_s": v[1],
        "vz_ecef_m_s": v[2],
        "lat_deg": lat,
        "lon_deg": lon,
        "alt_m": alt,
        "accel_axial_g": accel,
        "q_pa": 0.5 * 1.2 * (10.0 * t) ** 2 / 3.0,
    }
    units = {k: "m" for k in channels}
    units.update(frame="1", lat_deg="deg", lon_deg="deg", accel_axial_g="g", q_pa="Pa")
    units.update({k: "m/s" for k in ("vx_ecef_m_s", "vy_ecef_m_s", "vz_ecef_m_s")})
    meta = FlightMeta(
        vehicle="Soyuz-U / Progress MS",
        scenario_id="test-climb",
        title="Test climb, ünïcode ok",
        launch_utc=EPOCH,
        site=SITE,
        sample_rate_hz=rate_hz,
        recording_start_s=-5.0,
        recording_end_s=float(n / rate_hz + 10.0),
        events=(Event(0.0, "liftoff", "Liftoff"), Event(2.0, "max_q", "Max-Q, a label, commas")),
        extra={"operator": "tests"},
    )
    return Flight(t, channels, units, meta)
