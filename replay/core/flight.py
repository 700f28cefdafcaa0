"""The telemetry model: a frozen set of numpy columns on one time axis, plus metadata."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray


@dataclass(frozen=True, slots=True)
class LaunchSite:
    """Where the vehicle lifted off (geodetic, WGS84)."""

    name: str
    lat_deg: float
    lon_deg: float
    height_m: float = 0.0


#: Where an event comes from: the telemetry file (or the vehicle) said so, or the analysis found
#: it in the data.
EventSource = Literal["recorded", "detected"]


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened at a moment of the flight (liftoff, staging, max-Q, ...).

    Files, the simulator and the live stream record events; the analysis adds those it detects
    in the data (``source="detected"``).

    >>> Event(382.0, "los", "Loss of signal", "detected").as_dict()["source"]
    'detected'
    """

    t_s: float
    id: str
    label: str
    source: EventSource = "recorded"

    def as_dict(self) -> dict[str, Any]:
        return {"t_s": self.t_s, "id": self.id, "label": self.label, "source": self.source}


@dataclass(frozen=True, slots=True)
class FlightMeta:
    """What a telemetry file says about itself. Unknown values are ``None`` or empty.

    ``recording_start_s``/``recording_end_s`` are when the ground recording ran; the recording may
    run on after the last sample, and that silence is what a loss of signal looks like in a file.

    ``warnings`` are what a reader read past rather than refuse, one line each naming the file
    and where (``rx.ccsds: byte 8462 (packet 56): the last packet is torn ...``): the flight is
    what could be read, and these say what could not.
    """

    format_version: int = 1
    vehicle: str = ""
    scenario_id: str = ""
    title: str = ""
    launch_utc: datetime | None = None
    site: LaunchSite | None = None
    sample_rate_hz: float | None = None
    recording_start_s: float | None = None
    recording_end_s: float | None = None
    events: tuple[Event, ...] = ()
    source_format: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Flight:
    """Telemetry columns sharing the time axis ``t_s`` (seconds since liftoff).

    Arrays are made read-only on construction, so views handed to plots can never be written
    through. Look-ups use binary search on ``t_s``:

    >>> t = np.array([0.0, 0.04, 0.08])
    >>> f = Flight(t, {"alt_m": np.array([0.0, 1.0, 2.0])}, {"alt_m": "m"})
    >>> f.index_at(0.05), f.count_until(0.08)
    (1, 3)
    """

    t_s: FloatArray
    channels: Mapping[str, npt.NDArray[Any]]
    units: Mapping[str, str]
    meta: FlightMeta = field(default_factory=FlightMeta)
    path: str | None = None

    def __post_init__(self) -> None:
        t = np.asarray(self.t_s, dtype=np.float64)
        if t.ndim != 1:
            raise ValueError(f"t_s must be one-dimensional, got shape {t.shape}")
        if t.size and not np.all(np.isfinite(t)):
            raise ValueError(
                f"t_s must be finite; first bad value at index {_first(~np.isfinite(t))}"
            )
        if t.size > 1 and not np.all(np.diff(t) > 0):
            i = _first(np.diff(t) <= 0)
            raise ValueError(
                f"t_s must increase strictly; "
                f"t_s[{i}]={float(t[i])!r} >= t_s[{i + 1}]={float(t[i + 1])!r}"
            )
        chans: dict[str, npt.NDArray[Any]] = {}
        for name, values in self.channels.items():
            a = np.asarray(values)
            if a.shape != t.shape:
                raise ValueError(f"channel {name!r} has shape {a.shape}, t_s has {t.shape}")
            chans[name] = _read_only(a)
        missing = sorted(set(chans) - set(self.units))
        if missing:
            raise ValueError(f"no unit given for channels {missing}")
        object.__setattr__(self, "t_s", _read_only(t))
        object.__setattr__(self, "channels", MappingProxyType(chans))
        object.__setattr__(self, "units", MappingProxyType({k: self.units[k] for k in chans}))

    @property
    def n_samples(self) -> int:
        return int(self.t_s.size)

    @property
    def duration_s(self) -> float:
        """Time from the first to the last sample (0 for fewer than two samples)."""
        return float(self.t_s[-1] - self.t_s[0]) if self.t_s.size > 1 else 0.0

    def channel(self, name: str) -> npt.NDArray[Any]:
        """The column ``name``; a ``KeyError`` lists the channels there are."""
        try:
            return self.channels[name]
        except KeyError:
            raise KeyError(f"no channel {name!r}; channels: {', '.join(self.channels)}") from None

    def index_at(self, t_s: float) -> int:
        """Index of the last sample at or before ``t_s``; -1 if ``t_s`` precedes every sample."""
        return int(np.searchsorted(self.t_s, t_s, side="right")) - 1

    def count_until(self, t_s: float) -> int:
        """How many samples lie at or before ``t_s``: ``column[:n]`` is what had arrived by then."""
        return int(np.searchsorted(self.t_s, t_s, side="right"))

    def between(self, t0_s: float, t1_s: float) -> Flight:
        """The samples with ``t0_s <= t_s <= t1_s``, as views (same metadata)."""
        i0 = int(np.searchsorted(self.t_s, t0_s, side="left"))
        i1 = int(np.searchsorted(self.t_s, t1_s, side="right"))
        cols = {k: v[i0:i1] for k, v in self.channels.items()}
        return Flight(self.t_s[i0:i1], cols, self.units, self.meta, self.path)

    def utc_at(self, t_s: float) -> datetime | None:
        """The UTC moment of replay time ``t_s``, if the launch epoch is known."""
        epoch = self.meta.launch_utc
        return None if epoch is None else epoch + timedelta(seconds=float(t_s))


def _read_only(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    # A read-only view: the caller's array stays as it was, nobody can write through ours.
    v = a.view()
    v.flags.writeable = False
    return v


def _first(mask: npt.NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask)[0])
