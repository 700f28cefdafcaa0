"""Names and units of the channels every native telemetry file carries."""

from __future__ import annotations

from typing import Final

TIME: Final = "t_s"
FRAME: Final = "frame"
POSITION_ECEF: Final = ("x_ecef_m", "y_ecef_m", "z_ecef_m")
VELOCITY_ECEF: Final = ("vx_ecef_m_s", "vy_ecef_m_s", "vz_ecef_m_s")
GEODETIC: Final = ("lat_deg", "lon_deg", "alt_m")

#: The state columns a native file must have, after ``t_s``, with their units.
REQUIRED_UNITS: Final[dict[str, str]] = {
    FRAME: "1",
    **dict.fromkeys(POSITION_ECEF, "m"),
    **dict.fromkeys(VELOCITY_ECEF, "m/s"),
    "lat_deg": "deg",
    "lon_deg": "deg",
    "alt_m": "m",
}
