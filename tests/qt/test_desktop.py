"""A bare desktop: one line naming what is missing, before Qt can abort the process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from replay.qt.desktop import XCB_LIBRARIES, DesktopUnavailable, check_desktop


def test_a_missing_x11_library_names_its_package() -> None:
    libraries = {**XCB_LIBRARIES, "libxcb-not-here.so.9": "libxcb-not-here9"}
    with pytest.raises(DesktopUnavailable) as info:
        check_desktop({"DISPLAY": ":0"}, libraries)
    text = str(info.value)
    assert "\n" not in text
    assert "libxcb-not-here.so.9" in text
    assert text.endswith("sudo apt-get install libxcb-not-here9")


def test_no_display_and_headless_platforms() -> None:
    with pytest.raises(DesktopUnavailable, match="DISPLAY is not set"):
        check_desktop({})
    check_desktop({"QT_QPA_PLATFORM": "offscreen"})  # snapshots need no display
    check_desktop({"WAYLAND_DISPLAY": "wayland-0"})


def test_the_command_line_says_it_in_one_line_and_exits_2() -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    done = subprocess.run(
        [sys.executable, "-m", "replay"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no display" in done.stderr
