"""Longitudes for a map whose world repeats east and west of ±180°.

A track that crosses the antimeridian is drawn on, into the next copy of the world, rather than
cut at the map's edge: its longitudes are made continuous, and everything drawn with it (the
launch site, stations, the loss-of-signal flag, the impact zone) is moved by whole turns to lie
next to it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray


def unwrap_lon_deg(lon_deg: npt.ArrayLike) -> FloatArray:
    """``lon_deg`` without the ±360° jumps between successive finite values (NaN stay NaN);
    the first finite value is kept as it is."""
    lon = np.array(lon_deg, dtype=np.float64)
    if lon.ndim != 1:
        raise ValueError(f"unwrap_lon_deg: expected a 1-D array, got shape {lon.shape}")
    ok = np.isfinite(lon)
    if ok.any():
        lon[ok] = np.unwrap(lon[ok], period=360.0)
    return lon


def near_lon_deg(lon_deg: npt.ArrayLike, ref_deg: npt.ArrayLike) -> FloatArray:
    """``lon_deg`` moved by whole turns to within 180° of ``ref_deg`` (element-wise; NaN in
    either gives NaN)."""
    lon = np.asarray(lon_deg, dtype=np.float64)
    ref = np.asarray(ref_deg, dtype=np.float64)
    return np.asarray(lon + 360.0 * np.round((ref - lon) / 360.0), dtype=np.float64)
