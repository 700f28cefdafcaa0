"""The transport bar: play/pause, steps and jumps, speed, and the time in T+ and UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from replay.core.clock import SPEEDS
from replay.core.timefmt import format_t_plus, format_utc
from replay.qt import theme
from replay.qt.controller import Controller
from replay.session import Session


class TransportBar(QWidget):
    """Buttons bound to the controller's actions, a speed box and the time readout."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        c = controller
        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip, slot in (
            ("home", "|◀◀", "Start (Home)", c.home),
            ("prev_event", "⇤", "Previous event ([)", c.previous_event),
            ("back10", "−10 s", "Back 10 s (Shift+←)", lambda: c.jump(-10.0)),
            ("step_back", "◀|", "Previous sample (←)", lambda: c.step(-1)),
            ("play", "▶", "Play / pause (Space)", c.toggle_play),
            ("step", "|▶", "Next sample (→)", lambda: c.step(1)),
            ("fwd10", "+10 s", "Forward 10 s (Shift+→)", lambda: c.jump(10.0)),
            ("next_event", "⇥", "Next event (])", c.next_event),
            ("end", "▶▶|", "End (End)", c.end),
        ):
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(tip)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the window's shortcuts
            b.clicked.connect(slot)
            row.addWidget(b)
            self.buttons[key] = b
        self.speed = QComboBox(self)
        self.speed.setToolTip("Replay speed (− and +)")
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for s in SPEEDS:
            self.speed.addItem("real time" if s == 1.0 else f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(self._speed_chosen)
        row.addWidget(self.speed)
        self.live = QToolButton(self)
        self.live.setText("● LIVE")
        self.live.setCheckable(True)
        self.live.setToolTip("Follow the ground's time (L); pause or scrub back to leave it")
        self.live.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.live.clicked.connect(lambda on: c.go_live() if on else c.toggle_play())
        self.live.setVisible(False)
        row.addWidget(self.live)
        self.ground = QLabel("", self)  # live: the ground's UTC clock
        theme.set_text_colour(self.ground, theme.TEXT_DIM)
        self.ground.setVisible(False)
        row.addWidget(self.ground)
        row.addStretch(1)
        clock_box = QVBoxLayout()
        clock_box.setSpacing(0)
        self.t_plus = QLabel("T+--:--", self)
        theme.set_text_colour(self.t_plus, theme.CURSOR)
        self.t_plus.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.utc = QLabel("—", self)
        theme.set_text_colour(self.utc, theme.TEXT_DIM)
        self.utc.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.restyle()
        clock_box.addWidget(self.t_plus)
        clock_box.addWidget(self.utc)
        row.addLayout(clock_box)
        self.session: Session | None = None
        self._t = 0.0
        c.clock.playing_changed.connect(self._playing)
        c.clock.speed_changed.connect(self._speed_shown)
        c.clock.following_changed.connect(self.live.setChecked)

    @property
    def t_s(self) -> float:
        return self._t

    def restyle(self) -> None:
        """Take up the theme's fonts (presentation mode)."""
        self.t_plus.setFont(theme.mono_font(20, bold=True))
        self.utc.setFont(theme.mono_font(11))
        self.ground.setFont(theme.mono_font(11))
        theme.fix_label_size(self.ground, "ground 00:00:00 UTC")
        # Fixed sizes: a new time must repaint the label, not re-lay-out the whole window.
        theme.fix_label_size(self.t_plus, "T+000:00.0")
        theme.fix_label_size(self.utc, "2016-12-01 14:58:14.0 UTC")

    def set_session(self, session: Session) -> None:
        self.session = session
        for w in (self.live, self.ground):
            w.setVisible(session.live)

    def seek(self, t_s: float) -> None:
        self._t = t_s
        self.t_plus.setText(format_t_plus(t_s))
        utc = None if self.session is None else self.session.flight.utc_at(t_s)
        self.utc.setText(format_utc(utc) if utc is not None else "UTC not in the file")
        if self.session is not None and self.session.live:
            ground = datetime.now(UTC)  # the ground's clock, beside the vehicle's time
            self.ground.setText(f"ground {ground:%H:%M:%S} UTC")

    def _playing(self, playing: bool) -> None:
        self.buttons["play"].setText("❚❚" if playing else "▶")

    def _speed_chosen(self, index: int) -> None:
        self.controller.clock.set_speed(float(self.speed.itemData(index)))

    def _speed_shown(self, speed: float) -> None:
        index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - speed))
        self.speed.blockSignals(True)  # showing the clock's speed must not set it again
        self.speed.setCurrentIndex(index)
        self.speed.blockSignals(False)
