"""Live telemetry (Qt-free): the UDP transmitter and receiver of CCSDS packets, and recording."""
