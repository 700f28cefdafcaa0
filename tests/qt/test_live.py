"""Live is the same window: a pass sent over loopback into the replay window, as an operator
watches it — the track and the LOS flag where the replay of the same CSV puts it, a dropout that
is never a loss, scrubbing back and returning to live while packets arrive, a restarted sender,
and a late join that knows T+ from its first packets."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from replay.core.flight import Flight
from replay.io import read_flight
from replay.qt.main_window import MainWindow
from replay.resources import sample
from replay.session import Session
from replay.stream.transmit import transmit

MS04 = read_flight(sample("progress-ms-04"))


def cut(f: Flight, t0: float, t1: float) -> Flight:
    keep = (f.t_s >= t0) & (f.t_s <= t1)
    return dataclasses.replace(
        f, t_s=f.t_s[keep], channels={k: v[keep] for k, v in f.channels.items()}
    )


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w, before_close_func=lambda w: w.live.stop())  # never asked, even on failure
    w.resize(1400, 850)
    w.show()
    assert w.live.listen(0, record=tmp_path / "rx.ccsds")
    yield w
    w.live.stop()
    w.close()


def send(w: MainWindow, flight: Flight, speed: float) -> threading.Thread:
    rx = w.live.receiver
    assert rx is not None
    thread = threading.Thread(
        target=transmit,
        args=(flight, ("127.0.0.1", rx.port)),
        kwargs={"speed": speed},
        daemon=True,
    )
    thread.start()
    return thread


def sent(qtbot: QtBot, thread: threading.Thread, timeout_s: int) -> None:
    """Wait for the sender while the window runs its events (a join would freeze the window)."""
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=timeout_s * 1000)


def session(w: MainWindow) -> Session:
    s = w.controller.session
    assert s is not None
    return s


def test_the_map_flags_the_loss_where_the_replay_does(qtbot: QtBot, window: MainWindow) -> None:
    part = cut(MS04, 340.0, 382.01)
    sent(qtbot, send(window, part, 20.0), 10)
    panel, m = window.page.signal_panel, window.page.map
    qtbot.waitUntil(lambda: window.controller.session is not None, timeout=5000)
    assert window.controller.live and window.page.transport.live.isChecked()
    assert session(window).live
    qtbot.waitUntil(m.los_flag_visible, timeout=10_000)  # the last packet, then the watchdog
    assert panel.status.text() == "LOS"
    assert window.live.alarm.isVisible()
    qtbot.waitUntil(lambda: session(window).analysis.impact is not None, timeout=15_000)
    los = session(window).analysis.los
    assert los is not None and los.t_s == pytest.approx(382.0, abs=1e-3)
    lon, lat = m.end.flag.pos().x(), m.end.flag.pos().y()
    k = int(np.searchsorted(MS04.t_s, 382.0))  # the replay's T+382 point, from the same CSV
    assert (lat, lon) == pytest.approx(
        (MS04.channels["lat_deg"][k], MS04.channels["lon_deg"][k]), abs=1e-6
    )
    x, _y = m.track.drawn()
    assert np.isfinite(x).sum() > 10  # the track is drawn
    log = [window.live.link.log.item(i).text() for i in range(window.live.link.log.count())]
    assert any(line.endswith("LOS") for line in log)
    window.live.acknowledge()
    assert not window.live.alarm.isVisible()


def test_a_short_gap_is_a_dropout_never_a_loss(qtbot: QtBot, window: MainWindow) -> None:
    part = cut(MS04, 283.0, 292.0)  # the 0.64 s gap at core-stage cut-off, T+286.96
    seen: list[str] = []
    window.controller.clock.time_changed.connect(
        lambda _t: seen.append(window.page.signal_panel.status.text())
    )
    sent(qtbot, send(window, part, 2.0), 15)
    qtbot.wait(300)
    during = [s for k, s in enumerate(seen) if k == 0 or seen[k - 1] != s]
    assert "DROPOUT" in during
    assert "LOS" not in during[: during.index("DROPOUT") + 2]  # back to AOS, not LOS


def test_scrub_back_and_return_to_live_while_packets_arrive(
    qtbot: QtBot, window: MainWindow
) -> None:
    part = cut(MS04, 200.0, 300.0)
    sending = send(window, part, 10.0)
    qtbot.waitUntil(lambda: window.controller.session is not None, timeout=5000)
    qtbot.wait(1500)
    c = window.controller
    assert c.live
    c.seek(210.0)  # back in the flight, as a user scrubs
    assert not c.live and not window.page.transport.live.isChecked()
    c.clock.pause()
    grown = session(window).flight.n_samples
    qtbot.wait(800)
    assert session(window).flight.n_samples > grown  # packets keep arriving
    assert c.clock.t_s == 210.0  # and the replay stays where the user put it
    window.page.transport.live.click()  # "Live"
    assert c.live and c.clock.playing
    newest = float(session(window).flight.t_s[-1])
    assert c.clock.t_s > newest - 10.0  # near now again
    sent(qtbot, sending, 15)


def test_a_restarted_sender_starts_a_new_pass(qtbot: QtBot, window: MainWindow) -> None:
    part = cut(MS04, 100.0, 106.0)
    sent(qtbot, send(window, part, 20.0), 10)
    qtbot.waitUntil(lambda: window.controller.session is not None, timeout=5000)
    first = session(window)
    sent(qtbot, send(window, part, 20.0), 10)
    rx = window.live.receiver
    assert rx is not None
    qtbot.waitUntil(lambda: rx.counts["new_sources"] == 1, timeout=5000)
    qtbot.waitUntil(lambda: not session(window).same_flight(first), timeout=5000)
    assert rx.pass_number == 2
    window.live.link.refresh()
    assert "pass 2" in window.live.link.rate.text()


def test_a_late_join_shows_t_plus_from_the_first_packets(qtbot: QtBot, window: MainWindow) -> None:
    part = cut(MS04, 156.0, 158.0)  # no metadata packet in it: T+ from the packets themselves
    send(window, part, 1.0)
    qtbot.waitUntil(lambda: window.controller.session is not None, timeout=5000)
    s = session(window)
    assert float(s.flight.t_s[0]) == pytest.approx(156.0, abs=1e-3)
    text = window.page.transport.t_plus.text()
    assert text.startswith("T+02:3")  # T+156 s, never T+1 s
    assert window.page.transport.utc.text().startswith("2016-12-01 14:5")
