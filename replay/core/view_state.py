"""What a replay window shows besides the flight: the options its pictures depend on (Qt-free).

A view's picture is a function of (flight, replay time, options). :class:`ViewState` is those
options with the time: a window brought to the same state, however it got there, draws the same.

>>> state = ViewState(t_s=382.0, channels=("alt_m", "q_kpa"), plot_range_s=(300.0, 420.0))
>>> state.plots_follow, state.map_follow
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass

#: A comparison is aligned at liftoff unless a view says otherwise (replay.analysis.compare).
DEFAULT_ALIGN = "liftoff"

Box = tuple[float, float, float, float]  # lon min, lon max, lat min, lat max


@dataclass(frozen=True, slots=True)
class ViewState:
    """The replay time and the window's view options."""

    t_s: float
    speed: float = 1.0
    #: The plotted channels, top to bottom (empty: the flight's default plots).
    channels: tuple[str, ...] = ()
    #: The plots' held time range, or ``None`` while they follow the replay...
    plot_range_s: tuple[float, float] | None = None
    #: ... the flight so far (``None``) or a sliding window of this many seconds.
    plot_window_s: float | None = None
    #: The top plot on screen when not all of them fit at a readable height.
    plot_first: int = 0
    #: Whether the timeline and the following plots span the data rather than the whole
    #: recording (``None``: as the flight opens, fitted when its data are short).
    fit_data: bool | None = None
    #: The map view the user chose (``None``: framed round the flight), and whether the map
    #: follows the vehicle from it.
    map_home: Box | None = None
    map_follow: bool = True
    nominal: bool = True
    truth: bool = False
    presentation: bool = False
    #: The unit system of every view (see :mod:`replay.core.display`).
    units: str = "km"
    #: Whether the plots follow the lesson's cards (until the user picks channels).
    lesson_layout: bool = True
    #: The lesson's progress: the pauses answered (card numbers) and what their answers revealed.
    lesson_answered: tuple[int, ...] = ()
    lesson_revealed: tuple[str, ...] = ()
    #: The ascent profiles shown under the plots (ids of :mod:`replay.qt.profile_plot`).
    profiles: tuple[str, ...] = ()
    #: A second flight drawn for comparison (its file; ``None``: none) and the event of both
    #: flights put at one time (:mod:`replay.analysis.compare`).
    compare_file: str | None = None
    compare_align: str = DEFAULT_ALIGN

    @property
    def plots_follow(self) -> bool:
        return self.plot_range_s is None
