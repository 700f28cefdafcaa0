"""Checks on whole columns, shared by the readers: order of time and frames, state consistency."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from replay.core import channels as ch
from replay.core.errors import TelemetryFormatError
from replay.physics.geodesy import ecef_from_geodetic_unchecked

#: How far the geodetic columns may stray from the ECEF state before a file is refused.
POSITION_TOLERANCE_M = 10.0
_SLICE = 65_536


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
        path,
        f"{name} {what}: {now!r} after {before!r}; expected it to increase",
        line=lines + i if isinstance(lines, int) else lines[i],
    )


def check_state_consistent(
    path: Path, cols: Mapping[str, npt.NDArray[Any]], first_line: int
) -> None:
    """Raise where lat/lon/alt do not describe the ECEF position of the same row.

    The geodetic columns are turned back into ECEF (cheaper than the inverse) and compared by
    distance; ``POSITION_TOLERANCE_M`` is about 1e-4 deg of latitude. Done in slices so the
    temporaries stay small and are reused (fresh large temporaries cost page faults).
    """
    lat_all = cols["lat_deg"]
    outside = np.flatnonzero(np.abs(lat_all) > 90.0)
    if outside.size:
        i = int(outside[0])
        raise TelemetryFormatError(
            path, f"lat_deg {float(lat_all[i])!r} is outside -90..90", line=first_line + i
        )
    for start in range(0, lat_all.size, _SLICE):
        part = {k: cols[k][start : start + _SLICE] for k in (*ch.GEODETIC, *ch.POSITION_ECEF)}
        # Absurd values (1e308 m) overflow on the way: they are refused below, without warnings.
        with np.errstate(over="ignore", invalid="ignore"):
            xyz = ecef_from_geodetic_unchecked(part["lat_deg"], part["lon_deg"], part["alt_m"])
            dx = xyz[:, 0] - part["x_ecef_m"]
            dy = xyz[:, 1] - part["y_ecef_m"]
            dz = xyz[:, 2] - part["z_ecef_m"]
            far = ~(dx * dx + dy * dy + dz * dz <= POSITION_TOLERANCE_M**2)
        bad = np.flatnonzero(far)
        if bad.size:
            i = int(bad[0])
            miss_m = float(np.hypot(np.hypot(dx[i], dy[i]), dz[i]))
            lat, lon, alt = (float(part[k][i]) for k in ch.GEODETIC)
            raise TelemetryFormatError(
                path,
                f"lat_deg/lon_deg/alt_m ({lat:.6f}, {lon:.6f}, {alt:.1f}) lie {miss_m:.1f} m "
                f"from the ECEF position; expected them to agree within {POSITION_TOLERANCE_M:g} m",
                line=first_line + start + i,
            )
