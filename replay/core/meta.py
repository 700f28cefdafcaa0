"""Flight metadata as ``key: value`` text: the native CSV header, JSON Lines, the metadata
packets of a ``.ccsds`` file and of the live stream all read and write it through here.

Every value is validated here, once, with the line it came from, so each format reports a bad
value the same way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from replay.core.errors import TelemetryFormatError
from replay.core.flight import Event, FlightMeta, LaunchSite

SUPPORTED_VERSIONS = (1,)

_EVENT = re.compile(r"(\S+)\s+([A-Za-z0-9_.\-]+)(?:\s+(.*))?")
_FLOAT_KEYS = ("sample_rate_hz", "recording_start_s", "recording_end_s")
_SITE_KEYS = ("site_name", "site_lat_deg", "site_lon_deg", "site_height_m")
_TEXT_KEYS = ("vehicle", "scenario_id", "title")


@dataclass(frozen=True, slots=True)
class MetaLine:
    """One ``key: value`` pair and the (1-based) line it was read from."""

    key: str
    value: str
    line: int | None


def parse_meta(
    path: Path, lines: Iterable[MetaLine], *, require_version: bool, source_format: str
) -> FlightMeta:
    """Build a :class:`FlightMeta` from key/value lines, raising on the first bad value."""
    fields: dict[str, object] = {}
    site: dict[str, str] = {}
    site_line: int | None = None
    events: list[Event] = []
    extra: dict[str, str] = {}
    seen_version = False
    for m in lines:
        key, value = m.key.strip(), m.value.strip()
        if key == "format_version":
            fields["format_version"] = check_version(path, value, m.line)
            seen_version = True
        elif key in _TEXT_KEYS:
            fields[key] = value
        elif key == "launch_utc":
            fields[key] = parse_utc(path, value, m.line)
        elif key in _FLOAT_KEYS:
            fields[key] = _float(path, key, value, m.line)
        elif key in _SITE_KEYS:
            site[key] = value
            site_line = m.line
        elif key == "event":
            events.append(_event(path, value, m.line))
        else:
            extra[key] = value
    if require_version and not seen_version:
        raise TelemetryFormatError(path, "missing '# format_version: 1' in the header", line=1)
    if site:
        fields["site"] = _site(path, site, site_line)
    rate = fields.get("sample_rate_hz")
    if isinstance(rate, float) and rate <= 0:
        raise TelemetryFormatError(path, f"sample_rate_hz must be positive, found {rate!r}")
    events.sort(key=lambda e: e.t_s)
    return FlightMeta(
        events=tuple(events),
        extra=extra,
        source_format=source_format,
        **fields,  # type: ignore[arg-type]
    )


def format_meta(meta: FlightMeta) -> list[tuple[str, str]]:
    """The key/value pairs that :func:`parse_meta` reads back to an equal ``FlightMeta``."""
    pairs = [("format_version", str(meta.format_version))]
    pairs += [(k, getattr(meta, k)) for k in _TEXT_KEYS if getattr(meta, k)]
    if meta.launch_utc is not None:
        pairs.append(("launch_utc", _iso_utc(meta.launch_utc)))
    if meta.site is not None:
        s = meta.site
        pairs += [("site_name", s.name), ("site_lat_deg", repr(s.lat_deg))]
        pairs += [("site_lon_deg", repr(s.lon_deg)), ("site_height_m", repr(s.height_m))]
    pairs += [(k, repr(getattr(meta, k))) for k in _FLOAT_KEYS if getattr(meta, k) is not None]
    pairs += [("event", f"{e.t_s!r} {e.id} {e.label}".rstrip()) for e in meta.events]
    pairs += list(meta.extra.items())
    return pairs


def parse_utc(path: Path, value: str, line: int | None) -> datetime:
    """An ISO 8601 UTC time such as ``2016-12-01T14:51:52Z``."""
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        dt = None
    if dt is None or dt.tzinfo is None or dt.utcoffset() != UTC.utcoffset(None):
        raise TelemetryFormatError(
            path,
            f"launch_utc: expected an ISO 8601 UTC time like 2016-12-01T14:51:52Z, found {value!r}",
            line=line,
        )
    return dt.astimezone(UTC)


def _iso_utc(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")


def check_version(path: Path, value: str, line: int | None) -> int:
    """The format version, or an error if this ascent-replay cannot read it."""
    if not value.isdigit() or int(value) not in SUPPORTED_VERSIONS:
        raise TelemetryFormatError(
            path,
            f"unsupported format_version {value!r}; this ascent-replay reads version "
            f"{', '.join(map(str, SUPPORTED_VERSIONS))}",
            line=line,
        )
    return int(value)


def _float(path: Path, key: str, value: str, line: int | None) -> float:
    try:
        x = float(value)
    except ValueError:
        x = math.nan
    if not math.isfinite(x):
        raise TelemetryFormatError(
            path, f"{key}: expected a finite number, found {value!r}", line=line
        )
    return x


def _event(path: Path, value: str, line: int | None) -> Event:
    m = _EVENT.fullmatch(value.strip())
    if m is None:
        raise TelemetryFormatError(
            path, f"event: expected '<t_s> <id> <label>', found {value!r}", line=line
        )
    t = _float(path, "event time", m.group(1), line)
    return Event(t_s=t, id=m.group(2), label=(m.group(3) or m.group(2)).strip())


def _site(path: Path, site: dict[str, str], line: int | None) -> LaunchSite:
    for key in ("site_lat_deg", "site_lon_deg"):
        if key not in site:
            raise TelemetryFormatError(path, f"launch site given without {key}", line=line)
    lat = _float(path, "site_lat_deg", site["site_lat_deg"], line)
    lon = _float(path, "site_lon_deg", site["site_lon_deg"], line)
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 360.0):
        raise TelemetryFormatError(
            path, f"launch site at impossible lat/lon {lat}, {lon}", line=line
        )
    height = _float(path, "site_height_m", site.get("site_height_m", "0"), line)
    return LaunchSite(site.get("site_name", ""), lat, lon, height)
