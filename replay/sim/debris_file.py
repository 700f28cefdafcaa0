"""The debris-field truth file: every piece of a break-up, its beta and where it fell.

A gzip-compressed JSON document (``*.debris.json.gz``), written byte-for-byte the same for the
same field; the format is documented in docs/debris-field.md. Reading gives back a
``replay.sim.breakup.DebrisField`` (no Qt, no simulation needed).

>>> import tempfile, pathlib
>>> from replay.sim.breakup import DebrisField
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.debris.json.gz"
>>> write_debris_field(DebrisField("x", 10.0, 51.0, 90.0, 1e5, ()), path)
>>> read_debris_field(path).breakup_lat_deg
51.0
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np

from replay.resources import DEBRIS_SUFFIX
from replay.sim.breakup import DebrisField, Fragment

FORMAT = "ascent-replay debris field"
VERSION = 1
SUFFIX = DEBRIS_SUFFIX
_DECIMALS = {"t_s": 1, "deg": 5, "alt_m": 0, "kg": 2, "beta": 3, "m": 3, "m_s": 2}


def write_debris_field(field: DebrisField, path: str | Path) -> None:
    """Write ``field`` to ``path`` (gzip JSON, reproducible bytes)."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "scenario_id": field.scenario_id,
        "breakup": {
            "t_s": _r(field.breakup_t_s, "t_s"),
            "lat_deg": _r(field.breakup_lat_deg, "deg"),
            "lon_deg": _r(field.breakup_lon_deg, "deg"),
            "alt_m": _r(field.breakup_alt_m, "alt_m"),
        },
        "fragments": [_fragment_dict(f) for f in field.fragments],
    }
    blob = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    with (
        Path(path).open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz,
    ):
        gz.write(blob)


def read_debris_field(path: str | Path) -> DebrisField:
    """Read a debris-field file; ValueError says what is wrong with a file that is not one."""
    try:
        with gzip.open(path, "rb") as fh:
            doc = json.loads(fh.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a gzip JSON debris field ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f"{path}: not a debris field (format must be {FORMAT!r})")
    if doc.get("version") != VERSION:
        raise ValueError(f"{path}: debris field version {doc.get('version')!r}, expected {VERSION}")
    try:
        b = doc["breakup"]
        return DebrisField(
            str(doc["scenario_id"]),
            float(b["t_s"]),
            float(b["lat_deg"]),
            float(b["lon_deg"]),
            float(b["alt_m"]),
            tuple(_fragment(f) for f in doc["fragments"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: debris field is missing or has a bad {exc}") from exc


def _r(value: float, unit: str) -> float:
    return round(float(value), _DECIMALS[unit])


def _fragment_dict(f: Fragment) -> dict[str, Any]:
    return {
        "id": f.id,
        "source": f.source,
        "kind": f.kind,
        "mass_kg": _r(f.mass_kg, "kg"),
        "beta_kg_m2": _r(f.beta_kg_m2, "beta"),
        "size_m": None if f.size_m is None else _r(f.size_m, "m"),
        "ejection_m_s": _r(f.ejection_m_s, "m_s"),
        "release": {"t_s": _r(f.release_t_s, "t_s"), "alt_m": _r(f.release_alt_m, "alt_m")},
        "impact": {
            "t_s": _r(f.impact_t_s, "t_s"),
            "lat_deg": _r(f.impact_lat_deg, "deg"),
            "lon_deg": _r(f.impact_lon_deg, "deg"),
        },
        "track": {
            "t_s": np.round(f.track_t_s, _DECIMALS["t_s"]).tolist(),
            "lat_deg": np.round(f.track_lat_deg, _DECIMALS["deg"]).tolist(),
            "lon_deg": np.round(f.track_lon_deg, _DECIMALS["deg"]).tolist(),
            "alt_m": np.round(f.track_alt_m, _DECIMALS["alt_m"]).tolist(),
        },
    }


def _fragment(d: dict[str, Any]) -> Fragment:
    track = d["track"]
    arrays = [
        np.asarray(track[k], dtype=np.float64) for k in ("t_s", "lat_deg", "lon_deg", "alt_m")
    ]
    if len({a.shape for a in arrays}) != 1 or arrays[0].ndim != 1:
        raise ValueError(f"track of {d.get('id')!r}: columns of different lengths")
    return Fragment(
        id=str(d["id"]),
        source=str(d["source"]),
        kind=str(d["kind"]),
        mass_kg=float(d["mass_kg"]),
        beta_kg_m2=float(d["beta_kg_m2"]),
        size_m=None if d["size_m"] is None else float(d["size_m"]),
        ejection_m_s=float(d["ejection_m_s"]),
        release_t_s=float(d["release"]["t_s"]),
        release_alt_m=float(d["release"]["alt_m"]),
        impact_t_s=float(d["impact"]["t_s"]),
        impact_lat_deg=float(d["impact"]["lat_deg"]),
        impact_lon_deg=float(d["impact"]["lon_deg"]),
        track_t_s=arrays[0],
        track_lat_deg=arrays[1],
        track_lon_deg=arrays[2],
        track_alt_m=arrays[3],
    )
