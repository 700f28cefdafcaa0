"""Live telemetry (Qt-free): CCSDS space packets, the UDP transmitter and receiver, recording."""
