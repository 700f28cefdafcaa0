"""A g-limited throttle phase: how long a throttled stage burns, and how guidance plans over it.

Some vehicles throttle their engine back so that the acceleration does not exceed a limit: the
Atlas V's RD-180 holds about 5 g near the end of the booster burn instead of the 7.9 g its full
thrust would give. Thrust then falls in proportion to the mass, T = a_max m, the mass flow with
it, and the mass decays exponentially, m(t) = m1 exp(-a_max t / v_e), until the propellant is
gone or the engine reaches its lowest throttle setting. The onset is where full vacuum thrust
divided by the mass reaches the limit; the ambient pressure at that height (~100 km) is a few
pascals and is neglected here (the dynamics apply the exact law; this only plans and schedules).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BurnPhase:
    """A stretch of the burn with constant thrust and mass flow (the planning model of PEG)."""

    duration_s: float
    thrust_n: float
    mdot_kg_s: float
    mass0_kg: float


def limited_burn(
    thrust_vac_n: float,
    mdot_kg_s: float,
    mass_kg: float,
    propellant_kg: float,
    *,
    accel_limit_m_s2: float,
    min_throttle: float,
) -> list[BurnPhase]:
    """The phases of burning ``propellant_kg`` from ``mass_kg`` under an acceleration limit.

    Full thrust until thrust/mass reaches the limit, then thrust = limit x mass (each throttled
    stretch is given as the constant-thrust phase with the same duration, propellant and exhaust
    speed, hence the same delta-v), then the lowest throttle setting if the mass gets that low.
    """
    if min(thrust_vac_n, mdot_kg_s, mass_kg, accel_limit_m_s2) <= 0.0 or propellant_kg < 0.0:
        raise ValueError(
            f"need positive thrust, mass flow, mass and limit and propellant >= 0, got "
            f"{thrust_vac_n}, {mdot_kg_s}, {mass_kg}, {accel_limit_m_s2}, {propellant_kg}"
        )
    if propellant_kg >= mass_kg:
        raise ValueError(f"propellant {propellant_kg} kg exceeds the mass {mass_kg} kg")
    return _limited_burn(
        thrust_vac_n, mdot_kg_s, mass_kg, propellant_kg, a_max=accel_limit_m_s2, k_min=min_throttle
    )


def _limited_burn(
    thrust: float, mdot: float, m: float, prop: float, *, a_max: float, k_min: float
) -> list[BurnPhase]:
    ve = thrust / mdot
    out: list[BurnPhase] = []
    m_onset = thrust / a_max  # below this mass full thrust would exceed the limit
    full = min(prop, max(0.0, m - m_onset))
    if full > 0.0:
        out.append(BurnPhase(full / mdot, thrust, mdot, m))
        m, prop = m - full, prop - full
    m_floor = k_min * thrust / a_max  # below this mass the engine cannot throttle further
    limited = min(prop, max(0.0, m - m_floor))
    if limited > 0.0:
        duration = ve / a_max * math.log(m / (m - limited))
        out.append(BurnPhase(duration, ve * limited / duration, limited / duration, m))
        m, prop = m - limited, prop - limited
    if prop > 0.0:
        out.append(BurnPhase(prop / (k_min * mdot), k_min * thrust, k_min * mdot, m))
    return out


def burn_time_s(phases: list[BurnPhase]) -> float:
    """Total duration of a list of phases."""
    return sum(p.duration_s for p in phases)
