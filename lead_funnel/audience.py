"""Look-alike audience of current MQLs for ad platforms: ``lead-funnel audience-export``.

Reads ``export.mql_audience_export`` (one row per current MQL with the unsalted SHA-256 of its
trimmed, lowercased email, computed inside the warehouse) and writes a CSV that Google Customer
Match, LinkedIn Matched Audiences or Meta custom audiences accept as pre-hashed emails. Only
hashes leave the warehouse file: every value is checked to be a 64-character hex digest before
anything is written.

    lead-funnel audience-export --database warehouse.duckdb --out mql_audience.csv [--segment enterprise]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import re
import sys
from pathlib import Path

import duckdb

from lead_funnel import settings

AUDIENCE_RELATION = "export.mql_audience_export"
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class AudienceError(RuntimeError):
    """The audience could not be exported (nothing was written)."""


def normalised_email_sha256(email: str) -> str:
    """The hash the warehouse computes: SHA-256 (hex) of the trimmed, lowercased email."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def read_audience(database: str | Path, segment: str | None = None) -> list[tuple[str, str]]:
    """(email_sha256, segment) of the current MQLs, ordered by hash."""
    if not Path(database).exists():
        raise AudienceError(f"no warehouse at {database}: run `make run` (or dbt build) first")
    con = duckdb.connect(str(database), read_only=True)
    try:
        query = f"select email_sha256, segment from {AUDIENCE_RELATION}"
        params: list = []
        if segment:
            query += " where segment = ?"
            params.append(segment)
        try:
            rows = con.execute(query + " order by email_sha256", params).fetchall()
        except duckdb.CatalogException as exc:
            raise AudienceError(f"{database} has no {AUDIENCE_RELATION}: build it with dbt first") from exc
    finally:
        con.close()
    bad = [value for value, _ in rows if not (isinstance(value, str) and SHA256_HEX.match(value))]
    if bad:
        raise AudienceError(f"{len(bad)} audience value(s) are not SHA-256 hex digests: nothing written")
    return rows


def export_audience(
    database: str | Path,
    out: str | Path,
    segment: str | None = None,
    header: str = "email_sha256",
    with_segment: bool = False,
) -> int:
    """Write the audience CSV atomically; returns the number of hashed emails written."""
    rows = read_audience(database, segment)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        with open(partial, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([header, "segment"] if with_segment else [header])
            for email_sha256, row_segment in rows:
                writer.writerow([email_sha256, row_segment] if with_segment else [email_sha256])
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return len(rows)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", default=settings.duckdb_path(),
                        help="the warehouse holding export.mql_audience_export (default $DUCKDB_PATH)")
    parser.add_argument("--out", default="mql_audience.csv", help="CSV to write (default mql_audience.csv)")
    parser.add_argument("--segment", default=None, help="only this segment (enterprise, mid_market, smb)")
    parser.add_argument("--header", default="email_sha256",
                        help="name of the hash column (e.g. `Email` for Google Customer Match)")
    parser.add_argument("--with-segment", action="store_true", help="add a segment column")


def run(args: argparse.Namespace) -> int:
    try:
        count = export_audience(args.database, args.out, args.segment, args.header, args.with_segment)
    except AudienceError as exc:
        print(f"audience-export: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {count:,} hashed emails of current MQLs to {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
