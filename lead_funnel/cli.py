"""``lead-funnel`` command line entry point.

Each subcommand lives in its own module that exposes ``add_arguments(parser)``
and ``run(args) -> int``; register new ones in ``SUBCOMMANDS``. Test, bench and CI tooling
(Spark parity, bench increments, the report's browser check) is not installed with the package:
it lives in the top-level ``devtools`` package of the repository.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> (module, help text)
SUBCOMMANDS = {
    "generate": ("lead_funnel.generate", "generate synthetic raw lead/activity/opportunity data (Parquet)"),
    "evaluate": ("lead_funnel.evaluate", "print scoring quality (rule vs calibrated: AUC, Brier, calibration error; oracle with the generator's truth)"),
    "publish": ("lead_funnel.publish", "dbt build, then atomically publish the BI-facing marts to $DUCKDB_BI_PATH (write-audit-publish)"),
    "report": ("lead_funnel.report", "write the self-contained HTML report of the published marts"),
    "audience-export": ("lead_funnel.audience", "write the SHA-256 hashed emails of current MQLs to CSV for ad platforms"),
    "summary": ("lead_funnel.summary", "print rows per mart and raw row outcomes of a built warehouse ($DUCKDB_PATH)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lead-funnel", description="lead_funnel tooling")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(func=module.run)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
