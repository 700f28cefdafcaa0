"""Where map labels go so that none covers another, a marker, or runs off the view (Qt-free).

A label is a box of known size that names a point. :func:`place_labels` takes them in order of
importance and gives each the first place, among a fixed list of candidates round its point,
that lies inside the view and is clear of everything placed before it and of the obstacles (the
vehicle, the flag, the labelled points themselves). Candidates run from the label's home
place outwards through the eight compass directions at growing distances; a label placed far
from its point gets a leader line (drawn by the map). A label whose point is outside the view,
or that finds no room even in its short form, is left out: never pinned to the edge or cut.

Everything is computed from the label sizes, points, view and obstacles alone, so the same
state gives the same picture however the replay got there.

>>> view = (0.0, 0.0, 400.0, 200.0)
>>> a = LabelBox((200.0, 100.0), ((120.0, 40.0),))
>>> b = LabelBox((205.0, 100.0), ((120.0, 40.0),))
>>> (box_a, _), (box_b, _) = place_labels([a, b], view)
>>> overlaps(box_a, box_b)
False
>>> place_labels([LabelBox((500.0, 100.0), ((50.0, 20.0),))], view)   # its point is off view
[(None, 0)]
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

#: A screen rectangle: left, top, right, bottom (pixels, y down).
Rect = tuple[float, float, float, float]
#: Where a box sits: the point of the box at (0..1, 0..1) of its size (y down) put at an
#: offset in pixels from the labelled point.
Placement = tuple[tuple[float, float], tuple[float, float]]

#: Distances (px) from the point at which the candidates are tried, near first.
DISTANCES_PX = (8.0, 20.0, 40.0, 70.0, 110.0, 160.0, 220.0, 300.0)
#: A box farther than this from its point is joined to it by a leader line.
LEADER_PX = 16.0
#: When nothing round its point is free, a label may go anywhere in the view, on this grid.
GRID_PX = 24.0
#: The compass directions, as (anchor, unit offset): NE, SE, SW, NW, E, W, N, S.
DIRECTIONS: tuple[tuple[tuple[float, float], tuple[float, float]], ...] = (
    ((0.0, 1.0), (1.0, -1.0)),
    ((0.0, 0.0), (1.0, 1.0)),
    ((1.0, 0.0), (-1.0, 1.0)),
    ((1.0, 1.0), (-1.0, -1.0)),
    ((0.0, 0.5), (1.0, 0.0)),
    ((1.0, 0.5), (-1.0, 0.0)),
    ((0.5, 1.0), (0.0, -1.0)),
    ((0.5, 0.0), (0.0, 1.0)),
)


@dataclass(frozen=True, slots=True)
class LabelBox:
    """A label to place: its point on the screen, the sizes of its forms (in full, then
    shorter ones, tried in turn when a longer one finds no room) and its preferred placement."""

    at_px: tuple[float, float]
    sizes_px: tuple[tuple[float, float], ...]
    home: Placement | None = None
    #: How far from its point the box may go (a station's name stays by its marker).
    reach_px: float = math.inf


def box_at(at_px: tuple[float, float], size_px: tuple[float, float], place: Placement) -> Rect:
    """The rectangle of a box of ``size_px`` placed at ``place`` from the point ``at_px``."""
    (ax, ay), (dx, dy) = place
    w, h = size_px
    left = at_px[0] + dx - ax * w
    top = at_px[1] + dy - ay * h
    return left, top, left + w, top + h


def overlaps(a: Rect, b: Rect) -> bool:
    """Whether two rectangles share any area (touching edges do not)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def candidates(label: LabelBox) -> list[Placement]:
    """The placements tried for ``label``, in order: home, then outwards round the point."""
    out: list[Placement] = [label.home] if label.home is not None else []
    for d in DISTANCES_PX:
        if d <= label.reach_px:
            out += [(anchor, (ux * d, uy * d)) for anchor, (ux, uy) in DIRECTIONS]
    return out


def leader_needed(box: Rect, at_px: tuple[float, float]) -> bool:
    """Whether a box is so far from its point that a line must join them."""
    x = min(max(at_px[0], box[0]), box[2])
    y = min(max(at_px[1], box[1]), box[3])
    return math.hypot(x - at_px[0], y - at_px[1]) > LEADER_PX


def place_labels(
    labels: Sequence[LabelBox],
    view: Rect,
    obstacles: Sequence[Rect] = (),
    margin_px: float = 4.0,
    point_px: float = 3.0,
) -> list[tuple[Rect | None, int]]:
    """For each label, in order of importance, its rectangle (``None``: left out) and which of
    its forms it is (0: in full).

    The boxes lie inside ``view`` (less ``margin_px``) and overlap neither each other, nor
    ``obstacles``, nor a square of ``point_px`` round the point of any label as important as
    theirs (a station's marker may lie under the loss-of-signal label, the flag may not). If a
    label finds no room in full, its shorter forms are tried; if none finds room, it is left
    out.
    """
    inner = (view[0] + margin_px, view[1] + margin_px, view[2] - margin_px, view[3] - margin_px)
    taken: list[Rect] = list(obstacles)
    out: list[tuple[Rect | None, int]] = []
    for label in labels:
        x, y = label.at_px
        taken.append((x - point_px, y - point_px, x + point_px, y + point_px))
        found: tuple[Rect | None, int] = (None, 0)
        if _inside_point(label.at_px, view):
            found = next(
                (
                    (b, form)
                    for form, size in enumerate(label.sizes_px)
                    for b in _boxes(label, size, inner)
                    if _clear(b, inner, taken)
                ),
                found,
            )
        if found[0] is not None:
            taken.append(found[0])
        out.append(found)
    return out


def _boxes(label: LabelBox, size: tuple[float, float], inner: Rect) -> Iterator[Rect]:
    """The boxes tried for ``label`` at ``size``: round its point, then (a label that may go
    far) on a grid over the view, nearest first."""
    for place in candidates(label):
        yield box_at(label.at_px, size, place)
    if math.isfinite(label.reach_px):
        return
    w, h = size
    xs = _steps(inner[0], inner[2] - w)
    ys = _steps(inner[1], inner[3] - h)
    x0, y0 = label.at_px
    grid = [(x, y, x + w, y + h) for x in xs for y in ys]
    yield from sorted(
        grid, key=lambda b: (math.hypot(_gap(b[0], b[2], x0), _gap(b[1], b[3], y0)), b)
    )


def _steps(lo: float, hi: float) -> list[float]:
    """Positions from ``lo`` to ``hi`` every :data:`GRID_PX`, both ends included."""
    if hi < lo:
        return []
    n = int((hi - lo) // GRID_PX)
    return [lo + k * GRID_PX for k in range(n + 1)] + ([hi] if lo + n * GRID_PX < hi else [])


def _gap(a: float, b: float, x: float) -> float:
    """How far ``x`` lies outside ``[a, b]``."""
    return max(a - x, 0.0, x - b)


def _inside_point(at: tuple[float, float], view: Rect) -> bool:
    return view[0] <= at[0] <= view[2] and view[1] <= at[1] <= view[3]


def _clear(box: Rect, inner: Rect, taken: Sequence[Rect]) -> bool:
    within = inner[0] <= box[0] and box[2] <= inner[2] and inner[1] <= box[1] and box[3] <= inner[3]
    return within and not any(overlaps(box, other) for other in taken)
