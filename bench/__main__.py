"""``python -m bench [NAME ...]``: run benchmarks (default: all), update docs/benchmarks.md."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = [
    "read_csv",
    "load_big",
    "generate",
    "analyze",
    "app",
    "stream",
    "earth",
    "receive",
    "video",
    "live",
]


def main(names: list[str]) -> None:
    for name in names or BENCHMARKS:
        print(importlib.import_module(f"bench.{name}").main(), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
