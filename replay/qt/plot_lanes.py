"""The two strips around the plots: event labels above them, the signal's presence below.

Both paint in screen pixels (through the painter's transform), so labels keep their size and
never overlap at any zoom, and a one-frame dropout stays at least two pixels wide however far
out the user zooms. The strip is computed from the gap list, not from the plotted data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from replay.core.flight import Event
from replay.qt import theme
from replay.qt.plot_items import ViewFiller, blend, plot_font

#: A dropout or loss is drawn at least this wide, however short it was.
MIN_GAP_PX = 2.0


@dataclass(frozen=True, slots=True)
class EventMark:
    """One label of the event lane.

    ``kind`` is ``"recorded"``, ``"detected"`` (inferred from the data, drawn dim and italic) or
    ``"los"`` (red); ``known_s`` is when the label appears (the event itself, or for a loss of
    signal the moment a frame is overdue).
    """

    t_s: float
    text: str
    kind: str = "recorded"
    known_s: float | None = None

    @property
    def shown_from_s(self) -> float:
        return self.t_s if self.known_s is None else self.known_s


def short_label(label: str, max_chars: int = 40) -> str:
    """An event label cut for a plot: no parenthesised details, at most ``max_chars``.

    >>> short_label("Strap-on boosters (Blok B, V, G, D) cut-off")
    'Strap-on boosters cut-off'
    """
    s = re.sub(r"\s*\([^)]*\)", "", label).strip() or label.strip()
    return s if len(s) <= max_chars else s[: max_chars - 1].rstrip() + "…"


def merge_labels(labels: Sequence[str]) -> list[str]:
    """Labels of simultaneous events, those differing only in their last word folded into one.

    >>> merge_labels(["Core stage cut-off", "Third stage ignition", "Core stage separation"])
    ['Core stage cut-off, separation', 'Third stage ignition']
    """
    groups: dict[str, list[str]] = {}
    for label in labels:
        words = label.split()
        head = " ".join(words[:-1]) if len(words) > 1 else label
        groups.setdefault(head, []).append(words[-1] if len(words) > 1 else "")
    out = []
    for head, tails in groups.items():
        kept = [t for t in dict.fromkeys(tails) if t]
        out.append(f"{head} {', '.join(kept)}" if kept else head)
    return out


def event_marks(events: Sequence[Event], same_s: float = 0.5) -> list[EventMark]:
    """Lane labels for flight events, those within ``same_s`` of each other merged."""
    marks: list[EventMark] = []
    evs = sorted(events, key=lambda e: e.t_s)
    i = 0
    while i < len(evs):
        j = i
        while j + 1 < len(evs) and evs[j + 1].t_s - evs[i].t_s <= same_s:
            j += 1
        group = evs[i : j + 1]
        for source in ("recorded", "detected"):
            labels = merge_labels([short_label(e.label) for e in group if e.source == source])
            suffix = " (det.)" if source == "detected" else ""
            marks += [EventMark(group[0].t_s, text + suffix, source) for text in labels]
        i = j + 1
    return marks


class EventLane(ViewFiller):
    """Event labels above the plots, staggered into rows in screen space so none overlap.

    Only labels known by ``now`` are drawn. A label that finds no free row is left out (its
    marker line in the plots remains); the loss of signal is placed first so it always shows.
    """

    ROWS = 4

    def __init__(self) -> None:
        super().__init__()
        self._colours = {
            "recorded": QColor(theme.TEXT),
            "detected": QColor(theme.TEXT_DIM),
            "los": QColor(theme.LOS),
        }
        self._line = QPen(QColor(theme.EVENT), 1)
        self._line.setCosmetic(True)
        self._marks: list[EventMark] = []
        self._widths: list[float] = []
        self.now = -math.inf
        self._shown = 0
        #: What the last paint showed: each label, its row and its extent in pixels.
        self.drawn: list[tuple[EventMark, int, tuple[float, float]]] = []
        self.restyle()

    def restyle(self) -> None:
        """Take up the theme's font (presentation mode)."""
        self._fonts = {False: plot_font(), True: plot_font(italic=True)}
        self._metrics = {k: QFontMetricsF(f) for k, f in self._fonts.items()}
        self.set_marks(self._marks)

    @classmethod
    def height_px(cls) -> int:
        return int(cls.ROWS * QFontMetricsF(plot_font()).height() + 6)

    def set_marks(self, marks: list[EventMark]) -> None:
        # The loss first: when rows run out it is the label that must not be dropped.
        self._marks = sorted(marks, key=lambda m: (m.kind != "los", m.t_s))
        self._widths = [
            self._metrics[m.kind == "detected"].horizontalAdvance(m.text) for m in self._marks
        ]
        self._shown = -1
        self.update()

    def set_now(self, t_s: float) -> None:
        self.now = t_s
        shown = sum(m.shown_from_s <= t_s for m in self._marks)
        if shown != self._shown:
            self._shown = shown
            self.update()

    def paint(self, p: QPainter, *args: object) -> None:
        view = self.viewRect()
        if view is None:
            return
        tr = p.transform()
        area = tr.mapRect(view)
        p.resetTransform()
        row_h = self._metrics[False].height()
        taken: list[list[tuple[float, float]]] = [[] for _ in range(self.ROWS)]
        self.drawn = []
        for mark, width in zip(self._marks, self._widths, strict=True):
            if mark.shown_from_s > self.now:
                continue
            x = mark.t_s * tr.m11() + tr.dx()
            if x < area.left() or x > area.right():
                continue
            # Right of its line, or left of it where the right edge would cut it.
            left = x + width + 10 > area.right()
            box_x = x - width - 7 if left else x + 1
            span = (box_x - 3, box_x + width + 10)
            row = next(
                (
                    r
                    for r in range(self.ROWS)
                    if all(b < span[0] or a > span[1] for a, b in taken[r])
                ),
                None,
            )
            if row is None:
                continue
            taken[row].append(span)
            top = area.top() + 2 + row * row_h
            p.setPen(self._line)
            p.drawLine(QPointF(x, top), QPointF(x, area.bottom()))
            box = QRectF(box_x, top, width + 6, row_h)
            p.fillRect(box, QColor(theme.BACKGROUND))
            p.setFont(self._fonts[mark.kind == "detected"])
            p.setPen(self._colours.get(mark.kind, self._colours["recorded"]))
            p.drawText(box.adjusted(3, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, mark.text)
            self.drawn.append((mark, row, (box.left(), box.right())))


# --- the signal strip -------------------------------------------------------------------------


class SignalSpans:
    """Received data, dropouts and the loss of signal as time spans, cut at a replay time.

    Built from the gap list (not from plotted data), so every dropout is there however short.
    The loss of signal starts at the last good sample ``los[0]`` and shows from ``los[1]``, when
    the ground can tell it from a late frame.
    """

    def __init__(
        self,
        t_first: float,
        t_last: float,
        gaps: Sequence[tuple[float, float]],
        los: tuple[float, float] | None = None,
    ) -> None:
        g = np.asarray(sorted(gaps), dtype=np.float64).reshape(-1, 2)
        self.gap_start, self.gap_end = g[:, 0], g[:, 1]
        self.rx_start = np.concatenate([[t_first], self.gap_end])
        self.rx_end = np.concatenate([self.gap_start, [t_last]])
        self.los = los

    def received(self, now: float) -> tuple[np.ndarray, np.ndarray]:
        """Start and end of every stretch of received data up to ``now``."""
        k = int(np.searchsorted(self.rx_start, now, side="right"))
        return self.rx_start[:k], np.minimum(self.rx_end[:k], now)

    def dropouts(self, now: float) -> tuple[np.ndarray, np.ndarray]:
        """Start and end of every dropout begun before ``now`` (an open one ends at ``now``)."""
        k = int(np.searchsorted(self.gap_start, now, side="left"))
        return self.gap_start[:k], np.minimum(self.gap_end[:k], now)

    def silence(self, now: float) -> tuple[float, float] | None:
        """The loss of signal so far, once the ground has declared it."""
        if self.los is None or now < self.los[1]:
            return None
        return self.los[1], now

    def overdue(self, now: float) -> tuple[float, float] | None:
        """The silence after the last frame before the loss is declared: a dropout to the
        ground, which cannot know that no frame will come."""
        if self.los is None or now <= self.los[0]:
            return None
        return self.los[0], min(now, self.los[1])


def _pixel_runs(a: np.ndarray, b: np.ndarray, min_px: float) -> list[tuple[float, float]]:
    """Screen intervals, each at least ``min_px`` wide, those touching merged (few to paint)."""
    if a.size == 0:
        return []
    b = np.maximum(b, a + min_px)
    # A new run starts where an interval begins after everything before it has ended.
    reach = np.maximum.accumulate(b)
    new = np.concatenate([[True], a[1:] > reach[:-1] + 0.5])
    starts = np.flatnonzero(new)
    ends = np.concatenate([starts[1:], [a.size]]) - 1
    return list(zip(a[starts].tolist(), reach[ends].tolist(), strict=True))


class SignalStrip(ViewFiller):
    """A thin bar in time: green where data came, amber at dropouts, red after the loss."""

    def __init__(self) -> None:
        super().__init__()
        self.spans: SignalSpans | None = None
        self.now = -math.inf
        self._colours = (blend(theme.AOS, 170), QColor(theme.DROPOUT), QColor(theme.LOS))

    def set_spans(self, spans: SignalSpans | None) -> None:
        self.spans = spans
        self.update()

    def set_now(self, t_s: float) -> None:
        if t_s != self.now:
            self.update_between(self.now, t_s, MIN_GAP_PX + 2)
            self.now = t_s

    def paint(self, p: QPainter, *args: object) -> None:
        view = self.viewRect()
        if view is None or self.spans is None:
            return
        tr = p.transform()
        area = tr.mapRect(view)
        sx, dx = tr.m11(), tr.dx()
        p.resetTransform()
        p.setPen(Qt.PenStyle.NoPen)
        top, h = area.top() + 3, area.height() - 6
        rx_a, rx_b = self.spans.received(self.now)
        for a, b in _pixel_runs(rx_a * sx + dx, rx_b * sx + dx, 1.0):
            p.fillRect(QRectF(a, top, b - a, h), self._colours[0])
        gap_a, gap_b = self.spans.dropouts(self.now)
        overdue = self.spans.overdue(self.now)
        if overdue is not None:
            gap_a, gap_b = np.append(gap_a, overdue[0]), np.append(gap_b, overdue[1])
        for a, b in _pixel_runs(gap_a * sx + dx, gap_b * sx + dx, MIN_GAP_PX):
            p.fillRect(QRectF(a, top, b - a, h), self._colours[1])
        silence = self.spans.silence(self.now)
        if silence is not None:
            a, b = (
                silence[0] * sx + dx,
                max(silence[1] * sx + dx, silence[0] * sx + dx + MIN_GAP_PX),
            )
            p.fillRect(QRectF(a, top, b - a, h), self._colours[2])
