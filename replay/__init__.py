"""Ascent Replay: replay rocket-ascent telemetry and see where the signal was lost."""

__version__ = "0.1.0"
