"""The debrief report: one self-contained HTML page about a flight (Qt-free).

:func:`build_report` turns a session and the dashboard's PNG bytes into the page;
``ascent-replay report`` (``replay.cli.report``) renders the snapshot and writes the file.
"""

from __future__ import annotations

from replay.report.html import build_report, default_snapshot_time, png_size, scenario_story

__all__ = ["build_report", "default_snapshot_time", "png_size", "scenario_story"]
