"""Safe publishing to BI (write, audit, publish): ``lead-funnel publish`` / ``make publish``.

DuckDB allows one writer or many readers, never both, and ``dbt build`` replaces a mart before
its tests run. So BI tools never read the warehouse dbt writes; they read a *published* file
(``$DUCKDB_BI_PATH``, default ``warehouse_bi.duckdb``) that this module replaces atomically, and
only after a complete, successful ``dbt build``:

1. **write** - ``dbt build`` (models, seeds, snapshots, data and unit tests) into the warehouse
   (``$DUCKDB_PATH``). A failed build stops here: the published file is not touched.
2. **audit** - the build's ``run_results.json`` must be a full ``dbt build`` (no selection) whose
   every node succeeded (warnings allowed). The BI-facing marts - the models the exposures
   flagged ``meta: {publish_to_bi: true}`` depend on (models/exposures.yml) - are copied into a
   new DuckDB file beside the published one, which is then checked: every relation is there with
   the warehouse's row count, no column is named like raw PII (email, names, phone, ...) and no
   text value looks like an email address.
3. **publish** - ``os.replace`` of the new file over the published one (atomic on one file
   system): readers see yesterday's file or today's, never a half-written one.

    lead-funnel publish --raw-path data/raw [--as-of "2026-11-22 00:00:00"]
    lead-funnel publish --no-build --database warehouse.duckdb --target-path target
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from lead_funnel import settings

DEFAULT_BI_PATH = settings.DEFAULT_BI_PATH
# Seeds the report reads besides the exposures' marts (the funnel stage order), published with
# them when the build has them.
REFERENCE_SEEDS = ("funnel_stages",)

# Column names that hold raw personal data in the raw contract (or would, if a mart leaked it).
PII_COLUMN_NAMES = frozenset(
    {
        "email", "email_address", "first_name", "last_name", "full_name", "name_first", "name_last",
        "phone", "phone_number", "mobile", "job_title", "street", "address", "postal_code", "zip",
        "ip", "ip_address", "birth_date", "date_of_birth",
    }
)
EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[^@\s]+"
# run_results statuses that count as success
OK_STATUSES = frozenset({"success", "pass", "warn", "no-op"})
FULL_SELECTIONS = (None, [], ["fqn:*"], ("fqn:*",))
PUBLICATION_TABLE = ("main", "publication")


class PublishError(RuntimeError):
    """The build or the audit failed: nothing was published."""


@dataclass
class PublishResult:
    bi_path: Path
    relations: list[tuple[str, str]]
    row_counts: dict[str, int] = field(default_factory=dict)


def dbt_executable() -> str:
    """The dbt next to this Python (the project venv), else the one on PATH (lead_funnel.settings)."""
    try:
        return settings.dbt_executable()
    except settings.SettingsError as exc:
        raise PublishError(str(exc)) from exc


def run_dbt_build(
    database: Path,
    target_path: Path,
    raw_path: str | None = None,
    as_of: str | None = None,
    extra_args: list[str] | None = None,
) -> bool:
    """Step 1 (write): ``dbt build`` of the whole project into ``database``; True on success."""
    dbt_vars = {}
    if raw_path:
        dbt_vars["raw_path"] = raw_path
    if as_of:
        dbt_vars["as_of"] = as_of
    project_dir = settings.project_dir()
    cmd = [
        dbt_executable(), "build",
        "--project-dir", str(project_dir),
        "--profiles-dir", str(settings.profiles_dir()),
        "--target-path", str(target_path),
    ]
    if dbt_vars:
        cmd += ["--vars", json.dumps(dbt_vars)]
    cmd += extra_args or []
    env = {**os.environ, "DUCKDB_PATH": str(database)}
    return subprocess.run(cmd, cwd=project_dir, env=env, check=False).returncode == 0


def bi_nodes(manifest_path: Path) -> list[dict]:
    """The manifest nodes (models, seeds, snapshots) of every exposure flagged ``meta.publish_to_bi``,
    plus the REFERENCE_SEEDS the manifest has."""
    if not Path(manifest_path).exists():
        raise PublishError(f"no dbt manifest at {manifest_path}: run dbt build (or parse) first")
    manifest = json.loads(Path(manifest_path).read_text())
    nodes: dict[str, dict] = {}
    for exposure in manifest.get("exposures", {}).values():
        meta = {**(exposure.get("meta") or {}), **((exposure.get("config") or {}).get("meta") or {})}
        if not meta.get("publish_to_bi"):
            continue
        for unique_id in exposure.get("depends_on", {}).get("nodes", []):
            node = manifest["nodes"].get(unique_id)
            if node and node["resource_type"] in ("model", "seed", "snapshot"):
                nodes[unique_id] = node
    if not nodes:
        raise PublishError(f"no exposure in {manifest_path} is flagged meta.publish_to_bi: nothing to publish")
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] == "seed" and node["name"] in REFERENCE_SEEDS:
            nodes[unique_id] = node
    return [nodes[key] for key in sorted(nodes)]


def bi_relations(manifest_path: Path) -> list[tuple[str, str]]:
    """(schema, table) of every relation published to BI (see bi_nodes)."""
    return sorted({(node["schema"], node.get("alias") or node["name"]) for node in bi_nodes(manifest_path)})


def audit_run_results(run_results_path: Path) -> dict:
    """Step 2a: the build was a full ``dbt build`` and every node passed; returns its metadata."""
    if not run_results_path.exists():
        raise PublishError(f"no run_results.json at {run_results_path}: run dbt build first")
    run_results = json.loads(run_results_path.read_text())
    args = run_results.get("args", {})
    if args.get("which") != "build":
        raise PublishError(f"the last dbt command was `{args.get('which')}`, not `build`: not publishing")
    if args.get("select") not in FULL_SELECTIONS or args.get("exclude"):
        raise PublishError("the last dbt build was a partial one (--select/--exclude): not publishing")
    if args.get("empty"):
        raise PublishError("the last dbt build ran with --empty: not publishing")
    failed = [
        f"{result['unique_id']}: {result['status']}"
        for result in run_results.get("results", [])
        if str(result["status"]).lower() not in OK_STATUSES
    ]
    if failed:
        shown = "\n  ".join(failed[:20])
        raise PublishError(f"dbt build had {len(failed)} failed node(s); the published file is unchanged:\n  {shown}")
    if not run_results.get("results"):
        raise PublishError("the last dbt build ran nothing: not publishing")
    return {
        "invocation_id": run_results["metadata"].get("invocation_id"),
        "dbt_version": run_results["metadata"].get("dbt_version"),
        "build_finished_at": run_results["metadata"].get("generated_at"),
        "dbt_vars": json.dumps(args.get("vars") or {}, sort_keys=True),
    }


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def audit_published_file(con: duckdb.DuckDBPyConnection, expected: dict[str, int]) -> None:
    """Step 2b: the new file holds exactly the expected relations and row counts, and no PII."""
    tables = {
        f"{schema}.{table}"
        for schema, table in con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = current_database()"
        ).fetchall()
    } - {".".join(PUBLICATION_TABLE)}
    if tables != set(expected):
        raise PublishError(f"published relations {sorted(tables)} differ from the expected {sorted(expected)}")
    for relation, rows in expected.items():
        schema, table = relation.split(".")
        published = con.execute(f"select count(*) from {_quote(schema)}.{_quote(table)}").fetchone()[0]
        if published != rows:
            raise PublishError(f"{relation}: {published} rows published, {rows} in the warehouse")
    columns = con.execute(
        "select schema_name, table_name, column_name, data_type from duckdb_columns() "
        "where database_name = current_database()"
    ).fetchall()
    pii = [f"{s}.{t}.{c}" for s, t, c, _ in columns if c.lower() in PII_COLUMN_NAMES]
    if pii:
        raise PublishError(f"raw PII columns would be published: {pii}")
    for schema, table, column, data_type in columns:
        if data_type.upper() not in ("VARCHAR", "TEXT"):
            continue
        hit = con.execute(
            f"select {_quote(column)} from {_quote(schema)}.{_quote(table)} "
            f"where regexp_matches({_quote(column)}, ?) limit 1",
            [EMAIL_PATTERN],
        ).fetchone()
        if hit:
            raise PublishError(f"{schema}.{table}.{column} holds an email address: not publishing")


def publish_from_warehouse(
    warehouse: Path,
    bi_path: Path,
    manifest_path: Path,
    run_results_path: Path | None = None,
    build_info: dict | None = None,
) -> PublishResult:
    """Steps 2 and 3: audit the build, copy the BI marts to a new file, audit it, swap it in.

    Without ``run_results_path`` the caller vouches for the build (the Dagster asset runs only
    after every dbt asset and check of the run succeeded); ``build_info`` then describes it.
    """
    warehouse, bi_path = Path(warehouse).resolve(), Path(bi_path).resolve()
    if warehouse == bi_path:
        raise PublishError("the published file must not be the warehouse dbt writes")
    if not warehouse.exists():
        raise PublishError(f"no warehouse at {warehouse}")
    relations = bi_relations(manifest_path)
    build_info = audit_run_results(run_results_path) if run_results_path else dict(build_info or {})

    bi_path.parent.mkdir(parents=True, exist_ok=True)
    staging = bi_path.with_name(f".{bi_path.name}.{os.getpid()}.publishing")
    for leftover in (staging, staging.with_name(staging.name + ".wal")):
        leftover.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(staging))
        try:
            con.execute(f"attach {_sql_string(str(warehouse))} as warehouse (read_only)")
            expected: dict[str, int] = {}
            for schema, table in relations:
                source = f"warehouse.{_quote(schema)}.{_quote(table)}"
                try:
                    rows = con.execute(f"select count(*) from {source}").fetchone()[0]
                except duckdb.CatalogException as exc:
                    raise PublishError(f"{schema}.{table} is not in the warehouse {warehouse}") from exc
                con.execute(f"create schema if not exists {_quote(schema)}")
                con.execute(f"create table {_quote(schema)}.{_quote(table)} as select * from {source}")
                _copy_comments(con, schema, table)
                expected[f"{schema}.{table}"] = rows
            con.execute("detach warehouse")
            audit_published_file(con, expected)
            _write_publication_row(con, warehouse, build_info, len(expected))
            con.execute("checkpoint")
        finally:
            con.close()
        with open(staging, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(staging, bi_path)  # step 3: atomic
        _fsync_dir(bi_path.parent)
    except BaseException:
        staging.unlink(missing_ok=True)
        staging.with_name(staging.name + ".wal").unlink(missing_ok=True)
        raise
    return PublishResult(bi_path=bi_path, relations=relations, row_counts=expected)


def _copy_comments(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
    """Keep the model and column descriptions (dbt persist_docs) for BI tools that show them."""
    row = con.execute(
        "select comment from duckdb_tables() where database_name = 'warehouse' and schema_name = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    target = f"{_quote(schema)}.{_quote(table)}"
    if row and row[0]:
        con.execute(f"comment on table {target} is {_sql_string(row[0])}")
    for column, comment in con.execute(
        "select column_name, comment from duckdb_columns() "
        "where database_name = 'warehouse' and schema_name = ? and table_name = ? and comment is not null",
        [schema, table],
    ).fetchall():
        con.execute(f"comment on column {target}.{_quote(column)} is {_sql_string(comment)}")


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _write_publication_row(con, warehouse: Path, build_info: dict, relation_count: int) -> None:
    schema, table = PUBLICATION_TABLE
    con.execute(
        f"create table {schema}.{table} (published_at timestamp, source_warehouse varchar, relations integer, "
        "dbt_invocation_id varchar, dbt_version varchar, build_finished_at varchar, dbt_vars varchar)"
    )
    con.execute(
        f"insert into {schema}.{table} values (?, ?, ?, ?, ?, ?, ?)",
        [
            datetime.now(timezone.utc).replace(tzinfo=None),
            warehouse.name,
            relation_count,
            build_info.get("invocation_id"),
            build_info.get("dbt_version"),
            build_info.get("build_finished_at"),
            build_info.get("dbt_vars"),
        ],
    )
    con.execute(
        f"comment on table {schema}.{table} is 'One row: when this file was published, from which dbt build.'"
    )


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def build_and_publish(
    database: Path,
    bi_path: Path,
    target_path: Path,
    raw_path: str | None = None,
    as_of: str | None = None,
) -> PublishResult:
    """Write (dbt build), audit, publish. Raises PublishError, leaving bi_path untouched, on failure."""
    if not run_dbt_build(database, target_path, raw_path=raw_path, as_of=as_of):
        raise PublishError(f"dbt build failed: {bi_path} was not touched")
    return publish_from_warehouse(
        database, bi_path, target_path / "manifest.json", target_path / "run_results.json"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", default=settings.duckdb_path(),
                        help="the warehouse dbt builds (default $DUCKDB_PATH or warehouse.duckdb)")
    parser.add_argument("--bi-path", default=settings.bi_path(),
                        help="the published file BI tools read (default $DUCKDB_BI_PATH or warehouse_bi.duckdb)")
    parser.add_argument("--target-path", default="target", help="dbt target path (manifest, run_results)")
    parser.add_argument("--raw-path", default=None, help="dbt var raw_path (default: the project's)")
    parser.add_argument("--as-of", default=None, help="dbt var as_of (default: now, UTC)")
    parser.add_argument("--no-build", action="store_true",
                        help="publish the last build in --target-path (its run_results must show a full, passing dbt build)")
    parser.add_argument("--orchestrated", action="store_true",
                        help="with --no-build: an orchestrator ran the build as several dbt tasks and vouches that "
                             "all of them, tests included, passed (run_results is not audited; the file audit is)")


def run(args: argparse.Namespace) -> int:
    database, bi_path, target_path = Path(args.database), Path(args.bi_path), Path(args.target_path)
    try:
        if args.no_build:
            run_results = None if args.orchestrated else target_path / "run_results.json"
            result = publish_from_warehouse(database, bi_path, target_path / "manifest.json", run_results)
        else:
            result = build_and_publish(database, bi_path, target_path, raw_path=args.raw_path, as_of=args.as_of)
    except PublishError as exc:
        print(f"publish: {exc}", file=sys.stderr)
        return 1
    print(f"published {len(result.relations)} relations to {result.bi_path}:")
    for relation, rows in result.row_counts.items():
        print(f"  {relation:<45} {rows:>12,}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
