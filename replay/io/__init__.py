"""Telemetry files: one module per format behind a registry keyed by suffix (Qt-free)."""

from replay.io.registry import FORMATS, Format, choose_format, read_flight, register, write_flight

__all__ = ["FORMATS", "Format", "choose_format", "read_flight", "register", "write_flight"]
