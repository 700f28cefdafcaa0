"""``ascent-replay analyze FILE [--json]``: when and where the signal was lost, and the impact."""

from __future__ import annotations

import argparse
import json

from replay.cli.file_args import add_file_arguments
from replay.cli.info import load


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "analyze",
        help="find dropouts, the loss of signal, events, impact and station coverage",
        description="Analyse a telemetry file: dropouts and loss of signal (from the data "
        "itself), events, ground track, impact prediction, places and station coverage.",
    )
    add_file_arguments(p)
    p.add_argument("--json", action="store_true", help="the JSON contract of docs/analysis-json.md")
    p.add_argument("--no-places", action="store_true", help="skip naming places (faster)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from replay.analysis.flight_analysis import analyze
    from replay.analysis.report import to_json, to_text

    flight = load(args)
    result = analyze(flight, places=not args.no_places)
    print(json.dumps(to_json(flight, result), indent=2) if args.json else to_text(flight, result))
    return 0
