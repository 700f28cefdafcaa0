"""Telemetry files: one module per format behind a registry keyed by suffix (Qt-free)."""

from replay.io.foreign import ReadOptions
from replay.io.registry import FORMATS, Format, choose_format, read_flight, register, write_flight
from replay.io.source import LoadCancelled

__all__ = [
    "FORMATS",
    "Format",
    "LoadCancelled",
    "ReadOptions",
    "choose_format",
    "read_flight",
    "register",
    "write_flight",
]
