"""Flight analysis (Qt-free): when and where the signal was lost, and where the vehicle fell.

Works from the telemetry alone, as a ground station would: never imports ``replay.sim``.
"""
