"""Equations of motion in the ECI-at-T0 frame: J2 gravity, drag, pressure-dependent thrust."""

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass

from replay.core.types import FloatArray
from replay.physics.atmosphere import atmosphere_scalar
from replay.physics.constants import A_M, B_M, E2, GM_M3_S2, OMEGA_EARTH_RAD_S
from replay.physics.gravity import gravity_j2_xyz

W = OMEGA_EARTH_RAD_S
_INV_A2 = 1.0 / (A_M * A_M)
_INV_B2 = 1.0 / (B_M * B_M)

State = list[float]
Vec3 = tuple[float, float, float]


@dataclass(frozen=True)
class Steering:
    """Constant steering parameters of one integration segment."""

    mode: str  # "none", "turn" (vertical rise, kick, gravity turn) or "peg"
    t_vertical_s: float = 0.0
    kick_rad: float = 0.0
    kick_duration_s: float = 1.0
    azimuth_rad: float = 0.0
    peg_a: float = 0.0
    peg_b: float = 0.0
    peg_t_ref_s: float = 0.0
    peg_normal: tuple[float, float, float] = (0.0, 0.0, 1.0)
    peg_fh: float = 0.0
    blend_start_s: float = 0.0  # PEG command faded in from zero angle of attack until blend_end_s
    blend_end_s: float = 0.0


@dataclass(frozen=True)
class Segment:
    """Everything that stays constant between two discrete events."""

    thrust_vac_n: float
    exit_area_term_n_pa: float
    mdot_kg_s: float
    area_m2: float
    cd_mach: tuple[float, ...]
    cd: tuple[float, ...]
    steering: Steering
    ballistic_coeff_kg_m2: float | None = None  # overrides Cd(M)*A/m when set
    accel_limit_m_s2: float | None = None  # g-limited throttle (replay.sim.throttle)
    min_throttle: float = 1.0


def approx_height_m(x: float, y: float, z: float) -> float:
    """Height above the ellipsoid along the radius (within ~1 m of geodetic up to 1000 km)."""
    r2 = x * x + y * y + z * z
    cos2 = (x * x + y * y) / r2
    return math.sqrt(r2) - B_M / math.sqrt(1.0 - E2 * cos2)


def cd_at(mach: float, table_m: tuple[float, ...], table_cd: tuple[float, ...]) -> float:
    """Piecewise-linear Cd(Mach), constant beyond the table ends."""
    if mach <= table_m[0]:
        return table_cd[0]
    if mach >= table_m[-1]:
        return table_cd[-1]
    i = bisect.bisect_right(table_m, mach) - 1
    w = (mach - table_m[i]) / (table_m[i + 1] - table_m[i])
    return table_cd[i] + w * (table_cd[i + 1] - table_cd[i])


def _direction(st: Steering, t: float, y: State, vrel3: Vec3) -> Vec3:
    # Unit thrust direction (inertial axes) commanded by the segment's steering law.
    x, yy, z = y[0], y[1], y[2]
    vrx, vry, vrz = vrel3
    if st.mode == "peg":
        r = math.sqrt(x * x + yy * yy + z * z)
        rx, ry, rz = x / r, yy / r, z / r
        nx, ny, nz = st.peg_normal
        hx, hy, hz = ny * rz - nz * ry, nz * rx - nx * rz, nx * ry - ny * rx
        hn = math.sqrt(hx * hx + hy * hy + hz * hz)
        hx, hy, hz = hx / hn, hy / hn, hz / hn
        fr = st.peg_a + st.peg_b * (t - st.peg_t_ref_s)
        fr = max(-0.95, min(0.95, fr))
        ft = math.sqrt(max(0.0, 1.0 - fr * fr - st.peg_fh * st.peg_fh))
        dx = fr * rx + ft * hx + st.peg_fh * nx
        dy = fr * ry + ft * hy + st.peg_fh * ny
        dz = fr * rz + ft * hz + st.peg_fh * nz
        if t < st.blend_end_s:
            # Attitude cannot jump at the hand-over: fade from the velocity direction.
            w = (t - st.blend_start_s) / (st.blend_end_s - st.blend_start_s)
            vrel = math.sqrt(vrx * vrx + vry * vry + vrz * vrz)
            dx = w * dx + (1.0 - w) * vrx / vrel
            dy = w * dy + (1.0 - w) * vry / vrel
            dz = w * dz + (1.0 - w) * vrz / vrel
            dn = math.sqrt(dx * dx + dy * dy + dz * dz)
            dx, dy, dz = dx / dn, dy / dn, dz / dn
        return dx, dy, dz
    # Local geodetic frame at the vehicle (ellipsoid normal, east, north).
    ux, uy, uz = x * _INV_A2, yy * _INV_A2, z * _INV_B2
    un = math.sqrt(ux * ux + uy * uy + uz * uz)
    ux, uy, uz = ux / un, uy / un, uz / un
    if t <= st.t_vertical_s:
        return ux, uy, uz
    if t < st.t_vertical_s + st.kick_duration_s:
        theta = st.kick_rad * (t - st.t_vertical_s) / st.kick_duration_s
    else:
        vrel = math.sqrt(vrx * vrx + vry * vry + vrz * vrz)
        cos_v = (vrx * ux + vry * uy + vrz * uz) / vrel
        # Zero angle of attack in the pitch plane once the air-relative velocity has tipped
        # past the kick; the pitch plane keeps the launch azimuth (a small sideslip absorbs
        # the Coriolis drift, as a vehicle's yaw channel does).
        theta = max(st.kick_rad, math.acos(max(-1.0, min(1.0, cos_v))))
    rho_xy = math.hypot(x, yy)
    ex, ey = -yy / rho_xy, x / rho_xy
    nx, ny, nz = -uz * ey, uz * ex, ux * ey - uy * ex  # north = up x east
    ca, sa = math.cos(st.azimuth_rad), math.sin(st.azimuth_rad)
    hx, hy, hz = ca * nx + sa * ex, ca * ny + sa * ey, ca * nz
    c, s = math.cos(theta), math.sin(theta)
    return c * ux + s * hx, c * uy + s * hy, c * uz + s * hz


def evaluate(seg: Segment, t: float, y: State) -> tuple[list[float], tuple[float, ...]]:
    """Return the state derivative and (thrust, q, mach, drag, ax, ay, az, dir xyz, throttle).

    A throttled engine gives k F_vac - A_e p at mass flow k mdot; with an acceleration limit k
    is the setting that holds thrust / mass at the limit (never below ``min_throttle``).
    """
    x, yy, z, vx, vy, vz, m = y
    h = approx_height_m(x, yy, z)
    _, p, rho, a_snd = atmosphere_scalar(max(h, -4999.0))
    vrx, vry, vrz = vx + W * yy, vy - W * x, vz
    vrel = math.sqrt(vrx * vrx + vry * vry + vrz * vrz)
    mach = vrel / a_snd
    q = 0.5 * rho * vrel * vrel
    if seg.ballistic_coeff_kg_m2 is not None:
        drag = q * m / seg.ballistic_coeff_kg_m2
    else:
        drag = q * cd_at(mach, seg.cd_mach, seg.cd) * seg.area_m2
    gx, gy, gz = gravity_j2_xyz(x, yy, z)
    ax = ay = az = 0.0
    if vrel > 1e-9:
        k = -drag / (m * vrel)
        ax, ay, az = k * vrx, k * vry, k * vrz
    thrust = 0.0
    k_throttle = 1.0
    dx = dy = dz = 0.0
    if seg.thrust_vac_n > 0.0:
        thrust = max(0.0, seg.thrust_vac_n - seg.exit_area_term_n_pa * p)
        limit = seg.accel_limit_m_s2
        if limit is not None and thrust > limit * m:
            k_throttle = max(
                seg.min_throttle, (limit * m + seg.exit_area_term_n_pa * p) / seg.thrust_vac_n
            )
            thrust = max(0.0, k_throttle * seg.thrust_vac_n - seg.exit_area_term_n_pa * p)
        dx, dy, dz = _direction(seg.steering, t, y, (vrx, vry, vrz))
        ax += thrust * dx / m
        ay += thrust * dy / m
        az += thrust * dz / m
    deriv = [vx, vy, vz, gx + ax, gy + ay, gz + az, -k_throttle * seg.mdot_kg_s]
    return deriv, (thrust, q, mach, drag, ax, ay, az, dx, dy, dz, k_throttle)


def make_rhs(seg: Segment) -> Callable[[float, FloatArray], list[float]]:
    """Return f(t, y) for solve_ivp for one segment."""

    def rhs(t: float, y: FloatArray) -> list[float]:
        # Plain floats: math on numpy scalars is several times slower in this hot path.
        return evaluate(seg, float(t), y.tolist())[0]

    return rhs


def energy_j_kg(y: State) -> float:
    """Two-body specific orbital energy of an inertial state."""
    r = math.sqrt(y[0] * y[0] + y[1] * y[1] + y[2] * y[2])
    return 0.5 * (y[3] * y[3] + y[4] * y[4] + y[5] * y[5]) - GM_M3_S2 / r
