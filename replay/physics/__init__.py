"""Earth model, frames and environment shared by the simulator and the analysis (Qt-free)."""
