"""The bundled sample files: every scenario at the default rate and seed, and its truth.

``python -m replay.sim.samples [FOLDER]`` (``make samples``) writes them; a test regenerates them
and compares bytes, so the repository always holds exactly what the code produces.
"""

from __future__ import annotations

import sys
from pathlib import Path

from replay.io import write_flight
from replay.resources import asset_names, debris_name, samples_dir, telemetry_name, truth_name
from replay.sim.debris_file import write_debris_field
from replay.sim.generate import generate


def write_samples(folder: Path, scenario_ids: list[str] | None = None) -> list[Path]:
    """Generate and write the sample files into ``folder``; returns the paths written."""
    written = []
    for sid in scenario_ids or asset_names("scenarios"):
        made = generate(sid)
        out = folder / telemetry_name(sid)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_flight(made.telemetry, out)
        written.append(out)
        if made.truth is not None:
            truth = folder / truth_name(sid)
            truth.parent.mkdir(parents=True, exist_ok=True)
            write_flight(made.truth, truth)
            written.append(truth)
        if made.debris is not None:
            debris = folder / debris_name(sid)
            debris.parent.mkdir(parents=True, exist_ok=True)
            write_debris_field(made.debris, debris)
            written.append(debris)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else samples_dir()
    for path in write_samples(target):
        print(f"{path} ({path.stat().st_size / 1e3:.0f} kB)")
