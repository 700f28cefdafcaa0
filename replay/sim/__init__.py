"""Synthetic 3-DOF ascent generator: vehicles, scenarios, guidance and integration."""
