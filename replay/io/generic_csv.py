"""Delimited text files that are not ours (read by :mod:`replay.io.foreign`), and plain CSV
for other tools (:func:`write`)."""

from __future__ import annotations

from pathlib import Path

from replay.core.flight import Flight

NAME = "generic-csv"
SUFFIXES = (".csv", ".tsv", ".txt", ".dat")


def sniff(head: bytes) -> bool:
    """Delimited text whose first non-comment line is not JSON."""
    for raw in head.splitlines():
        line = raw.strip()
        if line and not line.startswith(b"#"):
            return not line.startswith((b"{", b"["))
    return False


def write(flight: Flight, path: str | Path) -> None:
    """Plain CSV for other tools: ``t_s [s]`` then every channel as ``name [unit]``, no metadata."""
    names = list(flight.channels)
    header = ",".join(["t_s [s]", *(f"{n} [{flight.units.get(n, '')}]" for n in names)])
    cols = [flight.t_s.tolist(), *(flight.channels[n].tolist() for n in names)]
    with Path(path).open("w", encoding="utf-8") as f:
        f.write(header + "\n")
        for row in zip(*cols, strict=True):
            f.write(",".join(map(repr, row)) + "\n")
