"""Map framing as a function of state: the vehicle stays in the middle of the view, the view
moves in whole steps, and views at one zoom sit on whole pixels."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from replay.geo.framing import (
    FOLLOW_BOX,
    LIVE_MIN_SPAN_DEG,
    STEP,
    follow_view,
    frame,
    grown_view,
    pixel_aligned,
)

lon = st.floats(-400.0, 400.0)
lat = st.floats(-85.0, 85.0)
size = st.floats(0.5, 300.0)


@given(lon, lat, size, lon, lat)
def test_the_target_stays_in_the_middle_and_the_view_moves_in_whole_steps(
    x: float, y: float, w: float, tx: float, ty: float
) -> None:
    home = (x, x + w, y, y + w / 2)
    x0, x1, y0, y1 = follow_view(home, (tx, tx, ty, ty))
    assert x1 - x0 == pytest.approx(w) and y1 - y0 == pytest.approx(w / 2)
    assert abs(tx - (x0 + x1) / 2) <= FOLLOW_BOX * w / 2 * (1 + 1e-9) + 1e-9
    assert abs(ty - (y0 + y1) / 2) <= FOLLOW_BOX * w / 4 * (1 + 1e-9) + 1e-9
    steps = (x0 - home[0]) / (STEP * w)
    assert steps == pytest.approx(round(steps), abs=1e-6)


def test_a_target_inside_leaves_the_view_alone_and_a_big_box_is_framed() -> None:
    home = (50.0, 100.0, 30.0, 55.0)
    assert follow_view(home, (60.0, 60.0, 40.0, 40.0)) == home
    assert follow_view(home, None) == home
    zone = (70.0, 110.0, 45.0, 55.0)  # a loss-of-signal flag and its impact zone
    x0, x1, y0, y1 = follow_view(home, zone)
    assert x0 < 70.0 and x1 > 110.0 and y0 < 45.0 and y1 > 55.0
    assert frame(zone, 200.0, zoom_in=False)[1] - frame(zone, 200.0, zoom_in=False)[0] == 200.0


@given(lon, lat, size, st.integers(50, 2000), st.integers(50, 2000))
def test_views_are_pixel_aligned(x: float, y: float, w: float, wpx: int, hpx: int) -> None:
    x0, x1, y0, y1 = pixel_aligned((x, x + w, y, y + w / 3), wpx, hpx)
    scale = (x1 - x0) / wpx
    assert (y1 - y0) / hpx == pytest.approx(scale)
    assert x1 - x0 >= w * (1 - 1e-9) and y1 - y0 >= w / 3 * (1 - 1e-9)  # nothing asked is cut
    assert x0 / scale == pytest.approx(round(x0 / scale), abs=1e-6)
    assert y0 / scale == pytest.approx(round(y0 / scale), abs=1e-6)


def test_bad_boxes_are_named() -> None:
    with pytest.raises(ValueError, match="home"):
        follow_view((1.0, 0.0, 0.0, 1.0), None)
    with pytest.raises(ValueError, match="target"):
        follow_view((0.0, 1.0, 0.0, 1.0), (math.nan, 0.0, 0.0, 0.0))


def test_a_growing_flight_is_framed_wide_and_zoomed_out_by_doubling() -> None:
    """A live pass: the first kilometre is shown LIVE_MIN_SPAN_DEG wide; the view then stays
    while the flight fits in its central FOLLOW_BOX, and zooms out (never in) by doubling."""
    track = [(63.30, 63.30 + d, 45.96, 45.96 + d / 4) for d in np.linspace(0.001, 12.0, 400)]
    home = None
    spans, changes = [], 0
    for box in track:
        new = grown_view(home, box)
        changes += new != home
        home = new
        x0, x1, y0, y1 = home
        mx, my = (1 - FOLLOW_BOX) / 2 * (x1 - x0), (1 - FOLLOW_BOX) / 2 * (y1 - y0)
        assert x0 + mx <= box[0] and box[1] <= x1 - mx and y0 + my <= box[2] and box[3] <= y1 - my
        spans.append(x1 - x0)
    assert spans[0] == pytest.approx(LIVE_MIN_SPAN_DEG)
    assert all(b >= a for a, b in itertools.pairwise(spans))  # zooms out only
    assert changes <= 8  # 0.001° to 12°: a handful of views, not one a snapshot
