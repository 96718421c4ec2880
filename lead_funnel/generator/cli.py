"""Command line of the generator (``python -m lead_funnel.generate`` / ``lead-funnel generate``)."""

from __future__ import annotations

import argparse
import datetime as dt

from lead_funnel.generator.run import generate
from lead_funnel.generator.shapes import SHAPES
from lead_funnel.generator.worlds import WORLDS

_DESCRIPTION = "Synthetic raw-data generator for the lead_funnel dbt project."

# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from exc


def _positive_int(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return n


def _rate(value: str) -> float:
    r = float(value)
    if not 0.0 <= r <= 0.5:
        raise argparse.ArgumentTypeError("must be within [0, 0.5]")
    return r


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--leads", type=_positive_int, default=20_000, help="number of leads (default 20000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--end-date", type=_date_arg, default=None,
                        help="last day of history, YYYY-MM-DD (default: today UTC)")
    parser.add_argument("--months", type=_positive_int, default=24, help="history length in months (default 24)")
    parser.add_argument("--out", default="data/raw", help="output directory (default data/raw)")
    parser.add_argument("--dirty", type=_rate, default=0.0,
                        help="inject every bad-input class at roughly this rate per table (default 0)")
    parser.add_argument("--world", choices=WORLDS, default="planted",
                        help="how the planted propensity is made (generator/worlds.py; default planted)")
    parser.add_argument("--shape", choices=SHAPES, default="contract",
                        help="table shape: contract (the six raw tables, default) or the same world as a "
                             "connector lands it: salesforce (Fivetran), salesforce-airbyte (API column names), "
                             "hubspot (Fivetran), marketo_salesforce (<out>/marketo beside <out>/salesforce)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    return parser


def run(args: argparse.Namespace) -> int:
    generate(args.out, leads=args.leads, seed=args.seed, end_date=args.end_date, months=args.months,
             dirty=args.dirty, progress=not args.quiet, world=args.world, shape=args.shape)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lead_funnel.generate", description=_DESCRIPTION)
    add_arguments(parser)
    return run(parser.parse_args(argv))
