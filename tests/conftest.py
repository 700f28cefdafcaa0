"""Shared test set-up: Qt offscreen before anything imports Qt, and small flights to read/write."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

# A 1920x1080 screen (the offscreen default is 800x800, smaller than the window): full screen
# and presentation mode get the size a real projector or desktop gives.
_SCREEN = Path(__file__).with_name("offscreen-screen.json")
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREEN}")

import pytest  # noqa: E402 (Qt must see the platform first)

from replay.core.flight import Flight  # noqa: E402
from tests.factories import make_flight  # noqa: E402


@pytest.fixture
def flight() -> Flight:
    """A 200-sample native-style flight with every required channel, NaNs and events."""
    return make_flight()


_collector: list[object] = []


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    """Once a QApplication exists, Python's automatic collector is off and garbage is collected
    on the main thread, as the app does (``replay.qt.app``): run on a worker thread (the loader,
    the receiver), it destroyed Qt objects left by earlier tests from the wrong thread and
    aborted the run ("Fatal Python error: Aborted", "Garbage-collecting" on the loader thread).
    """
    _gui_collects()
    yield
    _gui_collects()


def _gui_collects() -> None:
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None or widgets.QApplication.instance() is None:
        return
    if not _collector:
        from replay.qt.app import collect_on_the_gui_thread

        _collector.append(collect_on_the_gui_thread())
    _collector[0].check()  # type: ignore[attr-defined]
