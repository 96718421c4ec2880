"""Print a short summary of a built lead_funnel warehouse: rows per mart, raw row outcomes.

    lead-funnel summary --database warehouse.duckdb      (default $DUCKDB_PATH)
"""

from __future__ import annotations

import argparse
import sys

import duckdb

from lead_funnel import settings


def summarise(database: str) -> str:
    """Return the summary text for the DuckDB file `database` (opened read-only)."""
    con = duckdb.connect(database, read_only=True)
    try:
        lines = ["Marts (rows):"]
        marts = con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' order by table_name"
        ).fetchall()
        for (table,) in marts:
            count = con.execute(f'select count(*) from marts."{table}"').fetchone()[0]
            lines.append(f"  {table:<40} {count:>12,}")
        if not marts:
            lines.append("  (no marts built yet)")
        lines.append("")
        lines.append("Raw rows by outcome (staged / quarantined per reason / removed duplicates):")
        outcomes = con.execute(
            "select raw_table, row_outcome, outcome_reason, row_count "
            "from staging.stg_raw__row_outcomes "
            "order by raw_table, row_outcome desc, row_count desc"
        ).fetchall()
        for raw_table, outcome, reason, count in outcomes:
            label = outcome if outcome == "staged" else f"{outcome}: {reason}"
            lines.append(f"  {raw_table:<22} {label:<45} {count:>12,}")
        lines.extend(monitor_warnings(con))
        return "\n".join(lines)
    finally:
        con.close()


def monitor_warnings(con) -> list[str]:
    """The data-quality monitors' warnings of the last build (tests share_below_threshold at level
    warn store their breaches, one row per table and reason, in the dbt_test__audit schema)."""
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_name like 'monitor\\_%\\_warn' escape '\\' order by table_name"
    ).fetchall()
    messages = [
        message
        for schema, table in tables
        for (message,) in con.execute(f'select message from "{schema}"."{table}" order by share desc').fetchall()
    ]
    lines = ["", "Data-quality warnings (vars monitor_warn_share / monitor_error_share):"]
    lines.extend(f"  {message}" for message in messages)
    if not messages:
        lines.append("  none")
    return lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", default=settings.duckdb_path(),
                        help="DuckDB file built by dbt (default $DUCKDB_PATH or warehouse.duckdb)")


def run(args: argparse.Namespace) -> int:
    print(summarise(args.database))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
