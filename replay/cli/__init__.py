"""The ``ascent-replay`` command line. With no command it opens the replay window.

Exit status: 0 success, 2 bad input or usage (one line on stderr, no traceback), 1 an internal
failure (set ``ASCENT_REPLAY_DEBUG=1`` for the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from replay import __version__
from replay.cli import analyze, info, report, scenarios, stream, video, window
from replay.cli.usage import UsageError
from replay.core.errors import TelemetryFormatError
from replay.qt.desktop import DesktopUnavailable

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2

Command = Callable[[argparse.Namespace], int]
_COMMANDS: list[
    tuple[str, Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]
] = [
    ("info", info.add_parser),
    ("analyze", analyze.add_parser),
    ("scenarios", scenarios.add_parsers),
    ("snapshot", window.add_parser),
    ("stream", stream.add_parsers),
    ("report", report.add_parser),
    ("video", video.add_parser),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ascent-replay",
        description="Replay rocket-ascent telemetry and see where the signal was lost.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for _name, add in _COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = {
        "info",
        "analyze",
        "scenarios",
        "generate",
        "snapshot",
        "transmit",
        "listen",
        "report",
        "video",
    }
    if (
        args_list
        and args_list[0] not in commands
        and args_list[0] not in ("-h", "--help", "--version")
    ):
        # ascent-replay FILE [--column ...]
        return _guard(lambda: window.run_window(window.window_parser().parse_args(args_list)))
    args = parser.parse_args(args_list)
    handler: Command | None = getattr(args, "handler", None)
    if handler is None:
        return _guard(lambda: window.run_window(window.window_parser().parse_args([])))
    return _guard(lambda: handler(args))


def _guard(action: Callable[[], int]) -> int:
    """Run a command: bad input exits 2 with one line, internal failures 1, never a traceback."""
    try:
        return action()
    except (TelemetryFormatError, UsageError, FileNotFoundError, DesktopUnavailable) as exc:
        print(f"ascent-replay: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``); make Python's final flush quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("ASCENT_REPLAY_DEBUG"):
            traceback.print_exc()
        print(
            f"ascent-replay: internal error: {type(exc).__name__}: {exc} "
            "(ASCENT_REPLAY_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
