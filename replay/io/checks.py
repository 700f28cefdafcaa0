"""Checks on whole columns, shared by the readers: order of time and frames, state consistency."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core import channels as ch
from replay.core.errors import TelemetryFormatError
from replay.physics.geodesy import angle_diff_deg, geodetic_from_ecef

#: How far the geodetic columns may stray from the ECEF state before a file is refused.
HEIGHT_TOLERANCE_M = 10.0
ANGLE_TOLERANCE_DEG = 1e-4


def check_increasing(
    path: Path, values: npt.NDArray[Any], name: str, lines: int | Sequence[int]
) -> None:
    """Raise at the first row where ``values`` does not increase strictly.

    ``lines`` is the line of the first row (rows on consecutive lines) or every row's line.
    """
    if values.size < 2:
        return
    bad = np.flatnonzero(np.diff(values) <= 0)
    if bad.size == 0:
        return
    i = int(bad[0]) + 1
    now, before = values[i].item(), values[i - 1].item()
    what = "repeats" if now == before else "goes back"
    raise TelemetryFormatError(
        path, f"{name} {what}: {now!r} after {before!r}; expected it to increase",
        line=lines + i if isinstance(lines, int) else lines[i],
    )  # fmt: skip


def check_state_consistent(
    path: Path, cols: Mapping[str, npt.NDArray[Any]], first_line: int
) -> None:
    """Raise where lat/lon/alt do not describe the ECEF position of the same row."""
    x, y, z = (cols[n] for n in ch.POSITION_ECEF)
    lat, lon, h = geodetic_from_ecef(x, y, z)
    d_h = np.abs(h - cols["alt_m"])
    d_a = np.maximum(np.abs(lat - cols["lat_deg"]), np.abs(angle_diff_deg(lon, cols["lon_deg"])))
    bad = np.flatnonzero((d_h > HEIGHT_TOLERANCE_M) | (d_a > ANGLE_TOLERANCE_DEG))
    if bad.size:
        i = int(bad[0])
        raise TelemetryFormatError(
            path, f"lat_deg/lon_deg/alt_m ({cols['lat_deg'][i]:.6f}, {cols['lon_deg'][i]:.6f}, "
            f"{cols['alt_m'][i]:.1f}) disagree with the ECEF position ({lat[i]:.6f}, {lon[i]:.6f}, "
            f"{h[i]:.1f}); expected agreement within {HEIGHT_TOLERANCE_M:g} m and "
            f"{ANGLE_TOLERANCE_DEG:g} deg", line=first_line + i,
        )  # fmt: skip
