"""Shared test set-up: Qt offscreen before anything imports Qt, and small flights to read/write."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from replay.core.flight import Flight
from tests.factories import make_flight


@pytest.fixture
def flight() -> Flight:
    """A 200-sample native-style flight with every required channel, NaNs and events."""
    return make_flight()
