"""``ascent-replay scenarios [--json]`` and ``ascent-replay generate SCENARIO -o FILE``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from replay.cli.info import render, summarise
from replay.cli.usage import UsageError


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "scenarios",
        help="list the built-in scenarios",
        description="List the scenarios that can be generated and replayed.",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run_scenarios)
    g = sub.add_parser(
        "generate",
        help="simulate a scenario and write its telemetry",
        description="Simulate a scenario's ascent and write the telemetry a ground "
        "station would have recorded.",
    )
    g.add_argument("scenario", help="scenario id (see 'ascent-replay scenarios')")
    g.add_argument("-o", "--output", required=True, help="output file (.csv, .csv.gz, .jsonl)")
    g.add_argument("--rate", type=float, default=25.0, help="sample rate in Hz (default 25)")
    g.add_argument("--seed", type=int, default=1, help="noise and dropout seed (default 1)")
    g.add_argument("--duration", type=float, help="seconds after liftoff the recording runs")
    g.add_argument("--truth", help="also write the truth after a failure (the falling vehicle)")
    g.add_argument("--quiet", action="store_true", help="do not print the summary")
    g.set_defaults(handler=run_generate)


def scenario_table() -> list[dict[str, Any]]:
    """Every scenario as plain data (the ``--json`` output)."""
    from replay.teach.library import scenario_cards

    return [{k: v for k, v in card.items() if k != "sample"} for card in scenario_cards()]


def run_scenarios(args: argparse.Namespace) -> int:
    rows = scenario_table()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        failure = f"failure at T+{r['failure']['t_s']:g} s" if r["failure"] else "nominal"
        date = r["launch_utc"][:10]
        print(f"{r['id']:<{width}}  {date}  {r['site']['name']:<26} {failure:<22} {r['title']}")
    return 0


def run_generate(args: argparse.Namespace) -> int:
    from replay.io import write_flight
    from replay.sim.generate import generate

    try:
        made = generate(args.scenario, rate_hz=args.rate, seed=args.seed, duration_s=args.duration)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    try:
        write_flight(made.telemetry, args.output)
        if args.truth:
            if made.truth is None:
                raise UsageError(f"scenario {args.scenario!r} has no failure, so no truth to write")
            write_flight(made.truth, args.truth)
    except (ValueError, OSError) as exc:
        raise UsageError(f"cannot write: {exc}") from None
    if not args.quiet:
        from replay.io import read_flight

        print(render(summarise(read_flight(args.output))))  # what was written, read back
    return 0
