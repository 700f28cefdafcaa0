"""The Qt-free heart of Ascent Replay: the flight model, its errors and the replay clock."""

from replay.core.errors import TelemetryFormatError
from replay.core.flight import Event, Flight, FlightMeta, LaunchSite

__all__ = ["Event", "Flight", "FlightMeta", "LaunchSite", "TelemetryFormatError"]
