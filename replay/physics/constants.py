"""Physical constants of the Earth model (WGS84, EGM96 J2, US Standard Atmosphere 1976)."""

# WGS84 ellipsoid (NIMA TR8350.2).
A_M = 6378137.0
INV_F = 298.257223563
F = 1.0 / INV_F
B_M = A_M * (1.0 - F)
E2 = F * (2.0 - F)
EP2 = E2 / (1.0 - E2)

# WGS84 gravitational parameter (includes the atmosphere) and the EGM96 zonal J2.
GM_M3_S2 = 3.986004418e14
J2 = 1.0826266835531513e-3  # = -sqrt(5) * C20bar, C20bar = -4.84165371736e-4 (EGM96)
OMEGA_EARTH_RAD_S = 7.292115e-5

# Standard gravity, used for Isp conversion and g-loads.
G0_M_S2 = 9.80665

# US Standard Atmosphere 1976.
P0_PA = 101325.0
R_STAR_J_KMOL_K = 8314.32
M0_KG_KMOL = 28.9644
R_AIR_J_KG_K = R_STAR_J_KMOL_K / M0_KG_KMOL
GAMMA_AIR = 1.4
R0_GEOPOTENTIAL_M = 6356766.0

DAY_S = 86400.0
