"""The sampled output of a simulation: a frozen set of numpy columns plus events."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from replay.core.flight import Event
from replay.core.types import FloatArray
from replay.physics.constants import G0_M_S2, OMEGA_EARTH_RAD_S
from replay.physics.frames import ecef_from_eci0
from replay.physics.geodesy import geodetic_from_ecef
from replay.sim.dynamics import Segment, evaluate

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Piece:
    """One integrated segment: its dense solution and the constant configuration it used."""

    t0_s: float
    t1_s: float
    sol: Callable[[FloatArray], FloatArray]
    seg: Segment
    stage_index: int
    chamber_pressure_bar: tuple[float, ...]  # per stage, 0 when not burning


@dataclass(frozen=True)
class Trajectory:
    """Columns sampled on a common time grid (all arrays share the first axis)."""

    t_s: FloatArray
    r_ecef_m: FloatArray
    v_ecef_m_s: FloatArray
    r_eci0_m: FloatArray  # ECI frame aligned with ECEF at lift-off (see physics.frames)
    v_eci0_m_s: FloatArray
    lat_deg: FloatArray
    lon_deg: FloatArray
    alt_m: FloatArray
    mass_kg: FloatArray
    stage_index: IntArray
    thrust_n: FloatArray
    sensed_accel_ecef_m_s2: FloatArray  # thrust + aerodynamic force per unit mass
    axial_g: FloatArray
    dynamic_pressure_pa: FloatArray
    mach: FloatArray
    pitch_deg: FloatArray  # body (thrust) axis above the local horizontal
    heading_deg: FloatArray
    chamber_pressure_bar: FloatArray  # (N, n_stages)
    stage_ids: tuple[str, ...]
    events: tuple[Event, ...]

    def index_at(self, t_s: float) -> int:
        """Index of the last sample at or before t_s."""
        return max(0, int(np.searchsorted(self.t_s, t_s, side="right")) - 1)


def sample_pieces(
    pieces: list[Piece], t_grid: FloatArray, stage_ids: tuple[str, ...], events: tuple[Event, ...]
) -> Trajectory:
    """Evaluate the dense solutions on `t_grid` and derive the telemetry columns."""
    n = t_grid.size
    y = np.empty((n, 7))
    diag = np.zeros((n, 11))
    stage = np.zeros(n, dtype=np.int64)
    pc = np.zeros((n, len(stage_ids)))
    starts = np.array([p.t0_s for p in pieces])
    # A sample exactly on a boundary belongs to the later piece (the post-event state).
    owner = np.clip(np.searchsorted(starts, t_grid, side="right") - 1, 0, len(pieces) - 1)
    for k, piece in enumerate(pieces):
        idx = np.nonzero(owner == k)[0]
        if idx.size == 0:
            continue
        ts = np.clip(t_grid[idx], piece.t0_s, piece.t1_s)
        y[idx] = np.asarray(piece.sol(ts)).T
        stage[idx] = piece.stage_index
        for i, t, row in zip(idx, ts.tolist(), y[idx].tolist(), strict=True):
            diag[i] = evaluate(piece.seg, t, row)[1]
        # Chamber pressure follows the throttle setting (1 unless the engine is throttled back).
        pc[idx] = np.outer(diag[idx, 10], piece.chamber_pressure_bar)
    r_eci, v_eci = y[:, 0:3], y[:, 3:6]
    r_ecef, v_ecef = ecef_from_eci0(t_grid, r_eci, v_eci)
    lat, lon, alt = geodetic_from_ecef(r_ecef[:, 0], r_ecef[:, 1], r_ecef[:, 2])
    acc_eci = diag[:, 4:7]
    axis_eci = diag[:, 7:10].copy()
    coasting = np.linalg.norm(axis_eci, axis=1) < 0.5
    # Without thrust the body axis is taken along the air-relative velocity.
    w_cross_r = np.stack(
        (-OMEGA_EARTH_RAD_S * r_eci[:, 1], OMEGA_EARTH_RAD_S * r_eci[:, 0], np.zeros(n)), 1
    )
    v_rel = v_eci - w_cross_r
    vr_norm = np.maximum(np.linalg.norm(v_rel, axis=1, keepdims=True), 1e-9)
    axis_eci[coasting] = (v_rel / vr_norm)[coasting]
    zeros = np.zeros_like(axis_eci)
    acc_ecef = ecef_from_eci0(t_grid, acc_eci, zeros)[0]
    axis_ecef = ecef_from_eci0(t_grid, axis_eci, zeros)[0]
    slat, clat = np.sin(np.radians(lat)), np.cos(np.radians(lat))
    slon, clon = np.sin(np.radians(lon)), np.cos(np.radians(lon))
    up = np.stack((clat * clon, clat * slon, slat), 1)
    east = np.stack((-slon, clon, np.zeros(n)), 1)
    north = np.cross(up, east)
    pitch = np.degrees(np.arcsin(np.clip(np.sum(axis_ecef * up, 1), -1.0, 1.0)))
    heading = np.degrees(np.arctan2(np.sum(axis_ecef * east, 1), np.sum(axis_ecef * north, 1)))
    return Trajectory(
        t_s=t_grid,
        r_ecef_m=r_ecef,
        v_ecef_m_s=v_ecef,
        r_eci0_m=r_eci.copy(),
        v_eci0_m_s=v_eci.copy(),
        lat_deg=lat,
        lon_deg=lon,
        alt_m=alt,
        mass_kg=y[:, 6].copy(),
        stage_index=stage,
        thrust_n=diag[:, 0].copy(),
        sensed_accel_ecef_m_s2=acc_ecef,
        axial_g=np.sum(acc_ecef * axis_ecef, 1) / G0_M_S2,
        dynamic_pressure_pa=diag[:, 1].copy(),
        mach=diag[:, 2].copy(),
        pitch_deg=pitch,
        heading_deg=heading % 360.0,
        chamber_pressure_bar=pc,
        stage_ids=stage_ids,
        events=events,
    )
