"""The live view: packets as they arrive, the loss-of-signal watchdog, and the counters.

The watchdog is wall-clock time: when no packet has come for ``watchdog_periods`` nominal
periods, the lamp turns red and flashes and the bell rings; it turns green again when packets
return. The plots show the last minute, decimated to a couple of thousand points per curve so
a frame costs the same at 25 or 1,000 packets a second. When the stream is over, the recording
opens in the replay window with all its controls.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from replay.physics.geodesy import geodetic_from_ecef_unchecked
from replay.qt import theme
from replay.qt.plot_axes import TimeAxis, ValueAxis
from replay.stream.receiver import COUNTERS, Receiver

REFRESH_MS = 33
WINDOW_S = 60.0
STEP_S = 10.0
MAX_POINTS = 800
DEFAULT_WATCHDOG_PERIODS = 25
_PLOTS = (
    ("alt", "Altitude (km)"),
    ("v_relative_m_s", "Speed relative to Earth (m/s)"),
    ("accel_axial_g", "Sensed axial acceleration (g)"),
    ("q_kpa", "Dynamic pressure (kPa)"),
)


class LiveWindow(QMainWindow):
    """Shows a :class:`Receiver`'s stream live; closing it stops the receiver."""

    replay_requested = Signal(str)

    def __init__(
        self, receiver: Receiver, watchdog_periods: int = DEFAULT_WATCHDOG_PERIODS
    ) -> None:
        super().__init__()
        self.receiver = receiver
        self.watchdog_periods = watchdog_periods
        self.state = "WAITING"
        self.los_count = 0
        self._flash = False
        self._frames = 0
        self._period_s: float | None = None
        self.setWindowTitle(f"Listening on {receiver.host}:{receiver.port} — Ascent Replay")
        central = QWidget(self)
        box = QVBoxLayout(central)
        top = QHBoxLayout()
        self.lamp = QLabel("●", self)
        self.lamp.setFont(theme.mono_font(28, bold=True))
        self.status = QLabel("WAITING", self)
        self.status.setFont(theme.mono_font(20, bold=True))
        self.status.setFixedWidth(self.status.fontMetrics().horizontalAdvance("WAITING FOR DATA"))
        self.age = QLabel("", self)
        self.age.setFont(theme.mono_font(12))
        self.age.setFixedWidth(self.age.fontMetrics().horizontalAdvance("last packet 9999.9 s ago"))
        top.addWidget(self.lamp)
        top.addWidget(self.status)
        top.addWidget(self.age)
        top.addStretch(1)
        self.replay_button = QPushButton("Stop and replay the recording", self)
        self.replay_button.clicked.connect(self._replay)
        self.replay_button.setEnabled(receiver.record_path is not None)
        top.addWidget(self.replay_button)
        box.addLayout(top)
        self.counter_labels: dict[str, QLabel] = {}
        box.addLayout(self._counters())
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.views: dict[str, pg.ViewBox] = {}
        self._y: dict[str, tuple[float, float]] = {}
        self._plots()
        box.addWidget(self.graphics, 1)
        self.where = QLabel("", self)
        box.addWidget(self.where)
        self.problem = QLabel("", self)  # the receiver's status: what went wrong on our side
        self.problem.setStyleSheet(f"color: {theme.WARNING};")
        box.addWidget(self.problem)
        self.setCentralWidget(central)
        self.resize(1100, 800)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self._set_state("WAITING")

    def _counters(self) -> QGridLayout:
        grid = QGridLayout()
        for k, name in enumerate(COUNTERS):
            grid.addWidget(QLabel(name.replace("_", " "), self), 0, k)
            value = QLabel("0", self)
            value.setFont(theme.mono_font(12, bold=True))
            grid.addWidget(value, 1, k)
            self.counter_labels[name] = value
        return grid

    def _plots(self) -> None:
        # The plot stack's axes: pyqtgraph's own repaint ~8 ms each here as the window rolls.
        for row, (key, title) in enumerate(_PLOTS):
            axes = {"left": ValueAxis(), "bottom": TimeAxis()}
            plot = self.graphics.addPlot(row=row, col=0, title=title, axisItems=axes)
            plot.setMouseEnabled(x=False, y=False)
            plot.disableAutoRange()  # ranges are set from the data each frame, without searching it
            self.views[key] = plot.getViewBox()
            colour = theme.CURVES[row % len(theme.CURVES)]
            # Not antialiased: a rolling curve is redrawn every frame, and smoothing costs more
            # than the curve itself on a software-rendered window.
            self.curves[key] = plot.plot(
                pen=pg.mkPen(colour, width=1), connect="finite", antialias=False
            )

    # --- every frame -------------------------------------------------------------------------
    def refresh(self) -> None:
        r = self.receiver
        for name, label in self.counter_labels.items():
            text = str(r.counts[name])
            if label.text() != text:
                label.setText(text)
        if self.problem.text() != r.status:
            self.problem.setText(r.status)
        since = r.seconds_since_last_packet
        period = self._period()
        if since is None:
            self._set_state("WAITING")
        elif since > self.watchdog_periods * period:
            self._set_state("LOS")
        else:
            self._set_state("AOS")
        self.age.setText("" if since is None else f"last packet {since:6.1f} s ago")
        if self.state == "LOS":
            self._flash = not self._flash
            self.lamp.setVisible(self._flash or (int(since or 0) % 2 == 0))
        self._update_plots(period)

    def _period(self) -> float:
        """The nominal sample period, relearnt from the last packets about once a second."""
        self._frames += 1
        if self._frames % 30 and self._period_s is not None:
            return self._period_s
        t, _ = self.receiver.buffer.tail(5.0, [])
        rate = self.receiver.buffer.meta_body.get("sample_rate_hz")
        if t.size > 3:
            self._period_s = float(np.median(np.diff(t)))
        elif rate:
            self._period_s = 1.0 / float(rate)
        return self._period_s if self._period_s is not None else 0.04

    def _set_state(self, state: str) -> None:
        if state == self.state:
            return
        if state == "LOS":
            self.los_count += 1
            QApplication.beep()  # the audible cue; the lamp flashes for the eye
            self.statusBar().showMessage("LOSS OF SIGNAL: no packet within the watchdog time")
        elif state == "AOS" and self.state == "LOS":
            self.statusBar().showMessage("Signal back", 5000)
        self.state = state
        colour = {"AOS": theme.AOS, "LOS": theme.LOS}.get(state, theme.TEXT_DIM)
        self.lamp.setStyleSheet(f"color: {colour};")
        self.lamp.setVisible(True)
        self.status.setStyleSheet(f"color: {colour};")
        self.status.setText("WAITING FOR DATA" if state == "WAITING" else state)

    def _update_plots(self, period: float) -> None:
        buf = self.receiver.buffer
        slots = ["x_ecef_m", "y_ecef_m", "z_ecef_m", "v_relative_m_s", "accel_axial_g", "q_kpa"]
        cuc, cols = buf.tail(WINDOW_S, slots)
        if cuc.size < 2:
            return
        offset = buf.epoch_offset_s()
        t = cuc - (offset if offset is not None else float(cuc[0]))
        step = max(1, cuc.size // MAX_POINTS)
        idx = np.arange(0, cuc.size, step)
        gap = np.diff(cuc[idx]) > max(1.5 * period, 1.5 * step * period)
        lat, lon, alt = geodetic_from_ecef_unchecked(*(cols[s][idx] for s in slots[:3]))
        series = {"alt": alt / 1e3, **{k: cols[k][idx] for k in slots[3:]}}
        x = t[idx]
        for key, curve in self.curves.items():
            y = np.asarray(series[key], dtype=np.float64).copy()
            y[:-1][gap] = np.nan  # break the line where frames are missing
            curve.setData(x, y)
            # The time axis steps every STEP_S rather than rolling every frame: the axes repaint
            # a few times a minute instead of 30 times a second, and stay still enough to read.
            x1 = STEP_S * np.ceil(float(x[-1]) / STEP_S + 0.05)
            self._fit(key, x1 - WINDOW_S - STEP_S, x1, y)
        self.where.setText(
            f"T+{t[-1]:.1f} s   {lat[-1]:.3f}°, {lon[-1]:.3f}°   "
            f"{alt[-1] / 1e3:.1f} km   {buf.meta_body.get('title', '')}"
        )

    def _fit(self, key: str, x0: float, x1: float, y: np.ndarray) -> None:
        """Step the time axis; move the value axis only when the data leaves or shrinks in it."""
        view = self.views[key]
        if view.viewRange()[0] != [x0, x1]:
            view.setXRange(x0, x1, padding=0.0)
        finite = y[np.isfinite(y)]
        if finite.size == 0:
            return
        lo, hi = float(finite.min()), float(finite.max())
        span = max(hi - lo, abs(hi) * 0.05, 1e-6)
        cur = self._y.get(key)
        if cur is None or lo < cur[0] or hi > cur[1] or span < 0.5 * (cur[1] - cur[0]):
            self._y[key] = (lo - 0.1 * span, hi + 0.1 * span)
            view.setYRange(*self._y[key], padding=0.0)

    # --- ending ------------------------------------------------------------------------------
    def _replay(self) -> None:
        self._timer.stop()
        self.receiver.stop()
        if self.receiver.record_path is not None:
            self.replay_requested.emit(str(self.receiver.record_path))
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        self.receiver.stop()
        super().closeEvent(event)
