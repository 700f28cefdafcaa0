"""US Standard Atmosphere 1976 to 86 km, extended to 1000 km with a log-linear table."""

import bisect
import math
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray
from replay.physics._checks import finite_array, in_range
from replay.physics.constants import (
    G0_M_S2,
    GAMMA_AIR,
    R0_GEOPOTENTIAL_M,
    R_AIR_J_KG_K,
)

H_MIN_M = -5000.0
H_MAX_M = 1_000_000.0
H_TABLE_START_M = 86_000.0

# Lower atmosphere layers: geopotential base (m), base temperature (K), lapse (K/m),
# base pressure (Pa), from the 1976 standard's Table 4.
_LAYER_H_M = (0.0, 11_000.0, 20_000.0, 32_000.0, 47_000.0, 51_000.0, 71_000.0)
_LAYER_T_K = (288.15, 216.65, 216.65, 228.65, 270.65, 270.65, 214.65)
_LAYER_L_K_M = (-0.0065, 0.0, 0.001, 0.0028, 0.0, -0.0028, -0.002)
_LAYER_P_PA = (101325.0, 22632.06, 5474.889, 868.0187, 110.9063, 66.93887, 3.956420)
_GMR_K_M = G0_M_S2 / R_AIR_J_KG_K  # g0 * M0 / R*, the hydrostatic constant
# Molecular-weight ratio M/M0 from 80 to 86 km (the standard's Table 8): the layer formulas
# give the molecular-scale temperature; kinetic temperature is that times M/M0.
_MW_Z_M = (
    80000.0,
    80500.0,
    81000.0,
    81500.0,
    82000.0,
    82500.0,
    83000.0,
    83500.0,
    84000.0,
    84500.0,
    85000.0,
    85500.0,
    86000.0,
)
_MW_RATIO = (
    1.0,
    0.999996,
    0.999989,
    0.999971,
    0.999941,
    0.999909,
    0.999870,
    0.999829,
    0.999786,
    0.999741,
    0.999694,
    0.999641,
    0.999579,
)

# Upper atmosphere: geometric altitude (km), pressure (Pa), density (kg/m^3) at the table
# points of the 1976 standard (Table I); interpolated log-linearly in between because
# ln p and ln rho are close to piecewise linear at this spacing.
_UP_Z_KM = (
    86,
    90,
    95,
    100,
    105,
    110,
    115,
    120,
    125,
    130,
    140,
    150,
    160,
    170,
    180,
    190,
    200,
    250,
    300,
    350,
    400,
    450,
    500,
    550,
    600,
    650,
    700,
    750,
    800,
    900,
    1000,
)
_UP_P_PA = (
    3.7338e-01,
    1.8359e-01,
    7.5966e-02,
    3.2011e-02,
    1.4477e-02,
    7.1042e-03,
    4.0096e-03,
    2.5382e-03,
    1.7354e-03,
    1.2505e-03,
    7.2028e-04,
    4.5422e-04,
    3.0395e-04,
    2.1210e-04,
    1.5271e-04,
    1.1266e-04,
    8.4736e-05,
    2.4767e-05,
    8.7704e-06,
    3.4498e-06,
    1.4518e-06,
    6.4468e-07,
    3.0236e-07,
    1.5137e-07,
    8.2130e-08,
    4.8865e-08,
    3.1908e-08,
    2.2599e-08,
    1.7036e-08,
    1.0873e-08,
    7.5138e-09,
)
_UP_RHO = (
    6.958e-06,
    3.416e-06,
    1.393e-06,
    5.604e-07,
    2.325e-07,
    9.708e-08,
    4.289e-08,
    2.222e-08,
    1.291e-08,
    8.152e-09,
    3.831e-09,
    2.076e-09,
    1.233e-09,
    7.815e-10,
    5.194e-10,
    3.581e-10,
    2.541e-10,
    6.073e-11,
    1.916e-11,
    7.014e-12,
    2.803e-12,
    1.184e-12,
    5.215e-13,
    2.384e-13,
    1.137e-13,
    5.712e-14,
    3.070e-14,
    1.788e-14,
    1.136e-14,
    5.759e-15,
    3.561e-15,
)
_UP_Z_M = tuple(1000.0 * z for z in _UP_Z_KM)
_UP_LNP = tuple(math.log(p) for p in _UP_P_PA)
_UP_LNRHO = tuple(math.log(r) for r in _UP_RHO)
_UP_Z_ARR = np.array(_UP_Z_M)
_UP_LNP_ARR = np.array(_UP_LNP)
_UP_LNRHO_ARR = np.array(_UP_LNRHO)


class AtmosphereState(NamedTuple):
    """Temperature (K), pressure (Pa), density (kg/m^3) and speed of sound (m/s)."""

    temperature_k: FloatArray
    pressure_pa: FloatArray
    density_kg_m3: FloatArray
    speed_of_sound_m_s: FloatArray


def atmosphere(h_m: npt.ArrayLike) -> AtmosphereState:
    """Return the US 1976 atmosphere at geometric altitudes `h_m` (-5 km to 1000 km)."""
    h = finite_array("h_m", h_m)
    in_range("h_m", h, H_MIN_M, H_MAX_M)
    return _atmosphere(h)


def _upper_temperature_k(z_m: FloatArray) -> FloatArray:
    # Kinetic temperature of the 1976 standard above 86 km (its four defining segments).
    z = z_m / 1000.0
    t = np.full_like(z, 186.8673)
    ell = (z > 91.0) & (z <= 110.0)
    t[ell] = 263.1905 - 76.3232 * np.sqrt(np.clip(1.0 - ((z[ell] - 91.0) / 19.9429) ** 2, 0, 1))
    lin = (z > 110.0) & (z <= 120.0)
    t[lin] = 240.0 + 12.0 * (z[lin] - 110.0)
    hot = z > 120.0
    xi = (z[hot] - 120.0) * (6356.766 + 120.0) / (6356.766 + z[hot])
    t[hot] = 1000.0 - 640.0 * np.exp(-0.01875 * xi)
    return t


def _upper_temperature_scalar_k(z_m: float) -> float:
    z = z_m / 1000.0
    if z <= 91.0:
        return 186.8673
    if z <= 110.0:
        return 263.1905 - 76.3232 * math.sqrt(max(0.0, 1.0 - ((z - 91.0) / 19.9429) ** 2))
    if z <= 120.0:
        return 240.0 + 12.0 * (z - 110.0)
    xi = (z - 120.0) * (6356.766 + 120.0) / (6356.766 + z)
    return 1000.0 - 640.0 * math.exp(-0.01875 * xi)


def _atmosphere(h_m: FloatArray) -> AtmosphereState:
    h = np.asarray(h_m, dtype=np.float64)
    shape = h.shape
    z = np.atleast_1d(h).ravel()
    t = np.empty_like(z)
    tm = np.empty_like(z)
    p = np.empty_like(z)
    rho = np.empty_like(z)
    low = z <= H_TABLE_START_M
    if np.any(low):
        hg = R0_GEOPOTENTIAL_M * z[low] / (R0_GEOPOTENTIAL_M + z[low])
        idx = np.clip(np.searchsorted(_LAYER_H_M, hg, side="right") - 1, 0, 6)
        hb = np.take(_LAYER_H_M, idx)
        tb = np.take(_LAYER_T_K, idx)
        lb = np.take(_LAYER_L_K_M, idx)
        pb = np.take(_LAYER_P_PA, idx)
        tl = tb + lb * (hg - hb)
        iso = lb == 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(iso, 1.0, tb / np.where(iso, 1.0, tl))
            expo = np.where(iso, 0.0, _GMR_K_M / np.where(iso, 1.0, lb))
        pl = np.where(iso, pb * np.exp(-_GMR_K_M * (hg - hb) / tb), pb * ratio**expo)
        t[low] = tl * np.interp(z[low], _MW_Z_M, _MW_RATIO)
        tm[low] = tl
        p[low] = pl
        rho[low] = pl / (R_AIR_J_KG_K * tl)
    up = ~low
    if np.any(up):
        t[up] = _upper_temperature_k(z[up])
        tm[up] = t[up]
        p[up] = np.exp(np.interp(z[up], _UP_Z_ARR, _UP_LNP_ARR))
        rho[up] = np.exp(np.interp(z[up], _UP_Z_ARR, _UP_LNRHO_ARR))
    # The standard defines the speed of sound from the molecular-scale temperature up to
    # 86 km. Above, the gas is not well mixed; sqrt(gamma R T) is kept only so that Mach
    # stays defined (drag is negligible there).
    a = np.sqrt(GAMMA_AIR * R_AIR_J_KG_K * tm)
    return AtmosphereState(t.reshape(shape), p.reshape(shape), rho.reshape(shape), a.reshape(shape))


def atmosphere_scalar(h_m: float) -> tuple[float, float, float, float]:
    """Return (T K, p Pa, rho kg/m^3, a m/s) at one altitude; fast path for the ODE RHS."""
    if h_m > H_TABLE_START_M:
        hc = min(h_m, H_MAX_M)
        j = min(bisect.bisect_right(_UP_Z_M, hc) - 1, len(_UP_Z_M) - 2)
        w = (hc - _UP_Z_M[j]) / (_UP_Z_M[j + 1] - _UP_Z_M[j])
        p = math.exp(_UP_LNP[j] + w * (_UP_LNP[j + 1] - _UP_LNP[j]))
        rho = math.exp(_UP_LNRHO[j] + w * (_UP_LNRHO[j + 1] - _UP_LNRHO[j]))
        t = _upper_temperature_scalar_k(hc)
        return t, p, rho, math.sqrt(GAMMA_AIR * R_AIR_J_KG_K * t)
    hg = R0_GEOPOTENTIAL_M * h_m / (R0_GEOPOTENTIAL_M + h_m)
    i = max(0, min(6, bisect.bisect_right(_LAYER_H_M, hg) - 1))
    tb = _LAYER_T_K[i]
    lb = _LAYER_L_K_M[i]
    dh = hg - _LAYER_H_M[i]
    if lb == 0.0:
        tm = tb
        p = _LAYER_P_PA[i] * math.exp(-_GMR_K_M * dh / tb)
    else:
        tm = tb + lb * dh
        p = _LAYER_P_PA[i] * (tb / tm) ** (_GMR_K_M / lb)
    t = tm
    if h_m > _MW_Z_M[0]:
        k = min(bisect.bisect_right(_MW_Z_M, h_m) - 1, len(_MW_Z_M) - 2)
        w = (h_m - _MW_Z_M[k]) / (_MW_Z_M[k + 1] - _MW_Z_M[k])
        t = tm * (_MW_RATIO[k] + w * (_MW_RATIO[k + 1] - _MW_RATIO[k]))
    return t, p, p / (R_AIR_J_KG_K * tm), math.sqrt(GAMMA_AIR * R_AIR_J_KG_K * tm)
