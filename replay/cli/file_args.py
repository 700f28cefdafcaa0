"""The arguments of every command that reads a telemetry file, and the reading options they
give: ``--format``, ``--time-column``, ``--time-unit`` and ``--column NAME=ROLE[:UNIT]``.

The same :class:`~replay.io.ReadOptions` reach the reader from ``info``, ``analyze``,
``snapshot``, ``report`` and the window (``ascent-replay FILE --column ...``).
"""

from __future__ import annotations

import argparse

from replay.cli.usage import UsageError
from replay.io import ReadOptions
from replay.io.mapping import ROLES


def add_file_arguments(p: argparse.ArgumentParser, *, optional_file: bool = False) -> None:
    """``file`` (optional for the window, which opens the bundled replay without one) and the
    options that say what a foreign file's columns are."""
    p.add_argument(
        "file",
        nargs="?" if optional_file else None,
        help="telemetry file (.csv, .csv.gz, .jsonl, .json, .ccsds, logger CSV or text, ...)",
    )
    p.add_argument("--format", help="force a format instead of guessing it (see docs)")
    p.add_argument("--time-column", metavar="NAME", help="the column holding time")
    p.add_argument(
        "--time-unit",
        metavar="UNIT",
        help="the time column's unit: s, ms, us, min, h, unix, unix_ms, ticks:SECONDS, or a "
        "zone for times of day (UTC, CDT, +02:00)",
    )
    p.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="NAME=ROLE[:UNIT]",
        help=f"say what a column is, e.g. ALT=altitude:ft (roles: {', '.join(ROLES)})",
    )


def read_options(args: argparse.Namespace) -> ReadOptions:
    """The reading options the command line gave (``UsageError`` for a malformed one)."""
    options = ReadOptions(
        time_column=getattr(args, "time_column", None),
        time_unit=getattr(args, "time_unit", None),
        columns=tuple(getattr(args, "column", None) or ()),
    )
    try:
        options.overrides()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return options
