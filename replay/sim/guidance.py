"""Launch azimuth, target-plane geometry and a multi-phase powered explicit guidance (PEG)."""

import math
from typing import NamedTuple

from replay.physics.constants import GM_M3_S2, OMEGA_EARTH_RAD_S

Vec3 = tuple[float, float, float]

# Gauss-Legendre nodes/weights on [0, 1] (6 points) for the angular-momentum integral.
_GL_X = (
    0.033765242898424,
    0.169395306766868,
    0.380690406958402,
    0.619309593041598,
    0.830604693233132,
    0.966234757101576,
)
_GL_W = (
    0.085662246189585,
    0.180380786524069,
    0.233956967286346,
    0.233956967286346,
    0.180380786524069,
    0.085662246189585,
)


class PegPhase(NamedTuple):
    """A future burn interval with constant engines: start offset from now, length, thrust."""

    start_s: float
    duration_s: float
    thrust_n: float
    mdot_kg_s: float
    mass0_kg: float


class PegTarget(NamedTuple):
    """Insertion radius, radial and horizontal speed, target specific energy, inclination."""

    radius_m: float
    vr_m_s: float
    vtheta_m_s: float
    energy_j_kg: float
    inc_rad: float
    northbound: bool = True


class PegSolution(NamedTuple):
    """Steering f_r = A + B (t - t_ref) in the plane with normal n; yaw fraction fh."""

    a: float
    b: float
    normal: Vec3
    fh: float
    time_to_go_s: float
    last_duration_s: float


def _cross(a: Vec3, b: Vec3) -> Vec3:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _dot(a: Vec3, b: Vec3) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _unit(a: Vec3) -> Vec3:
    n = math.sqrt(_dot(a, a))
    return (a[0] / n, a[1] / n, a[2] / n)


def launch_azimuth_deg(
    lat_deg: float, inc_deg: float, v_orbit_m_s: float, northbound: bool = True
) -> float:
    """Return the Earth-relative launch azimuth (deg from north) into the given plane."""
    if not abs(lat_deg) <= inc_deg <= 180.0 - abs(lat_deg):
        raise ValueError(f"inclination {inc_deg} deg unreachable from latitude {lat_deg} deg")
    if v_orbit_m_s <= 0.0:
        raise ValueError(f"v_orbit_m_s must be positive, got {v_orbit_m_s}")
    lat = math.radians(lat_deg)
    beta_i = math.asin(min(1.0, math.cos(math.radians(inc_deg)) / math.cos(lat)))
    v_east = v_orbit_m_s * math.sin(beta_i) - OMEGA_EARTH_RAD_S * 6378137.0 * math.cos(lat)
    az = math.degrees(math.atan2(v_east, v_orbit_m_s * math.cos(beta_i)))
    return az if northbound else 180.0 - az


def target_plane_normal(r: Vec3, inc_rad: float, northbound: bool = True) -> Vec3:
    """Return the unit normal of the plane of inclination `inc_rad` through r.

    `northbound` selects the pass on which r lies: ascending (argument of latitude in
    -90..90 deg) or descending (90..270 deg).
    """
    rn = math.sqrt(_dot(r, r))
    sin_lat = r[2] / rn
    lam = math.atan2(r[1], r[0])
    # Argument of latitude on the ascending half; clamped at the plane's northern vertex.
    sin_u = max(-1.0, min(1.0, sin_lat / math.sin(inc_rad)))
    u = math.asin(sin_u) if northbound else math.pi - math.asin(sin_u)
    raan = lam - math.atan2(math.cos(inc_rad) * math.sin(u), math.cos(u))
    si = math.sin(inc_rad)
    return (si * math.sin(raan), -si * math.cos(raan), math.cos(inc_rad))


def _integrals(duration: float, ve: float, tau: float) -> tuple[float, float, float, float]:
    # Thrust-acceleration moments of a constant-mass-flow burn (a = ve / (tau - t)).
    b0 = -ve * math.log(1.0 - duration / tau)
    b1 = b0 * tau - ve * duration
    c0 = b0 * duration - b1
    c1 = c0 * tau - 0.5 * ve * duration * duration
    return b0, b1, c0, c1


def _dv(ph: PegPhase, dt: float) -> float:
    # Ideal velocity gained after burning dt seconds of the phase.
    return -ph.thrust_n / ph.mdot_kg_s * math.log(1.0 - ph.mdot_kg_s * dt / ph.mass0_kg)


def _gravity_profile(
    phases: list[PegPhase], t_go: float, r: float, vt: float, tgt: PegTarget
) -> tuple[float, float]:
    # Integrals of net gravity G = mu/r^2 - v_theta^2/r over the remaining flight:
    # (int G dt, int (t_go - t) G dt). v_theta is assumed to grow in proportion to the thrust
    # delta-v spent so far and r linearly in time, both reaching their target values.
    spans: list[tuple[float, float, PegPhase | None]] = []
    cursor = 0.0
    for ph in phases:
        if ph.start_s > cursor:
            spans.append((cursor, ph.start_s, None))
        spans.append((ph.start_s, ph.start_s + ph.duration_s, ph))
        cursor = ph.start_s + ph.duration_s
    dv_total = sum(_dv(ph, ph.duration_s) for ph in phases)
    g_int = g_mom = dv_done = 0.0
    for t0, t1, span_ph in spans:
        for x, w in zip(_GL_X, _GL_W, strict=True):
            t = t0 + x * (t1 - t0)
            dv = dv_done
            if span_ph is not None:
                dv += _dv(span_ph, t - t0)
            frac = dv / dv_total if dv_total > 0.0 else t / t_go
            rr = r + (tgt.radius_m - r) * t / t_go
            vv = vt + (tgt.vtheta_m_s - vt) * frac
            g = GM_M3_S2 / (rr * rr) - vv * vv / rr
            g_int += w * (t1 - t0) * g
            g_mom += w * (t1 - t0) * (t_go - t) * g
        if span_ph is not None:
            dv_done += _dv(span_ph, span_ph.duration_s)
    return g_int, g_mom


def _solve_ab(
    phases: list[PegPhase], t_go: float, state: Vec3, tgt: PegTarget
) -> tuple[float, float, float]:
    r, vr, vt = state
    # Radial motion r'' = a (A + B t) - G(t): the thrust moments give a 2x2 linear system
    # for the steering constants once the gravity integrals are predicted.
    m11 = m12 = m21 = m22 = dv_total = 0.0
    g_int, g_mom = _gravity_profile(phases, t_go, r, vt, tgt)
    rhs_v = tgt.vr_m_s - vr + g_int
    rhs_r = tgt.radius_m - r - vr * t_go + g_mom
    for ph in phases:
        ve = ph.thrust_n / ph.mdot_kg_s
        b0, b1, c0, c1 = _integrals(ph.duration_s, ve, ph.mass0_kg / ph.mdot_kg_s)
        s = ph.start_s
        rem = t_go - s - ph.duration_s
        m11 += b0
        m12 += b1 + s * b0
        m21 += c0 + rem * b0
        m22 += s * c0 + c1 + rem * (s * b0 + b1)
        dv_total += b0
    det = m11 * m22 - m12 * m21
    if abs(det) < 1e-9:
        return 0.0, 0.0, dv_total
    return (m22 * rhs_v - m12 * rhs_r) / det, (m11 * rhs_r - m21 * rhs_v) / det, dv_total


def _predicted_dh(
    phases: list[PegPhase], t_go: float, steer: Vec3, r: float, tgt: PegTarget
) -> tuple[float, float]:
    a, b, fh = steer
    # Angular momentum gained, integral of r * a * f_theta dt with r interpolated linearly;
    # returns it and the integrand at the end (the derivative with respect to t_go).
    total = 0.0
    last = 0.0
    for ph in phases:
        for x, w in zip(_GL_X, _GL_W, strict=True):
            tl = x * ph.duration_s
            t = ph.start_s + tl
            acc = ph.thrust_n / (ph.mass0_kg - ph.mdot_kg_s * tl)
            fr = max(-0.95, min(0.95, a + b * t))
            ft = math.sqrt(max(0.05, 1.0 - fr * fr - fh * fh))
            total += w * ph.duration_s * (r + (tgt.radius_m - r) * t / t_go) * acc * ft
        acc_end = ph.thrust_n / (ph.mass0_kg - ph.mdot_kg_s * ph.duration_s)
        fr_end = max(-0.95, min(0.95, a + b * t_go))
        last = tgt.radius_m * acc_end * math.sqrt(max(0.05, 1.0 - fr_end**2 - fh * fh))
    return total, last


def peg_solve(
    r_vec: Vec3,
    v_vec: Vec3,
    phases: list[PegPhase],
    *,
    last_open: bool,
    last_max_s: float,
    tgt: PegTarget,
    last_guess_s: float,
    iterations: int = 6,
) -> PegSolution:
    """Re-solve steering constants and time-to-go from the current inertial state.

    `phases` are the future burns; when `last_open` the final one's length is unknown
    (guided cut-off, at most `last_max_s`) and is found so that the predicted angular
    momentum gain meets the target; otherwise all lengths are fixed (e.g. a solid motor).
    """
    n = target_plane_normal(r_vec, tgt.inc_rad, tgt.northbound)
    r = math.sqrt(_dot(r_vec, r_vec))
    r_hat = (r_vec[0] / r, r_vec[1] / r, r_vec[2] / r)
    h_hat = _unit(_cross(n, r_hat))
    vr = _dot(v_vec, r_hat)
    vt = _dot(v_vec, h_hat)
    vn = _dot(v_vec, n)
    dh_req = tgt.radius_m * tgt.vtheta_m_s - r * vt
    ph = list(phases)
    t_last = min(max(last_guess_s, 1.0), last_max_s) if last_open else last_max_s
    a = b = fh = 0.0
    for _ in range(iterations if last_open else 1):
        ph[-1] = ph[-1]._replace(duration_s=t_last)
        t_go = ph[-1].start_s + t_last
        a, b, dv_total = _solve_ab(ph, t_go, (r, vr, vt), tgt)
        fh = max(-0.5, min(0.5, -vn / max(dv_total, 1.0)))
        if not last_open:
            break
        dh_pred, d_dt = _predicted_dh(ph, t_go, (a, b, fh), r, tgt)
        step = (dh_req - dh_pred) / max(d_dt, 1.0)
        t_new = min(max(t_last + step, 0.5), last_max_s)
        converged = abs(t_new - t_last) < 0.01
        t_last = t_new
        if converged:
            break
    ph[-1] = ph[-1]._replace(duration_s=t_last)
    t_go = ph[-1].start_s + t_last
    a, b, dv_total = _solve_ab(ph, t_go, (r, vr, vt), tgt)
    return PegSolution(a, b, n, fh, t_go, t_last)
