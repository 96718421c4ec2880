"""Safe publishing to BI (lead_funnel.publish): write, audit, publish.

* the published file holds exactly the relations the BI exposures depend on, with the
  warehouse's rows, and - read from its catalog - no raw PII column nor email-looking value;
* the audit catches a PII column or an email value (so the check above can fail);
* a build whose test failed, or a partial build, is not published; a failed ``dbt build`` leaves
  yesterday's file byte for byte;
* publishing swaps the file atomically while a BI reader holds the old one open.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from lead_funnel import publish
from python_tests.ecosystem_helpers import copy_fixture_build

from .conftest import FIXTURE_AS_OF, FIXTURES_RAW

pytestmark = pytest.mark.dbt

RAW_PII_COLUMNS = {"email", "first_name", "last_name", "job_title", "company_name"}


@pytest.fixture(scope="module")
def build(fixture_db, tmp_path_factory):
    """A copy of the fixture warehouse with its manifest and run_results."""
    return copy_fixture_build(fixture_db, tmp_path_factory.mktemp("publish_build"))


@pytest.fixture(scope="module")
def published(build, tmp_path_factory):
    db, target = build
    bi_path = tmp_path_factory.mktemp("bi") / "warehouse_bi.duckdb"
    result = publish.publish_from_warehouse(db, bi_path, target / "manifest.json", target / "run_results.json")
    return result, bi_path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _catalog(path: Path) -> list[tuple[str, str, str, str]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select table_schema, table_name, column_name, data_type from information_schema.columns "
            "order by 1, 2, ordinal_position"
        ).fetchall()
    finally:
        con.close()


def test_published_file_holds_only_the_bi_marts_of_the_exposures(build, published):
    db, target = build
    result, bi_path = published
    manifest = json.loads((target / "manifest.json").read_text())
    exposed = {
        (manifest["nodes"][node]["schema"], manifest["nodes"][node]["alias"])
        for exposure in manifest["exposures"].values()
        if exposure["config"]["meta"].get("publish_to_bi")
        for node in exposure["depends_on"]["nodes"]
        if node in manifest["nodes"]  # models; metrics are not tables
    }
    # the seeds the report reads (the funnel stage order) are published with the exposed marts
    reference = {
        (node["schema"], node["alias"]) for node in manifest["nodes"].values()
        if node["resource_type"] == "seed" and node["name"] in publish.REFERENCE_SEEDS
    }
    tables = {(schema, table) for schema, table, _, _ in _catalog(bi_path)}
    assert tables == exposed | reference | {("main", "publication")}
    assert {"marts", "semantic", "main"} >= {schema for schema, _ in tables - reference}
    assert ("marts", "dim_leads") in tables and ("marts", "fct_lead_funnel") in tables
    # nothing of staging, intermediate, seeds (but the reference seeds) or the audience export
    assert not {schema for schema, _ in tables - reference} & {"staging", "intermediate", "seeds", "export", "raw"}

    warehouse = duckdb.connect(str(db), read_only=True)
    bi = duckdb.connect(str(bi_path), read_only=True)
    try:
        for schema, table in exposed:
            query = f'select count(*) from "{schema}"."{table}"'
            assert bi.execute(query).fetchone() == warehouse.execute(query).fetchone(), f"{schema}.{table}"
        publication = bi.execute("select relations, dbt_invocation_id, dbt_vars from main.publication").fetchone()
        assert publication[0] == len(exposed | reference)
        assert publication[1] and json.loads(publication[2])["as_of"] == FIXTURE_AS_OF
        # descriptions (persist_docs) travel with the tables
        comment = bi.execute(
            "select comment from duckdb_tables() where schema_name = 'marts' and table_name = 'dim_leads'"
        ).fetchone()[0]
        assert comment and comment.startswith("One row per")
    finally:
        warehouse.close()
        bi.close()


def test_published_catalog_has_no_raw_pii(build, published):
    db, _ = build
    _, bi_path = published
    catalog = _catalog(bi_path)
    leaked = [f"{s}.{t}.{c}" for s, t, c, _ in catalog if c.lower() in RAW_PII_COLUMNS | publish.PII_COLUMN_NAMES]
    assert leaked == []
    # ... while the warehouse does hold them (so the check is not vacuous)
    assert any(c == "email" for s, _, c, _ in _catalog(db) if s == "staging")

    con = duckdb.connect(str(bi_path), read_only=True)
    try:
        for schema, table, column, data_type in catalog:
            if data_type == "VARCHAR":
                hits = con.execute(
                    f'select count(*) from "{schema}"."{table}" where "{column}" like \'%@%.%\''
                ).fetchone()[0]
                assert hits == 0, f"{schema}.{table}.{column} holds email-like values"
    finally:
        con.close()


def test_audit_rejects_a_pii_column_and_an_email_value(tmp_path):
    con = duckdb.connect(str(tmp_path / "candidate.duckdb"))
    try:
        con.execute("create schema marts")
        con.execute("create table marts.leads as select 'L1' as lead_id, 'a@b.co' as email")
        with pytest.raises(publish.PublishError, match="PII"):
            publish.audit_published_file(con, {"marts.leads": 1})
        con.execute("create or replace table marts.leads as select 'L1' as lead_id, ' Dana@Acme.com' as note")
        with pytest.raises(publish.PublishError, match="email"):
            publish.audit_published_file(con, {"marts.leads": 1})
        with pytest.raises(publish.PublishError, match="rows"):
            publish.audit_published_file(con, {"marts.leads": 2})
    finally:
        con.close()


def _seed_published_file(path: Path) -> str:
    con = duckdb.connect(str(path))
    con.execute("create table yesterday as select 42 as answer")
    con.close()
    return _digest(path)


def test_a_build_with_a_failed_test_is_not_published(build, tmp_path):
    db, target = build
    run_results = json.loads((target / "run_results.json").read_text())
    test_result = next(r for r in run_results["results"] if r["unique_id"].startswith("test."))
    test_result["status"] = "fail"
    failed_target = tmp_path / "target"
    failed_target.mkdir()
    shutil.copy2(target / "manifest.json", failed_target / "manifest.json")
    (failed_target / "run_results.json").write_text(json.dumps(run_results))
    bi_path = tmp_path / "warehouse_bi.duckdb"
    before = _seed_published_file(bi_path)

    with pytest.raises(publish.PublishError, match="failed node"):
        publish.publish_from_warehouse(
            db, bi_path, failed_target / "manifest.json", failed_target / "run_results.json"
        )
    assert _digest(bi_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target", "warehouse_bi.duckdb"]  # no leftovers


def test_a_partial_build_is_not_published(build, tmp_path):
    db, target = build
    run_results = json.loads((target / "run_results.json").read_text())
    run_results["args"]["select"] = ["dim_leads"]
    (tmp_path / "run_results.json").write_text(json.dumps(run_results))
    with pytest.raises(publish.PublishError, match="partial"):
        publish.publish_from_warehouse(db, tmp_path / "bi.duckdb", target / "manifest.json",
                                       tmp_path / "run_results.json")
    assert not (tmp_path / "bi.duckdb").exists()


@pytest.mark.slow
def test_a_failed_dbt_build_leaves_the_published_file_untouched(tmp_path):
    """A real `dbt build` that fails (a raw file is missing) through the publish command."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES_RAW, raw, ignore=shutil.ignore_patterns("_expected"))
    (raw / "campaign_spend.csv").unlink()
    bi_path = tmp_path / "warehouse_bi.duckdb"
    before = _seed_published_file(bi_path)
    mtime = bi_path.stat().st_mtime_ns

    exit_code = publish.main([
        "--database", str(tmp_path / "warehouse.duckdb"),
        "--bi-path", str(bi_path),
        "--target-path", str(tmp_path / "target"),
        "--raw-path", str(raw),
        "--as-of", FIXTURE_AS_OF,
    ])
    assert exit_code == 1
    assert _digest(bi_path) == before and bi_path.stat().st_mtime_ns == mtime
    assert not list(tmp_path.glob(".warehouse_bi.duckdb.*"))


def test_publishing_swaps_the_file_while_a_reader_holds_the_old_one(build, tmp_path):
    db, target = build
    bi_path = tmp_path / "warehouse_bi.duckdb"
    _seed_published_file(bi_path)
    reader = duckdb.connect(str(bi_path), read_only=True)  # a BI tool with yesterday's file open
    try:
        publish.publish_from_warehouse(db, bi_path, target / "manifest.json", target / "run_results.json")
        assert reader.execute("select answer from yesterday").fetchone() == (42,)
    finally:
        reader.close()
    con = duckdb.connect(str(bi_path), read_only=True)
    try:
        tables = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    finally:
        con.close()
    assert "yesterday" not in tables and "dim_leads" in tables
