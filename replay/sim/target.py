"""The guidance target: the scenario's orbit with its heights measured as the sources measure them.

A scenario says what its published heights are measured from (docs/heights.md). Roscosmos
quotes geodetic heights, above the WGS84 ellipsoid under the point: its 193 x 245 km has the
published 88.59 min period only that way. Then an orbit's radii depend on where its apsides
lie: at the 51.6 deg of an ISS orbit the ellipsoid is up to 21 km below the equatorial radius.
The apsides lie at geocentric latitudes +phi and -phi, where the ellipsoid has the same radius,
so perigee and apogee share one surface radius; the insertion point has its own. Where they lie
follows from where the vehicle reaches orbit, which guidance predicts as it flies
(``insertion_sin_lat``), so the target is recomputed every guidance cycle. Catalogue-style
heights are measured from the equatorial radius, which needs none of this.
"""

from __future__ import annotations

import math

from replay.physics.constants import A_M, GM_M3_S2
from replay.physics.orbit import OrbitalElements, ellipsoid_radius_m
from replay.sim.guidance import PegTarget, Vec3
from replay.sim.scenario import TargetOrbit

_ITERATIONS = 3  # the perigee's latitude depends on the radii it gives: 3 passes reach < 1 m


def surface_radius_m(tg: TargetOrbit, sin_geocentric_lat: float) -> float:
    """The radius the target's heights are measured from at this geocentric latitude."""
    if tg.height_reference == "equatorial-radius":
        return A_M
    return float(ellipsoid_radius_m(sin_geocentric_lat))


def reported_heights_m(tg: TargetOrbit, el: OrbitalElements) -> tuple[float, float]:
    """(perigee, apogee) heights of an orbit measured as the scenario's target is."""
    if tg.height_reference == "equatorial-radius":
        return float(el.perigee_alt_m), float(el.apogee_alt_m)
    return float(el.perigee_height_m), float(el.apogee_height_m)


def peg_target(tg: TargetOrbit, sin_lat_insertion: float) -> PegTarget:
    """Insertion radius, radial and horizontal speed and energy of the target orbit.

    ``sin_lat_insertion`` is the sine of the geocentric latitude where the vehicle is expected
    to reach the orbit. Raises ValueError when the insertion height is outside perigee..apogee.
    """
    if not tg.perigee_height_m - 1.0 <= tg.insertion_height_m <= tg.apogee_height_m + 1.0:
        raise ValueError(
            f"insertion height {tg.insertion_height_m} m outside perigee..apogee "
            f"{tg.perigee_height_m}..{tg.apogee_height_m} m"
        )
    s_ins = max(-1.0, min(1.0, sin_lat_insertion))
    r_t = surface_radius_m(tg, s_ins) + tg.insertion_height_m
    inc = math.radians(tg.inclination_deg)
    # Argument of latitude of the insertion point on its pass (ascending or descending).
    u_t = math.asin(max(-1.0, min(1.0, s_ins / math.sin(inc))))
    if not tg.northbound:
        u_t = math.pi - u_t
    s_p = s_ins
    rp = ra = r_t
    for _ in range(_ITERATIONS):
        surface = surface_radius_m(tg, s_p)
        rp, ra = surface + tg.perigee_height_m, surface + tg.apogee_height_m
        r_t = min(max(r_t, rp), ra)
        nu_t = _true_anomaly_climbing(r_t, rp, ra)
        s_p = math.sin(inc) * math.sin(u_t - nu_t)
    sma = 0.5 * (rp + ra)
    h = math.sqrt(GM_M3_S2 * 2.0 * rp * ra / (rp + ra))
    v2 = GM_M3_S2 * (2.0 / r_t - 1.0 / sma)
    vt = h / r_t
    vr = math.sqrt(max(0.0, v2 - vt * vt))  # climbing towards apogee at insertion
    return PegTarget(r_t, vr, vt, -GM_M3_S2 / (2.0 * sma), inc, tg.northbound)


def _true_anomaly_climbing(r_m: float, rp_m: float, ra_m: float) -> float:
    """True anomaly (0..pi) at radius r on the way from perigee to apogee."""
    if ra_m - rp_m < 1e-6:
        return 0.0
    ecc = (ra_m - rp_m) / (ra_m + rp_m)
    p = rp_m * (1.0 + ecc)
    return math.acos(max(-1.0, min(1.0, (p / r_m - 1.0) / ecc)))


def insertion_sin_lat(
    r_vec: Vec3, v_vec: Vec3, normal: Vec3, time_to_go_s: float, v_end_m_s: float
) -> float:
    """Sine of the geocentric latitude where the vehicle will reach orbit.

    The vehicle moves along the target plane (unit ``normal``) through ``r_vec``; in the
    ``time_to_go_s`` left it turns through the central angle its mean horizontal speed (now and
    ``v_end_m_s`` at insertion) covers at its radius.
    """
    r = math.sqrt(sum(c * c for c in r_vec))
    nx, ny, nz = normal
    # In-plane basis: r_hat and the direction of motion h_hat = n x r_hat.
    rx, ry, rz = (c / r for c in r_vec)
    hx, hy, hz = ny * rz - nz * ry, nz * rx - nx * rz, nx * ry - ny * rx
    v_h = abs(v_vec[0] * hx + v_vec[1] * hy + v_vec[2] * hz)
    theta = max(0.0, time_to_go_s) * 0.5 * (v_h + v_end_m_s) / r
    return rz * math.cos(theta) + hz * math.sin(theta)
