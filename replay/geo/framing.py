"""What a map following a flight shows: views as lon/lat boxes, as functions of state alone.

A following map must look the same at a replay time however the replay got there (played,
stepped, seeked). So the view is not moved "when the vehicle leaves the middle" (that depends on
the path), but computed from the view the user chose (``home``) and the replay time's target:
the home view moved by whole steps of 40 % of its size until the target lies in its central
80 %. Between steps the map stands still (its layers repaint from their caches), and each step
leaves the vehicle well inside the view.

>>> follow_view((0.0, 40.0, 0.0, 20.0), (10.0, 10.0, 10.0, 10.0))   # inside: home as it is
(0.0, 40.0, 0.0, 20.0)
>>> follow_view((0.0, 40.0, 0.0, 20.0), (37.0, 37.0, 10.0, 10.0))   # one step east
(16.0, 56.0, 0.0, 20.0)
"""

from __future__ import annotations

import math

Box = tuple[float, float, float, float]  # lon min, lon max, lat min, lat max

#: The target may roam this central fraction of the view before the view steps.
FOLLOW_BOX = 0.8
#: A step moves the view by this fraction of its size.
STEP = 0.4
#: The smallest span (deg of longitude) of a view framed round something: about 2 km, so a
#: hobby rocket's kilometre of track fills the view (the Blue Marble is one blur there, 15 px
#: per degree; the track, stations and labels still draw).
MIN_FIT_SPAN_DEG = 0.02
#: A live pass is framed at least this wide (deg of longitude, ~110 km at the equator) and
#: zoomed out by doubling as it grows (:func:`grown_view`): the view changes a few times a
#: pass, not at every snapshot, and the first minute of an ascent is seen with its ground.
LIVE_MIN_SPAN_DEG = 1.0


def follow_view(home: Box, target: Box | None) -> Box:
    """The view that keeps ``target`` in sight from ``home``.

    A point target (or a small box) is kept in the central :data:`FOLLOW_BOX` of a view of the
    home's size, moved from the home by whole steps; a box that does not fit there (the loss
    of signal and its impact zone) is framed instead, zooming out only (:func:`frame`).
    """
    _check(home, "home")
    if target is None:
        return home
    _check(target, "target")
    x0, x1, y0, y1 = home
    w, h = x1 - x0, y1 - y0
    if target[1] - target[0] > (1 - FOLLOW_BOX) * w or target[3] - target[2] > (1 - FOLLOW_BOX) * h:
        return frame(target, w, zoom_in=False)
    cx = _stepped((x0 + x1) / 2, (target[0] + target[1]) / 2, w)
    cy = _stepped((y0 + y1) / 2, (target[2] + target[3]) / 2, h)
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def grown_view(home: Box | None, box: Box) -> Box:
    """The view of a flight that grows while it is shown (a live pass): ``home`` while ``box``
    (the flight so far) lies inside its central :data:`FOLLOW_BOX`, else ``box`` framed at
    least :data:`LIVE_MIN_SPAN_DEG` wide and twice as wide as it needs, so that it can grow.

    >>> x0, x1, _, _ = grown_view(None, (63.30, 63.31, 45.96, 45.97))   # 1 km: framed 1° wide
    >>> round(x1 - x0, 6)
    1.0
    >>> grown_view((62.8, 63.8, 45.7, 46.2), (63.3, 63.5, 45.9, 46.0))   # still inside: kept
    (62.8, 63.8, 45.7, 46.2)
    """
    _check(box, "box")
    if home is not None:
        _check(home, "home")
        x0, x1, y0, y1 = home
        mx, my = (1 - FOLLOW_BOX) / 2 * (x1 - x0), (1 - FOLLOW_BOX) / 2 * (y1 - y0)
        if x0 + mx <= box[0] and box[1] <= x1 - mx and y0 + my <= box[2] and box[3] <= y1 - my:
            return home
    x0, x1, _, _ = frame(box, 0.0, zoom_in=True)  # as wide as the box needs
    return frame(box, max(LIVE_MIN_SPAN_DEG, 2.0 * (x1 - x0)), zoom_in=False)


def frame(box: Box, span_deg: float, zoom_in: bool) -> Box:
    """A view centred on ``box``, 2:1, with room round it: ``span_deg`` wide unless the box
    needs more (or, with ``zoom_in``, exactly as wide as the box needs)."""
    _check(box, "box")
    x0, x1, y0, y1 = box
    need = max(x1 - x0, 2.0 * (y1 - y0), MIN_FIT_SPAN_DEG) * 1.5  # keep lon:lat ~ 2:1
    span = need if zoom_in or need > span_deg else span_deg
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    return cx - span / 2, cx + span / 2, cy - span / 4, cy + span / 4


def pixel_aligned(box: Box, width_px: float, height_px: float) -> Box:
    """``box`` widened to the aspect of a ``width_px`` x ``height_px`` view (same degrees per
    pixel both ways, centred), its corner moved to a whole number of pixels from (0, 0).

    Every view at one zoom then puts a given place at the same fraction of a pixel, so a layer
    cached as a pixmap in one view and moved to another looks exactly as if drawn there.

    >>> pixel_aligned((0.3, 12.8, 0.0, 2.0), 100, 50)    # 1/8 deg per pixel
    (0.25, 12.75, -2.125, 4.125)
    """
    _check(box, "box")
    x0, x1, y0, y1 = box
    if not (width_px >= 1 and height_px >= 1):
        return box
    scale = max((x1 - x0) / width_px, (y1 - y0) / height_px)
    if not scale > 0.0:
        return box
    left = round((0.5 * (x0 + x1) - 0.5 * scale * width_px) / scale)
    bottom = round((0.5 * (y0 + y1) - 0.5 * scale * height_px) / scale)
    return (
        left * scale,
        (left + width_px) * scale,
        bottom * scale,
        (bottom + height_px) * scale,
    )


def _stepped(centre: float, target: float, size: float) -> float:
    offset = target - centre
    free = FOLLOW_BOX * size / 2
    if abs(offset) <= free:
        return centre
    steps = math.ceil((abs(offset) - free) / (STEP * size))
    return centre + math.copysign(steps * STEP * size, offset)


def _check(box: Box, name: str) -> None:
    x0, x1, y0, y1 = box
    if not all(math.isfinite(v) for v in box) or x1 < x0 or y1 < y0:
        raise ValueError(f"{name} must be a finite (lon min, lon max, lat min, lat max), got {box}")
