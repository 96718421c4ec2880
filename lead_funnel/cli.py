"""``lead-funnel`` command line entry point.

Each subcommand lives in its own module that exposes ``add_arguments(parser)``
and ``run(args) -> int``; register new ones in ``SUBCOMMANDS``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> (module, help text)
SUBCOMMANDS = {
    "generate": ("lead_funnel.generate", "generate synthetic raw lead/activity/opportunity data (Parquet)"),
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
