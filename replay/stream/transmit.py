"""Send a flight as CCSDS packets over UDP in (scaled) real time, like the vehicle would.

The stream stops at the flight's last sample, as a vehicle's downlink does at a loss of signal.
Random packet loss is seeded. Pacing follows the flight's time tags against a wall clock, so a
slow send does not stretch the flight.
"""

from __future__ import annotations

import math
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from replay.core.flight import Flight
from replay.packets.codec import stream
from replay.packets.layout import load_layout

DEFAULT_PORT = 47800


@dataclass
class TransmitStats:
    """What went out."""

    sent: int = 0
    dropped: int = 0
    wall_s: float = 0.0


def parse_address(text: str) -> tuple[str, int]:
    """``HOST:PORT`` -> ``(host, port)``; a ``ValueError`` says what was expected."""
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"expected HOST:PORT like 127.0.0.1:{DEFAULT_PORT}, got {text!r}")
    return host, int(port)


def transmit(
    flight: Flight,
    address: tuple[str, int],
    *,
    speed: float = 1.0,
    loss: float = 0.0,
    seed: int = 0,
    should_stop: Callable[[], bool] = lambda: False,
) -> TransmitStats:
    """Send every packet of ``flight`` to ``address``; returns when the flight's data ends."""
    if not (math.isfinite(speed) and 0 < speed <= 10_000):
        raise ValueError(f"speed must be in (0, 10000], got {speed!r}")
    if not 0 <= loss < 1:
        raise ValueError(f"loss must be a probability in [0, 1), got {loss!r}")
    layout = load_layout()
    rng = np.random.default_rng(seed)
    stats = TransmitStats()
    t0 = float(flight.t_s[0])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        start = time.perf_counter()
        for t, packet in stream(layout, flight):
            if should_stop():
                break
            wait = start + (t - t0) / speed - time.perf_counter()
            if wait > 0.0005:
                time.sleep(wait)
            if loss and rng.random() < loss:
                stats.dropped += 1
                continue
            sock.sendto(packet, address)
            stats.sent += 1
        stats.wall_s = time.perf_counter() - start
    return stats
