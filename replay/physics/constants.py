"""Physical constants with their units in their names (WGS84 and friends)."""

from __future__ import annotations

from typing import Final

#: WGS84 semi-major axis (equatorial radius).
A_M: Final = 6_378_137.0
#: WGS84 flattening.
F: Final = 1.0 / 298.257223563
#: WGS84 semi-minor axis (polar radius).
B_M: Final = A_M * (1.0 - F)
#: First eccentricity squared.
E2: Final = F * (2.0 - F)
#: Second eccentricity squared.
EP2: Final = E2 / (1.0 - E2)
#: Earth's gravitational parameter (WGS84, including the atmosphere).
GM_M3_S2: Final = 3.986004418e14
#: Second zonal harmonic (EGM96 unnormalised, = -C20 * sqrt(5)).
J2: Final = 1.08262668e-3
#: Earth's rotation rate (WGS84).
OMEGA_EARTH_RAD_S: Final = 7.292115e-5
#: Standard gravity, for Isp and g-loads.
G0_M_S2: Final = 9.80665
