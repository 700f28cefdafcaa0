"""skyfield's timescale, loaded once for the whole package and never downloaded.

Every use of skyfield time (GMST for the frames, UTC strings for the analysis, the Sun for the
map) goes through :func:`timescale`. It is skyfield's *builtin* timescale: the leap-second and
Delta T tables shipped inside skyfield, so nothing is fetched at run time (``builtin=False``
would download IERS files). skyfield is imported on first use: it is slow to import.

>>> ts = timescale()
>>> ts is timescale()
True
>>> ts.utc(2016, 12, 1, 14, 58, 14).utc_iso()
'2016-12-01T14:58:14Z'
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def timescale() -> Any:
    """The process's one skyfield ``Timescale`` (builtin tables, no download)."""
    from skyfield.api import load

    return load.timescale(builtin=True)
