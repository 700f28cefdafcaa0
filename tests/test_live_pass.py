"""A pass received over loopback, as the sessions a replay shows: T+ right from the first packet
of a late join, the ground's "now", the loss of signal at the replay's place, a new source."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import numpy as np
import pytest

from replay.core.flight import Flight
from replay.io import read_flight
from replay.live_pass import LivePass
from replay.resources import sample
from replay.stream.receiver import Receiver
from replay.stream.transmit import transmit

MS04 = read_flight(sample("progress-ms-04"))


def cut(f: Flight, t0: float, t1: float) -> Flight:
    keep = (f.t_s >= t0) & (f.t_s <= t1)
    return dataclasses.replace(
        f, t_s=f.t_s[keep], channels={k: v[keep] for k, v in f.channels.items()}
    )


def wait_for(predicate: object, timeout_s: float = 10.0) -> None:
    end = time.monotonic() + timeout_s
    while not predicate() and time.monotonic() < end:  # type: ignore[operator]
        time.sleep(0.02)


def test_a_late_join_knows_t_plus_from_its_first_packets() -> None:
    """Joining at T+156 s, long after the metadata packet at liftoff: no metadata for 5 s of
    flight, yet T+ and the UTC of liftoff are right from the packets' own time codes."""
    late = cut(MS04, 156.0, 158.0)  # 2 s: no metadata packet repeats in it (every 5 s)
    rx = Receiver(port=0).start()
    try:
        stream_without_metadata(late, rx.port)
        wait_for(lambda: len(rx.buffer) >= 10)
    finally:
        rx.stop()
    assert rx.counts["metadata"] == 0
    live = LivePass(rx, watchdog_s=5.0)
    s = live.session()
    assert s is not None
    assert float(s.flight.t_s[0]) == pytest.approx(156.0, abs=1e-3)
    assert rx.buffer.last_t_s() == float(s.flight.t_s[-1])  # the clock's cheap "newest"
    assert s.flight.meta.launch_utc is not None
    assert s.flight.meta.launch_utc.isoformat().startswith("2016-12-01T14:51:52")


def stream_without_metadata(flight: Flight, port: int) -> None:
    import socket

    from replay.packets.codec import slot_names, telemetry_records
    from replay.packets.layout import load_layout

    layout = load_layout()
    records = telemetry_records(layout, flight, slot_names(flight, layout))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for r in records:
            sock.sendto(r.tobytes(), ("127.0.0.1", port))


def test_the_pass_grows_and_declares_the_loss_where_the_replay_does(tmp_path: Path) -> None:
    part = cut(MS04, 370.0, 382.0)
    rx = Receiver(port=0, record=tmp_path / "rx.ccsds").start()
    live = LivePass(rx, watchdog_s=1.0)
    try:
        transmit(part, ("127.0.0.1", rx.port), speed=10.0)
        wait_for(lambda: rx.counts["telemetry"] >= part.n_samples)
        first = live.session()
        assert first is not None and first.pass_key == live.key
        assert float(first.flight.t_s[-1]) == pytest.approx(382.0, abs=1e-3)
        assert rx.buffer.last_t_s() == float(first.flight.t_s[-1])
        assert first.end_s >= 382.0  # the recording ends now, the ground's time
        time.sleep(0.3)  # 3 s of flight at 10x: the silence grows past the watchdog
        later = live.session()
        assert later is not None and later.same_flight(first)
        assert later.end_s > first.end_s + 2.0
        # The night side's Sun track: ten minutes ahead, so the grown pass keeps the same one.
        assert first.sun is not None and first.sun.covers(first.start_s, later.end_s)
        assert later.sun is first.sun
        state = later.signal_at(later.end_s)
        assert state.status == "LOS" and state.lost
        done = live.finish(later)
    finally:
        rx.stop()
    los = done.analysis.los
    assert los is not None and los.t_s == pytest.approx(382.0, abs=1e-3)
    assert los.place is not None and los.place.country == "Kazakhstan"
    assert done.analysis.impact is not None


def test_a_restarted_sender_starts_a_new_pass_with_its_own_recording(tmp_path: Path) -> None:
    part = cut(MS04, 100.0, 104.0)
    rx = Receiver(port=0, record=tmp_path / "rx.ccsds").start()
    live = LivePass(rx, watchdog_s=5.0)
    try:
        transmit(part, ("127.0.0.1", rx.port), speed=20.0)
        wait_for(lambda: rx.counts["telemetry"] >= part.n_samples)
        first = live.session()
        transmit(part, ("127.0.0.1", rx.port), speed=20.0)  # the sender starts again
        wait_for(lambda: rx.counts["new_sources"] == 1 and len(rx.buffer) > 50)
        second = live.session()
    finally:
        rx.stop()
    assert rx.pass_number == 2 and rx.counts["new_sources"] == 1
    assert first is not None and second is not None and not second.same_flight(first)
    assert np.all(np.diff(second.flight.t_s) > 0)
    assert rx.record_path == tmp_path / "rx-pass2.ccsds"
    assert read_flight(tmp_path / "rx.ccsds").n_samples == part.n_samples
    assert read_flight(rx.record_path).n_samples > 50
