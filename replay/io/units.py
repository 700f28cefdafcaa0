"""Units of foreign telemetry: read from a column's name, converted to the project's units.

Real files say their units in many ways: ``Altitude (ft)``, ``alt [m]``, ``alt_ft``,
``Altitude (Ft-AGL)``, ``time aprox (s)``, or not at all. :func:`split_unit` takes a name
apart; :func:`factor` says what to multiply by to get the project's unit of a kind.

>>> split_unit(" Altitude (Ft-AGL)")
('Altitude', 'ft', 'AGL')
>>> split_unit("alt_ft")
('alt', 'ft', '')
>>> split_unit("time(not s)")
('time', 'not s', '')
>>> factor("length", "ft"), factor("speed", "km/h")
(0.3048, 0.2777777777777778)
"""

from __future__ import annotations

import re

import numpy as np

from replay.core.types import FloatArray

#: The project's unit of each kind of quantity, and what other units are worth in it.
UNITS: dict[str, tuple[str, dict[str, float]]] = {
    "time": (
        "s",
        {
            "s": 1.0,
            "sec": 1.0,
            "secs": 1.0,
            "seconds": 1.0,
            "ms": 1e-3,
            "us": 1e-6,
            "µs": 1e-6,
            "ns": 1e-9,
            "min": 60.0,
            "h": 3600.0,
        },
    ),
    "length": (
        "m",
        {"m": 1.0, "km": 1e3, "ft": 0.3048, "feet": 0.3048, "mi": 1609.344, "nmi": 1852.0},
    ),
    "speed": (
        "m/s",
        {
            "m/s": 1.0,
            "mps": 1.0,
            "km/h": 1 / 3.6,
            "kph": 1 / 3.6,
            "kmh": 1 / 3.6,
            "ft/s": 0.3048,
            "fps": 0.3048,
            "mph": 0.44704,
            "kn": 0.514444,
            "kt": 0.514444,
            "km/s": 1e3,
        },
    ),
    "acceleration": (
        "g",
        {
            "g": 1.0,
            "gs": 1.0,
            "m/s2": 1 / 9.80665,
            "m/s^2": 1 / 9.80665,
            "m/s²": 1 / 9.80665,
            "ft/s2": 0.3048 / 9.80665,
            "ft/s^2": 0.3048 / 9.80665,
        },
    ),
    "angle": ("deg", {"deg": 1.0, "°": 1.0, "degrees": 1.0, "rad": 180.0 / np.pi}),
}
#: Words that say what an altitude is measured from.
REFERENCES = ("agl", "msl", "asl", "amsl", "wgs84", "hae")
_BRACKETED = re.compile(r"(.*?)\s*[\[(]\s*([^\])]*?)\s*[\])]\s*$")
_KNOWN_SUFFIX = re.compile(
    r"(.+?)[_ ](m|km|ft|feet|s|sec|ms|us|ns|mps|kph|kmh|fps|mph|g|gs|deg|rad|hz|pa|hpa|kpa|"
    r"bar|mbar|c|degc|k|v|mv|a)$",
    re.IGNORECASE,
)


def split_unit(raw: str) -> tuple[str, str, str]:
    """(name, unit, reference) of a column header: the unit as written (lower case, '' if
    none), and an altitude reference (``AGL``, ``MSL``...) if the header gives one."""
    name = raw.strip().strip('"').strip()
    unit = ref = ""
    m = _BRACKETED.fullmatch(name)
    if m:
        name, unit = m.group(1).strip(), m.group(2).strip()
    else:
        m = _KNOWN_SUFFIX.fullmatch(name)
        if m and m.group(1).strip():
            name, unit = m.group(1).strip(), m.group(2)
    parts = re.split(r"[-_ ]", unit) if unit else []
    if len(parts) > 1 and parts[-1].lower() in REFERENCES:  # "Ft-AGL", "m MSL"
        ref, unit = parts[-1].upper(), "-".join(parts[:-1])
    return name, unit.lower(), ref


def factor(kind: str, unit: str) -> float:
    """What a value in ``unit`` is worth in the project's unit of ``kind`` (``ValueError`` for
    a unit the kind does not know)."""
    if kind not in UNITS:
        raise ValueError(f"unknown kind of quantity {kind!r}; known: {', '.join(UNITS)}")
    _project, known = UNITS[kind]
    u = unit.strip().lower().replace(" ", "")
    if u not in known:
        raise ValueError(f"{unit!r} is not a unit of {kind}; known: {', '.join(known)}")
    return known[u]


def knows(kind: str, unit: str) -> bool:
    """Whether ``unit`` is a known unit of ``kind``."""
    return kind in UNITS and unit.strip().lower().replace(" ", "") in UNITS[kind][1]


def nmea_to_degrees(values: FloatArray, west_or_south: bool = False) -> FloatArray:
    """Degrees from NMEA ``dddmm.mmmm`` (GPS receivers write latitude 40°32.03' as 4032.03);
    ``west_or_south`` turns unsigned values negative."""
    v = np.asarray(values, dtype=np.float64)
    sign = np.sign(v)
    a = np.abs(v)
    whole = np.floor(a / 100.0)
    deg = sign * (whole + (a - 100.0 * whole) / 60.0)
    return -deg if west_or_south else deg


def looks_nmea(values: FloatArray, limit_deg: float) -> bool:
    """Whether coordinates look like NMEA ``dddmm.mm`` rather than degrees: beyond the
    degree limit, and every minutes part under 60."""
    a = np.abs(np.asarray(values, dtype=np.float64))
    a = a[np.isfinite(a) & (a > 0)]
    if a.size == 0 or a.max() <= limit_deg:
        return False
    minutes = a - 100.0 * np.floor(a / 100.0)
    return bool((minutes < 60.0).all() and (a / 100.0 <= limit_deg + 1).all())
