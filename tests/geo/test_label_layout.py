"""Map label placement without Qt: boxes in the view, clear of each other and of obstacles."""

from __future__ import annotations

import random

import pytest

from replay.geo.label_layout import (
    LEADER_PX,
    LabelBox,
    box_at,
    candidates,
    leader_needed,
    overlaps,
    place_labels,
)

VIEW = (0.0, 0.0, 600.0, 260.0)


def inside(box: tuple[float, float, float, float], view: tuple[float, ...]) -> bool:
    return view[0] <= box[0] and box[2] <= view[2] and view[1] <= box[1] and box[3] <= view[3]


def test_a_label_with_room_goes_home() -> None:
    home = ((0.0, 0.0), (9.0, 6.0))
    [(box, form)] = place_labels([LabelBox((100.0, 100.0), ((80.0, 20.0),), home)], VIEW)
    assert box == (109.0, 106.0, 189.0, 126.0) and form == 0


def test_labels_piled_on_one_spot_spread_out_without_overlapping() -> None:
    """World view: the flag, the impact zone and the truth a few pixels apart."""
    sizes = (((330.0, 110.0), (300.0, 45.0), (220.0, 25.0)),) * 3
    labels = [LabelBox((300.0 + 6 * k, 120.0 + 3 * k), s) for k, s in enumerate(sizes)]
    placed = place_labels(labels, VIEW, obstacles=[(290.0, 90.0, 330.0, 135.0)])
    boxes = [b for b, _ in placed]
    assert all(b is not None for b in boxes)
    for i, a in enumerate(boxes):
        assert a is not None and inside(a, (4.0, 4.0, 596.0, 256.0))
        assert not overlaps(a, (290.0, 90.0, 330.0, 135.0))
        for b in boxes[i + 1 :]:
            assert b is not None and not overlaps(a, b)
    assert [form for _, form in placed] != [0, 0, 0]  # no room for all three in full


def test_a_label_without_room_is_left_out_not_pinned_or_cut() -> None:
    big = LabelBox((300.0, 130.0), ((700.0, 40.0),))  # wider than the view
    off = LabelBox((650.0, 130.0), ((60.0, 20.0),))  # its point is off the view
    edge = LabelBox((598.0, 130.0), ((200.0, 20.0),), reach_px=20.0)  # "Christmas Island"
    placed = place_labels([big, off, edge], VIEW)
    assert placed[0] == (None, 0) and placed[1] == (None, 0)
    box = placed[2][0]
    assert box is not None and inside(box, VIEW)  # to the left of its point, whole
    assert box[2] <= 598.0


def test_a_label_keeps_clear_of_the_points_of_more_important_labels_only() -> None:
    flag = LabelBox((200.0, 100.0), ((100.0, 30.0),))
    station = LabelBox((230.0, 80.0), ((60.0, 20.0),), reach_px=20.0)
    [(flag_box, _), (station_box, _)] = place_labels([flag, station], VIEW)
    assert flag_box is not None and station_box is not None
    x, y = flag.at_px
    assert not overlaps(station_box, (x - 3, y - 3, x + 3, y + 3))


def test_the_same_labels_always_go_to_the_same_places() -> None:
    rng = random.Random(7)
    labels = [
        LabelBox((rng.uniform(0, 600), rng.uniform(0, 260)), ((rng.uniform(40, 300), 30.0),))
        for _ in range(12)
    ]
    first = place_labels(labels, VIEW, [(280.0, 120.0, 300.0, 140.0)])
    assert place_labels(list(labels), VIEW, [(280.0, 120.0, 300.0, 140.0)]) == first
    boxes = [b for b, _ in first if b is not None]
    assert len(boxes) >= 6
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_a_box_far_from_its_point_gets_a_leader() -> None:
    at = (100.0, 100.0)
    near = box_at(at, (50.0, 20.0), candidates(LabelBox(at, ((50.0, 20.0),)))[0])
    assert not leader_needed(near, at)
    far = (100.0 + LEADER_PX + 5, 100.0, 200.0, 120.0)
    assert leader_needed(far, at)


@pytest.mark.parametrize("view", [(0.0, 0.0, 0.0, 0.0), (10.0, 10.0, 12.0, 12.0)])
def test_a_view_too_small_places_nothing(view: tuple[float, float, float, float]) -> None:
    placed = place_labels([LabelBox((11.0, 11.0), ((20.0, 10.0),))], view)
    assert placed == [(None, 0)]
