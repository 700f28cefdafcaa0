"""``ascent-replay report FILE -o report.html [--at T]``: the debrief as one self-contained page."""

from __future__ import annotations

import argparse
import math
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from replay.cli.file_args import add_file_arguments, read_options
from replay.cli.usage import UsageError, writable_output

if TYPE_CHECKING:
    from replay.session import Session


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "report",
        help="write the flight's debrief as one self-contained HTML file",
        description="Write a debrief report: the dashboard at the loss of signal, the loss and "
        "the predicted impact with place names, events, dropouts, station coverage, data health "
        "and the scenario's sources, as one HTML file that needs no network (images inline).",
    )
    add_file_arguments(p)
    p.add_argument("-o", "--output", required=True, help="HTML file to write")
    p.add_argument(
        "--at",
        type=float,
        metavar="T",
        help="replay time of the dashboard snapshot, s (default: 0.5 s after the loss of "
        "signal is declared, 5 s after the last frame, or the end of the data)",
    )
    p.add_argument("--size", default="1600x950", help="snapshot size WxH (default 1600x950)")
    p.add_argument(
        "--no-snapshot", action="store_true", help="leave the dashboard picture out (no Qt needed)"
    )
    p.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    from replay.report import build_report, default_snapshot_time
    from replay.session import load_session

    size = _size(args.size)
    if args.at is not None and not math.isfinite(args.at):
        raise _usage(f"--at: expected a finite time in seconds, got {args.at!r}")
    out = writable_output(Path(args.output))
    options = read_options(args)
    # bad input raises TelemetryFormatError (exit status 2)
    session = load_session(args.file, fmt=args.format, options=options)
    at_s = default_snapshot_time(session) if args.at is None else float(args.at)
    png = None if args.no_snapshot else _snapshot(args.file, at_s, size, session)
    page = build_report(session, png, snapshot_at_s=at_s)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise _usage(f"cannot write {out}: {exc.strerror or exc}") from None
    print(out)
    return 0


def _snapshot(path: str, at_s: float, size: tuple[int, int], session: Session) -> bytes:
    """The replay window rendered offscreen at ``at_s``, as PNG bytes."""
    from replay.qt.app import snapshot

    with tempfile.TemporaryDirectory() as scratch:
        png = snapshot(path, at_s, str(Path(scratch) / "dashboard.png"), size, session=session)
        return png.read_bytes()


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{2,5})x(\d{2,5})", text)
    if m is None:
        raise _usage(f"--size: expected WxH like 1600x950, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def _usage(message: str) -> Exception:
    return UsageError(message)
