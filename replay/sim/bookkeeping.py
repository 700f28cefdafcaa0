"""The mutable bookkeeping of one flight while it is integrated (replay.sim.flight drives it,
replay.sim.planning reads it to plan guidance)."""

import heapq
from dataclasses import dataclass, field

from replay.core.flight import Event
from replay.physics.constants import G0_M_S2
from replay.sim.dynamics import Segment, Steering
from replay.sim.guidance import PegSolution, PegTarget
from replay.sim.schedule import Schedule
from replay.sim.trajectory import Piece
from replay.sim.vehicle import Vehicle


@dataclass
class Flight:
    """Mutable bookkeeping while integrating one flight."""

    veh: Vehicle
    tgt: PegTarget
    t: float
    y: list[float]
    burning: set[int]
    attached: set[int]
    jett: set[int]
    steering: Steering
    payload_area_m2: float
    plan: Schedule
    prop_left_kg: list[float]  # per stage (all its engines), spent as it burns
    queue: list[tuple[float, int, str, int]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    peg: PegSolution | None = None
    frozen: bool = False
    cut_t: float | None = None
    cut_y: list[float] | None = None
    sep_y: list[float] | None = None
    payload_free: bool = False
    peg_updates: int = 0

    def push(self, t: float, prio: int, kind: str, idx: int = -1) -> None:
        heapq.heappush(self.queue, (t, prio, kind, idx))

    def segment(self, beta: float | None = None) -> Segment:
        st = self.veh.stages
        thrust = sum(st[i].count * st[i].thrust_vac_n for i in self.burning)
        if self.payload_free or not self.attached:
            area = self.payload_area_m2
        else:
            area = st[min(self.attached)].ref_area_m2
        limit = [st[i] for i in self.burning if st[i].max_accel_g is not None]
        return Segment(
            thrust_vac_n=thrust,
            exit_area_term_n_pa=sum(st[i].exit_area_term_n_pa for i in self.burning),
            mdot_kg_s=sum(st[i].mdot_kg_s for i in self.burning),
            area_m2=area,
            cd_mach=self.veh.cd_mach,
            cd=self.veh.cd,
            steering=self.steering,
            ballistic_coeff_kg_m2=beta,
            accel_limit_m_s2=float(limit[0].max_accel_g) * G0_M_S2 if limit else None,  # type: ignore[arg-type]
            min_throttle=limit[0].min_throttle if limit else 1.0,
        )

    def stage_index(self) -> int:
        return (
            len(self.veh.stages) if self.payload_free or not self.attached else min(self.attached)
        )
