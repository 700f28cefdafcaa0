"""Flights built by hand from the real files of ``tests/data/real`` (sources: SOURCES.md).

The analysis must not wait on the readers (being rewritten for these files, issue 13), so each
loader here reads one file with the standard library, converts its units as SOURCES.md
documents them and names the columns natively (``alt_m`` in metres, ``lat_deg``, ``lon_deg``,
``t_s`` in seconds). Rows whose time does not exceed every time before them (repeated times,
a pre-launch buffer written twice) are dropped: the time axis of a ``Flight`` increases.
"""

from __future__ import annotations

import csv
import json
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from replay.core.flight import Flight, FlightMeta

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
FT_M = 0.3048
UNITS = {"alt_m": "m", "lat_deg": "deg", "lon_deg": "deg", "speed_m_s": "m/s"}


def expected(name: str) -> dict[str, object]:
    """The measured facts of one file (``expected.toml``)."""
    with (REAL / "expected.toml").open("rb") as fh:
        facts: dict[str, object] = tomllib.load(fh)[name]
    return facts


def flight(
    t_s: npt.ArrayLike, channels: dict[str, npt.ArrayLike], meta: FlightMeta | None = None
) -> Flight:
    """A flight from columns, keeping only rows whose time exceeds every earlier one."""
    t = np.asarray(t_s, dtype=np.float64)
    keep = np.ones(t.size, dtype=bool)
    keep[1:] = t[1:] > np.maximum.accumulate(t)[:-1]
    cols = {k: np.asarray(v, dtype=np.float64)[keep] for k, v in channels.items()}
    return Flight(t[keep], cols, {k: UNITS[k] for k in cols}, meta or FlightMeta())


def _rows(name: str) -> list[list[str]]:
    with (REAL / name).open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))[1:]


def _col(rows: list[list[str]], i: int) -> npt.NDArray[np.float64]:
    out = []
    for r in rows:
        cell = r[i].strip() if i < len(r) else ""
        out.append(float(cell) if cell and cell.lower() != "nan" else np.nan)
    return np.array(out)


def cats_flight_info() -> Flight:
    """TU Wien "Hedy", CATS state estimate: ts s, height m AGL, 100 Hz."""
    r = _rows("rocketpy_hedy_cats-flightInfo.csv")
    return flight(_col(r, 0), {"alt_m": _col(r, 1)})


def telemetrum() -> Flight:
    """Prometheus TeleMetrum (AltOS): time s, height m AGL, GPS latitude/longitude; 100 Hz in
    boost, slower after."""
    r = _rows("rocketpy_prometheus_2022-06-24-serial-5115-flight-0001-TeleMetrum.csv")
    return flight(
        _col(r, 4), {"alt_m": _col(r, 10), "lat_deg": _col(r, 19), "lon_deg": _col(r, 20)}
    )


def juno3_gnss() -> Flight:
    """Juno III COTS GNSS logger: time s, ALT ft MSL, LAT, LON; 10 Hz, then 1 Hz."""
    r = _rows("rocketpy_juno3-cots-gnss.csv")
    return flight(
        _col(r, 0), {"alt_m": _col(r, 1) * FT_M, "lat_deg": _col(r, 4), "lon_deg": _col(r, 5)}
    )


def juno3_altimeter() -> Flight:
    """Juno III RRC3 altimeter: time s, altitude m AGL (inferred), 20 Hz; altitude only."""
    r = _rows("rocketpy_juno3-cots-altimeter.csv")
    return flight(_col(r, 0), {"alt_m": _col(r, 1)})


def crs16_webcast() -> Flight:
    """Falcon 9 CRS-16 second stage read off the webcast: time s, velocity m/s, altitude km."""
    d = json.loads((REAL / "shahar603-telemetry-data_crs-16_stage2-raw-columnar.json").read_text())
    alt_m = np.asarray(d["altitude"], dtype=np.float64) * 1e3
    return flight(d["time"], {"alt_m": alt_m, "speed_m_s": d["velocity"]})


def saocom_webcast() -> Flight:
    """Falcon 9 SAOCOM 1A first stage read off the webcast (JSON Lines): time s, altitude km."""
    text = (REAL / "shahar603-telemetry-data_saocom-1a_stage1-raw-jsonlines.json").read_text()
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    alt_m = np.array([o["altitude"] for o in rows], dtype=np.float64) * 1e3
    return flight([o["time"] for o in rows], {"alt_m": alt_m})


def pico_balloon(recording_end_s: float | None = None) -> Flight:
    """The hablogger Pico balloon logger: UTC time of day, NMEA ddmm.mmm latitude/longitude,
    barometric altitude m; the fixes only (rows with a time and a position)."""
    t, lat, lon, alt = [], [], [], []
    launch = None
    for r in _rows("hablogger_2023-04-21_normalwesths_pico-data.csv"):
        if not r[0] or not r[1] or not r[2] or not r[3]:
            continue
        when = datetime.strptime(f"{r[0]} {r[1]}", "%d-%m-%y %H:%M:%S").replace(tzinfo=UTC)
        launch = launch or when
        t.append((when - launch).total_seconds())
        lat.append(_nmea_deg(float(r[2])))
        lon.append(_nmea_deg(float(r[3])))
        alt.append(float(r[8]))
    meta = FlightMeta(title="Pico balloon", launch_utc=launch, recording_end_s=recording_end_s)
    return flight(t, {"alt_m": alt, "lat_deg": lat, "lon_deg": lon}, meta)


def _nmea_deg(ddmm: float) -> float:
    """NMEA ddmm.mmm (signed) to decimal degrees: 4031.254 -> 40.52090."""
    sign, v = (-1.0 if ddmm < 0 else 1.0), abs(ddmm)
    return sign * (v // 100 + (v % 100) / 60.0)


ALL: dict[str, Callable[[], Flight]] = {
    "rocketpy_hedy_cats-flightInfo.csv": cats_flight_info,
    "rocketpy_prometheus_2022-06-24-serial-5115-flight-0001-TeleMetrum.csv": telemetrum,
    "rocketpy_juno3-cots-gnss.csv": juno3_gnss,
    "rocketpy_juno3-cots-altimeter.csv": juno3_altimeter,
    "shahar603-telemetry-data_crs-16_stage2-raw-columnar.json": crs16_webcast,
    "shahar603-telemetry-data_saocom-1a_stage1-raw-jsonlines.json": saocom_webcast,
}
