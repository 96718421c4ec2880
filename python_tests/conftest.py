"""Shared pytest fixtures: run dbt in-process (dbtRunner) against throw-away DuckDB files.

dbt invocations are never run in parallel. The fixture warehouse is built once per session
from `fixtures/edge_cases` with a fixed `as_of`, and tests read it with DuckDB.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
FIXTURES_RAW = PROJECT_DIR / "fixtures" / "edge_cases"
FIXTURE_AS_OF = "2026-01-15 12:00:00"


def run_dbt(args: list[str], duckdb_path: Path, target_path: Path, vars_: dict | None = None):
    """Run one dbt command in-process against `duckdb_path`; returns the dbtRunnerResult."""
    from dbt.cli.main import dbtRunner

    os.environ["DUCKDB_PATH"] = str(duckdb_path)
    cli = [
        *args,
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(target_path),
        "--log-path", str(target_path / "logs"),
    ]
    if vars_:
        import json

        cli += ["--vars", json.dumps(vars_)]
    cwd = os.getcwd()
    os.chdir(PROJECT_DIR)  # raw_path and other relative paths resolve against the project
    try:
        return dbtRunner().invoke(cli)
    finally:
        os.chdir(cwd)
        release_duckdb()


def release_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB instance open in-process after a run; close it so tests (and
    the next dbt run) can open the file, possibly with another configuration."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # another adapter
        return
    env = DuckDBConnectionManager._ENV
    if env is not None:
        env.close()
        DuckDBConnectionManager._ENV = None


def failure_messages(result) -> list[str]:
    """Readable messages of the nodes that did not pass (or the exception)."""
    if result.exception is not None:
        return [str(result.exception)]
    messages = []
    for node_result in getattr(result.result, "results", []) or []:
        if str(node_result.status) not in ("success", "pass"):
            messages.append(f"{node_result.node.unique_id}: {node_result.status} {node_result.message}")
    return messages


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """A DuckDB file with `dbt build` of the edge-case fixtures (fails the session if the build fails)."""
    work = tmp_path_factory.mktemp("fixture_build")
    db = work / "fixtures.duckdb"
    prebuilt = os.environ.get("LEAD_FUNNEL_FIXTURE_DB")
    if prebuilt:
        # `make test` has just built the same fixtures (make test-dbt-fixtures: same raw files, same
        # as_of, artifacts in LEAD_FUNNEL_FIXTURE_TARGET): reuse a copy instead of building twice
        shutil.copy2(prebuilt, db)
        (work / "target").mkdir()
        for artifact in Path(os.environ["LEAD_FUNNEL_FIXTURE_TARGET"]).glob("*.json"):
            shutil.copy2(artifact, work / "target" / artifact.name)
        return db
    result = run_dbt(
        ["build"], db, work / "target", {"raw_path": str(FIXTURES_RAW), "as_of": FIXTURE_AS_OF}
    )
    assert result.success, "dbt build on fixtures failed:\n" + "\n".join(failure_messages(result))
    return db


@pytest.fixture(scope="session")
def fixture_con(fixture_db):
    """A DuckDB connection to the built fixture warehouse."""
    con = duckdb.connect(str(fixture_db))
    yield con
    con.close()
