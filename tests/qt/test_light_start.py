"""The replay is shown before the slow modules load (issue 11's start-up budget): reading the
bundled MS-04 file and showing it needs neither skyfield nor scipy nor polars (a file of one
small block is parsed by numpy); the finished analysis (the night side, the impact zone, place
names) brings skyfield and scipy in on the loader thread afterwards."""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
import sys
from replay.qt.app import _application
from replay.qt.main_window import MainWindow
from replay.qt.prepared import prepare
from replay.resources import sample
from replay.session import finish_session, open_session

app = _application()
window = MainWindow()
session = open_session(sample("progress-ms-04"))
prepare(session)
window.show_session(session, "ms-04")
window.controller.seek(382.5)
app.processEvents()
shown = sorted(m for m in ("scipy", "skyfield", "polars") if m in sys.modules)
night = window.page.map.night.fill.isVisible()
window.show_session(finish_session(session, places=False), "ms-04")
app.processEvents()
print(shown, night, window.page.map.night.fill.isVisible())
window.loader.shutdown()
"""


def test_the_replay_is_shown_without_skyfield_scipy_or_polars() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True, env=env
    )
    # Shown without them and without the night side; the finished session shades the night.
    assert done.stdout.split("\n")[-2] == "[] False True"
