"""``ascent-replay transmit FILE --to HOST:PORT`` and ``ascent-replay listen [--port N]``."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from replay.cli.file_args import add_file_arguments
from replay.cli.info import load
from replay.cli.usage import UsageError
from replay.stream.transmit import DEFAULT_PORT


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
    listen.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    listen.add_argument("--record", help="packet file to record to (default: recording-UTC.ccsds)")
    listen.add_argument(
        "--watchdog",
        type=int,
        default=25,
        help="nominal periods without a packet before LOS (default 25)",
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

    if args.watchdog < 1:
        raise UsageError(f"--watchdog: expected at least 1 period, got {args.watchdog}")
    record = args.record or f"recording-{datetime.now(UTC):%Y%m%d-%H%M%S}.ccsds"
    try:
        return listen(args.port, Path(record), args.watchdog, host=args.host)
    except ValueError as exc:  # the port is taken, the address is not ours, ...
        raise UsageError(str(exc)) from None
