"""The live view: packets in, the watchdog raising and clearing the loss of signal, the counters."""

from __future__ import annotations

import socket
from pathlib import Path

from pytestqt.qtbot import QtBot

from replay.io import read_flight
from replay.packets.codec import slot_names, stream, telemetry_records
from replay.packets.layout import load_layout, primary_header
from replay.qt import theme
from replay.qt.live_window import LiveWindow
from replay.resources import sample
from replay.stream.receiver import Receiver

LAYOUT = load_layout()
FLIGHT = read_flight(sample("antares-orb-3"))
PACKETS = [r.tobytes() for r in telemetry_records(LAYOUT, FLIGHT, slot_names(FLIGHT, LAYOUT))]
META = next(p for _t, p in stream(LAYOUT, FLIGHT))


def send(port: int, datagrams: list[bytes]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for d in datagrams:
            s.sendto(d, ("127.0.0.1", port))


def test_watchdog_raises_and_clears_the_loss_of_signal(qtbot: QtBot, tmp_path: Path) -> None:
    rx = Receiver(port=0, record=tmp_path / "live.ccsds").start()
    w = LiveWindow(rx, watchdog_periods=10)  # 10 periods of 40 ms: LOS after 0.4 s of silence
    qtbot.addWidget(w)
    w.show()
    assert w.state == "WAITING"
    send(rx.port, [META, *PACKETS[:300]])
    qtbot.waitUntil(lambda: rx.counts["telemetry"] == 300, timeout=5000)
    qtbot.waitUntil(lambda: w.state == "AOS", timeout=2000)
    assert w.status.text() == "AOS"
    assert w.counter_labels["telemetry"].text() == "300"
    x, _y = w.curves["alt"].getData()
    assert x is not None and len(x) > 100 and x[-1] > 0  # flight time, since liftoff
    qtbot.waitUntil(lambda: w.state == "LOS", timeout=3000)  # silence: the watchdog bites
    assert w.los_count == 1
    assert theme.LOS in w.status.styleSheet()
    send(rx.port, PACKETS[300:400])
    qtbot.waitUntil(lambda: w.state == "AOS", timeout=3000)  # packets back: signal back
    assert w.los_count == 1
    with qtbot.waitSignal(w.replay_requested, timeout=3000) as got:
        w.replay_button.click()
    assert got.args == [str(tmp_path / "live.ccsds")]
    assert read_flight(tmp_path / "live.ccsds").n_samples == 400


def test_bad_packets_show_in_the_counters(qtbot: QtBot) -> None:
    rx = Receiver(port=0).start()
    w = LiveWindow(rx)
    qtbot.addWidget(w)
    send(rx.port, [b"\x01\x02\x03", PACKETS[0], PACKETS[0], b"\x00" * 9000])
    qtbot.waitUntil(lambda: rx.counts["datagrams"] == 4, timeout=3000)
    qtbot.waitUntil(lambda: w.counter_labels["duplicate"].text() == "1", timeout=2000)
    assert w.counter_labels["malformed"].text() == "1"
    assert w.counter_labels["oversized"].text() == "1"
    w.close()


def test_a_bad_launch_time_is_counted_and_the_window_goes_on(qtbot: QtBot) -> None:
    """Issue 12: after a metadata packet with a malformed launch_utc the window printed a
    traceback every frame and showed a false loss of signal. Problems of ours show in a line."""
    body = b'{"meta": {"launch_utc": "2016-12-01 at three"}}'
    bad = primary_header(LAYOUT.metadata_apid, 1, 6 + 7 + len(body)) + b"\x00" * 7 + body
    rx = Receiver(port=0).start()
    w = LiveWindow(rx)
    qtbot.addWidget(w)
    send(rx.port, [META, bad, *PACKETS[:100]])
    qtbot.waitUntil(lambda: rx.counts["telemetry"] == 100, timeout=3000)
    w.refresh()
    assert w.state == "AOS" and w.counter_labels["bad_metadata"].text() == "1"
    assert w.problem.text() == ""
    rx.status = "recording stopped: OSError: [Errno 28] No space left on device"
    w.refresh()
    assert w.problem.text() == rx.status
    w.close()
