"""The scenario library is what the window shows first: listing it must not import the slow
modules (scipy, skyfield) that the start-up budget of issue 11 keeps for later."""

from __future__ import annotations

import subprocess
import sys


def test_listing_the_scenarios_imports_neither_scipy_nor_skyfield() -> None:
    code = (
        "import sys; from replay.teach.library import scenario_cards; cards = scenario_cards(); "
        "print(len(cards), sorted(m for m in ('scipy', 'skyfield') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, loaded = done.stdout.strip().split(" ", 1)
    assert int(count) >= 5
    assert loaded == "[]"
