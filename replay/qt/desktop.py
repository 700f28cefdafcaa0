"""Before Qt opens a window: is there a display, and are the system libraries its X11 plugin
needs installed? Qt itself aborts the process ("could not load the Qt platform plugin xcb")
with a page of advice; this says in one line what is missing and which packages bring it.

No Qt is imported here: the check runs before Qt could abort.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping

#: What PySide6's X11 plugin (libqxcb, libQt6XcbQpa) loads from the system, and the Debian and
#: Ubuntu package that provides each: the wheels ship Qt, not these.
XCB_LIBRARIES = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libdbus-1.so.3": "libdbus-1-3",
}
#: Platforms that need no display (tests, snapshots).
HEADLESS = ("offscreen", "minimal", "vnc")


class DesktopUnavailable(RuntimeError):
    """No window can be opened here; the message says why and what to do, in one line."""


def check_desktop(
    environ: Mapping[str, str] | None = None, libraries: Mapping[str, str] = XCB_LIBRARIES
) -> None:
    """Raise :class:`DesktopUnavailable` if Qt would abort opening a window here."""
    env = os.environ if environ is None else environ
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform in HEADLESS or not sys.platform.startswith("linux"):
        return
    wayland = bool(env.get("WAYLAND_DISPLAY")) and platform in ("", "wayland")
    if wayland:
        return  # Qt's Wayland plugin needs only what a Wayland session has
    if not env.get("DISPLAY"):
        raise DesktopUnavailable(
            "no display to open a window on (DISPLAY is not set); run it on a desktop, or "
            "render pictures without one: ascent-replay snapshot FILE --at T -o out.png"
        )
    missing = [name for name in libraries if not _loads(name)]
    if missing:
        packages = " ".join(dict.fromkeys(libraries[name] for name in missing))
        raise DesktopUnavailable(
            f"Qt's X11 display plugin needs system libraries that are missing "
            f"({', '.join(missing)}); install them: sudo apt-get install {packages}"
        )


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True
