"""One skyfield timescale for the package, builtin (never downloaded)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from skyfield.api import Loader

from replay.analysis.track import utc_iso
from replay.geo import sun
from replay.physics import frames
from replay.physics.timescale import timescale


def test_one_timescale_for_the_process() -> None:
    assert timescale() is timescale()


def test_every_user_works_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_download(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the timescale must not download anything")

    monkeypatch.setattr(Loader, "download", no_download)
    timescale.cache_clear()
    try:
        epoch = datetime(2016, 12, 1, 14, 51, 52, tzinfo=UTC)
        assert utc_iso(epoch, 382.0) == "2016-12-01T14:58:14.000Z"
        assert 0.0 <= frames.gmst_deg(epoch) < 360.0
        lat, _lon = sun.subsolar_point(epoch)
        assert lat == pytest.approx(-21.9, abs=0.1)
    finally:
        timescale.cache_clear()
