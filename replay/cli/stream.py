"""``ascent-replay transmit FILE --to HOST:PORT`` and ``ascent-replay listen [--port N]``."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from replay.analysis.watchdog import DEFAULT_WATCHDOG_S, WATCHDOG_RANGE_S
from replay.cli.file_args import add_file_arguments
from replay.cli.info import load
from replay.cli.usage import UsageError
from replay.stream.transmit import DEFAULT_PORT

if TYPE_CHECKING:
    from replay.stream.receiver import RecordMode


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    t = sub.add_parser(
        "transmit",
        help="send a flight as CCSDS packets over UDP in (scaled) real time",
        description="Send a telemetry file as CCSDS space packets over UDP, paced by its time "
        "tags; the stream stops at the flight's last sample, as a vehicle's does.",
    )
    add_file_arguments(t)
    t.add_argument("--to", required=True, metavar="HOST:PORT", help="where to send")
    t.add_argument("--speed", type=float, default=1.0, help="replay speed (default real time)")
    t.add_argument("--loss", type=float, default=0.0, help="probability of dropping a packet")
    t.add_argument("--seed", type=int, default=0, help="seed of the random losses")
    t.set_defaults(handler=run_transmit)
    listen = sub.add_parser(
        "listen",
        help="receive packets live, with a loss-of-signal watchdog, and record them",
        description="Listen for CCSDS packets on UDP, show the flight live and record the stream.",
    )
    listen.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"UDP port (default {DEFAULT_PORT})"
    )
    listen.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1, this machine only; 0.0.0.0 listens on every "
        "interface)",
    )
    listen.add_argument("--record", help="packet file to record to (default: recording-UTC.ccsds)")
    existing = listen.add_mutually_exclusive_group()
    existing.add_argument(
        "--append", action="store_true", help="add to an existing recording (same flight only)"
    )
    existing.add_argument("--overwrite", action="store_true", help="replace an existing recording")
    listen.add_argument(
        "--watchdog",
        type=float,
        default=DEFAULT_WATCHDOG_S,
        metavar="SECONDS",
        help="seconds of flight time without a frame before the loss of signal is declared "
        f"(default {DEFAULT_WATCHDOG_S:g}; the same watchdog as a replay's)",
    )
    listen.set_defaults(handler=run_listen)


def run_transmit(args: argparse.Namespace) -> int:
    from replay.stream.transmit import parse_address, transmit

    try:
        address = parse_address(args.to)
        flight = load(args)
        stats = transmit(flight, address, speed=args.speed, loss=args.loss, seed=args.seed)
    except ValueError as exc:
        if type(exc) is not ValueError:
            raise
        raise UsageError(str(exc)) from None
    print(
        f"sent {stats.sent:,} packets to {args.to} in {stats.wall_s:.1f} s"
        f"{f', dropped {stats.dropped:,} on purpose' if stats.dropped else ''}"
    )
    return 0


def run_listen(args: argparse.Namespace) -> int:
    from replay.qt.app import listen

    lo, hi = WATCHDOG_RANGE_S
    if not lo <= args.watchdog <= hi:
        raise UsageError(
            f"--watchdog: expected {lo:g} to {hi:g} s of flight time, got {args.watchdog}"
        )
    if not 1 <= args.port <= 65_535:
        raise UsageError(f"--port: expected a UDP port from 1 to 65535, got {args.port}")
    record = Path(args.record or f"recording-{datetime.now(UTC):%Y%m%d-%H%M%S}.ccsds")
    mode: RecordMode = "append" if args.append else "overwrite" if args.overwrite else "new"
    check_record(record, mode)
    try:
        return listen(args.port, record, args.watchdog, host=args.host, record_mode=mode)
    except FileExistsError:
        raise UsageError(_exists(record)) from None
    except ValueError as exc:  # the port is taken, the address is not ours, ...
        raise UsageError(str(exc)) from None


def check_record(record: Path, mode: RecordMode) -> None:
    """Refuse a recording that exists unless told what to do with it; append only to packets."""
    from replay.io.ccsds import appendable

    if record.is_dir():
        raise UsageError(f"--record {record}: is a folder, expected a file name")
    if not record.absolute().parent.is_dir():
        raise UsageError(f"--record {record}: there is no folder {record.absolute().parent}")
    if not record.exists() or mode == "overwrite":
        return
    if mode == "new":
        raise UsageError(_exists(record))
    problem = appendable(record)
    if problem:
        raise UsageError(f"--record {record}: will not append: {problem}")


def _exists(record: Path) -> str:
    return f"--record {record}: the file exists; give --append to add to it or --overwrite"
