"""The plot stack's time axis: following the replay (the flight so far, or a sliding window),
fitted to the data or spanning the recording, or held where the user zoomed or panned. A mixin
of :class:`replay.qt.plots.PlotStack`, which owns the strips, the bar and the signals used here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from replay.core.time_fit import data_range_s
from replay.qt.plot_axes import follow_range
from replay.qt.plot_bar import PlotBar
from replay.qt.plot_strips import TimeStrips
from replay.session import Session


class TimeAxis:
    """``_follow``, ``_window_s`` and ``_fit``: what the time axis shows."""

    _session: Session | None
    _t: float
    _follow: bool
    _window_s: float | None
    _fit: bool
    strips: TimeStrips
    bar: PlotBar
    follow_changed: Any
    fit_changed: Any
    seek: Callable[[float], None]  # PlotStack's: draw the flight as known at a time

    def visible_range(self) -> tuple[float, float]:
        """The time range on the axis, in s since lift-off (data stops at the replay time)."""
        lo, hi = self.strips.strip_view.viewRange()[0]
        return float(lo), float(hi)

    def following(self) -> bool:
        """Whether the time axis follows the replay (not once the user zoomed or panned)."""
        return self._follow

    @property
    def window_s(self) -> float | None:
        """While following: ``None`` for the flight so far, else the sliding window's width."""
        return self._window_s

    def hold_range(self, lo_s: float, hi_s: float) -> None:
        """Stop following and show the time range ``[lo_s, hi_s]``."""
        self.set_following(False)
        self.strips.strip_view.setXRange(lo_s, hi_s, padding=0)

    def set_following(self, follow: bool, window_s: float | None = None) -> None:
        """Follow the replay (the flight so far, or the last ``window_s``), or hold the range."""
        if follow:
            self._window_s = window_s
        if follow != self._follow:
            self._follow = follow
            self.bar.follow_button.setChecked(follow)
            self.follow_changed.emit(follow)
        if follow:
            self.seek(self._t)

    @property
    def fit_to_data(self) -> bool:
        """Whether the time axis, following, spans the data rather than the whole recording."""
        return self._fit

    def set_fit(self, on: bool) -> None:
        """Give the data the width (following the flight so far within them), or not."""
        changed, self._fit = bool(on) != self._fit, bool(on)
        self.bar.show_fit(self._fit)
        self.set_following(True, None) if on else self.seek(self._t)
        if changed:
            self.fit_changed.emit(self._fit)

    def _follow_replay(self) -> None:
        """Set the X range the replay time calls for (see :func:`follow_range`)."""
        assert self._session is not None
        s = self._session
        data_end = data_range_s(s.flight.t_s, s.start_s, s.end_s)[1] if self._fit else None
        # A live pass's recording ends "now", later at every frame: the axis must not follow
        # that end (it would rescale every plot at every frame), only its own steps.
        end_s = math.inf if s.live else s.end_s
        want = follow_range(self._t, s.start_s, end_s, self._window_s, data_end)
        view = self.strips.strip_view
        lo, hi = view.viewRange()[0]
        if abs(want[0] - lo) > 1e-9 or abs(want[1] - hi) > 1e-9:
            view.setXRange(*want, padding=0)

    def _user_moved_x(self, mask: object) -> None:
        if isinstance(mask, list | tuple) and mask and not mask[0]:
            return  # a change of Y only
        if self._follow:
            self.set_following(False)
