"""The window commands: ``ascent-replay [FILE]`` and ``ascent-replay snapshot FILE --at T``."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from replay.cli.file_args import add_file_arguments, read_options
from replay.cli.usage import IMAGE_SUFFIXES, UsageError, writable_output

if TYPE_CHECKING:
    from replay.session import Session


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "snapshot",
        help="render the whole window at a replay time to a PNG, without a display",
        description="Render the replay window offscreen at replay time T and save it as PNG.",
    )
    add_file_arguments(p)
    p.add_argument("--at", type=float, required=True, metavar="T", help="replay time, s")
    p.add_argument("-o", "--output", required=True, help="picture to write (.png or .jpg)")
    p.add_argument("--size", default="1600x950", help="window size WxH (default 1600x950)")
    p.add_argument(
        "--presentation",
        action="store_true",
        help="with the presentation mode's large fonts (try --size 1920x1080)",
    )
    p.add_argument(
        "--compare",
        metavar="OTHER",
        help="draw another flight's file on the same plots and map, for comparison",
    )
    p.add_argument(
        "--align",
        metavar="EVENT",
        help="with --compare: put OTHER's EVENT (an event id such as upper_stage_ignition) on"
        " this flight's (default: liftoff)",
    )
    p.add_argument(
        "--crosshair",
        type=float,
        metavar="T",
        help="with the crosshair at time T (as if the mouse were there): values and map point",
    )
    p.set_defaults(handler=run_snapshot)


def run_snapshot(args: argparse.Namespace) -> int:
    import math
    from pathlib import Path

    from replay.qt.app import snapshot

    m = re.fullmatch(r"(\d{2,5})x(\d{2,5})", args.size)
    if m is None:
        raise UsageError(f"--size: expected WxH like 1600x950, got {args.size!r}")
    if not math.isfinite(args.at):
        raise UsageError(f"--at: expected a finite time in seconds, got {args.at!r}")
    if args.crosshair is not None and not math.isfinite(args.crosshair):
        raise UsageError(f"--crosshair: expected a finite time in seconds, got {args.crosshair!r}")
    size = (int(m.group(1)), int(m.group(2)))
    target = writable_output(Path(args.output), IMAGE_SUFFIXES)
    session, other = _compared(args)
    out = snapshot(
        args.file,
        args.at,
        str(target),
        size,
        presentation=args.presentation,
        image_format=IMAGE_SUFFIXES[target.suffix.lower()],
        options=read_options(args),
        fmt=args.format,
        session=session,
        compare=other,
        align=args.align or "liftoff",
        crosshair_s=args.crosshair,
    )
    print(out)
    return 0


def _compared(args: argparse.Namespace) -> tuple[Session | None, Session | None]:
    """With ``--compare``: both flights, loaded, and the alignment checked (before any window)."""
    from replay.analysis.compare import LIFTOFF, align_offset_s, common_events
    from replay.session import load_session

    if args.compare is None:
        if args.align is not None:
            raise UsageError("--align needs --compare OTHER: the flight to align")
        return None, None
    main = load_session(args.file, fmt=args.format, options=read_options(args))
    other = load_session(args.compare, places=False, teaching=False)
    try:
        align_offset_s(main.analysis.events, other.analysis.events, args.align or LIFTOFF)
    except KeyError:
        both = ", ".join(common_events(main.analysis.events, other.analysis.events))
        raise UsageError(
            f"--align: no event {args.align!r} in both flights; they share: {both}"
        ) from None
    return main, other


def window_parser() -> argparse.ArgumentParser:
    """``ascent-replay [FILE] [--column ...]``: the window, on a file or the bundled replay."""
    p = argparse.ArgumentParser(
        prog="ascent-replay",
        description="Open the replay window on FILE (default: Progress MS-04).",
    )
    add_file_arguments(p, optional_file=True)
    return p


def run_window(args: argparse.Namespace) -> int:
    from pathlib import Path

    from replay.core.errors import TelemetryFormatError
    from replay.qt.app import run

    path = args.file
    options = read_options(args)  # a malformed --column is said before a window opens
    if path is not None and not Path(path).is_file():
        raise TelemetryFormatError(path, "no such file")  # say so before opening a window
    return run(path, options, fmt=args.format)
