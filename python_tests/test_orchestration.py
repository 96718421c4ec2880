"""The Dagster code location (lead_funnel.orchestration).

* the Definitions load: every dbt model, seed and snapshot is an asset, every data test attached
  to one is an asset check, the raw-files sensor targets the whole build;
* the daily schedule runs the dbt selector `daily` (everything but the calibration; only the data
  tests tagged `daily`, on the changed rows; no unit tests), the weekly one the calibration and
  every check; dbt's own selectors agree (`dbt ls --selector daily` has the predictions but not the fit);
* the schedules' cron and timezone come from the environment;
* the sensor asks for a build when the raw files change, and only then (and not while they are
  still being written, nor when one is missing);
* materializing assets in-process on the fixtures runs `dbt build` with the run config's vars,
  passes every error-level check, rebuilds the marts in the warehouse and publishes the BI file;
  the run-time vars reach dbt by environment, so its prepared partial parse is not discarded for
  changed vars (a changed --vars re-parses the whole project). The run materializes the marts, the
  export, the staged row outcomes (the monitors' checks) and a seed on a copy of the fixtures build
  (make test-dbt-fixtures), their tables dropped first: the wiring of every asset and check is the
  Definitions test's, and a whole build of the fixtures is make test-dbt-fixtures' (a whole build
  here again cost ~150 s of make test).
"""

from __future__ import annotations

import json
import os
import shutil

import duckdb
import pytest

pytest.importorskip("dagster")
pytest.importorskip("dagster_dbt")

from dagster import (  # noqa: E402
    AssetCheckSeverity,
    AssetKey,
    AssetSelection,
    DagsterInstance,
    RunConfig,
    RunRequest,
    SkipReason,
    build_schedule_context,
    build_sensor_context,
    materialize,
)
from dagster_dbt import get_asset_key_for_model  # noqa: E402

from .conftest import FIXTURE_AS_OF, FIXTURES_RAW, SHARED_DB_NAME, parsed_once, release_duckdb, run_dbt  # noqa: E402

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

MARTS = [
    "dim_leads", "fct_mql_events", "fct_lead_score_components", "fct_lead_funnel", "fct_funnel_transitions",
    "fct_funnel_monthly", "rpt_mql_definition_health", "dim_accounts", "fct_aql_events",
    "rpt_mql_threshold_curve",
]


@pytest.fixture(scope="module")
def orchestration():
    from lead_funnel import orchestration

    return orchestration


def test_definitions_have_every_dbt_node_as_an_asset_and_every_test_as_a_check(orchestration):
    repo = orchestration.defs.get_repository_def()
    asset_keys = {key.to_user_string() for key in repo.asset_graph.get_all_asset_keys()}
    check_names = {key.name for key in repo.asset_graph.asset_check_keys}
    manifest = json.loads(orchestration.lead_funnel_project.manifest_path.read_text())
    nodes = [n for n in manifest["nodes"].values() if n["package_name"] == "lead_funnel"]

    built = [n for n in nodes if n["resource_type"] in ("model", "seed", "snapshot")]
    assert {n["resource_type"] for n in built} >= {"model", "seed"}
    missing = [n["unique_id"] for n in built if f"{n['schema']}/{n['alias']}" not in asset_keys]
    assert missing == []
    assert "bi_warehouse" in asset_keys

    # dbt keeps the tests of disabled models (the connectors' staging while their source is off) among
    # the nodes, with enabled false: Dagster rightly makes no check of them
    attached_tests = [n for n in nodes if n["resource_type"] == "test" and n.get("attached_node")
                      and n["config"].get("enabled", True)]
    assert attached_tests
    assert {n["name"] for n in attached_tests} <= check_names

    assert repo.get_schedule_def("lead_funnel_daily").job_name == "lead_funnel_daily_build"
    assert repo.get_schedule_def("lead_funnel_weekly").job_name == "lead_funnel_weekly_build"
    assert repo.get_sensor_def("raw_files_sensor").job_name == "lead_funnel_build"


# the calibration (selectors.yml `calibration`): refit weekly, never on the daily run
FIT = {"ml_scoring_weights", "ml_scoring_model_evaluation", "ml_feature_catalogue", "ml_lead_training_set",
       "ml_lead_training_sample", "ml_lead_training_extra_features", "ml_probability_deciles",
       "rpt_scoring_model_evaluation", "rpt_mql_threshold_curve"}
APPLY = {"ml_lead_predictions", "dim_leads_predicted"}


def _job_assets(orchestration, job_name) -> tuple[set[str], set[str]]:
    """(asset names, check names) a job of the Definitions materializes / evaluates."""
    layer = orchestration.defs.get_job_def(job_name).asset_layer
    return {key.path[-1] for key in layer.selected_asset_keys}, {key.name for key in layer.asset_graph.asset_check_keys}


def test_the_daily_schedule_keeps_the_fit_and_the_weekly_one_refits_and_tests_everything(orchestration):
    repo = orchestration.defs.get_repository_def()
    every_model = {key.path[-1] for key in repo.asset_graph.executable_asset_keys}  # not the raw sources
    daily, daily_checks = _job_assets(orchestration, "lead_funnel_daily_build")
    weekly, weekly_checks = _job_assets(orchestration, "lead_funnel_weekly_build")
    assert FIT <= every_model and APPLY <= every_model
    assert daily & FIT == set()
    assert APPLY | {"dim_leads", "fct_mql_events", "int_lead_engagement_timeline", "bi_warehouse"} <= daily
    assert daily | weekly == every_model  # together the two schedules build everything
    assert FIT | {"bi_warehouse"} <= weekly and weekly & APPLY == set()
    every_check = {key.name for key in repo.asset_graph.asset_check_keys}
    assert every_check == weekly_checks and len(every_check) > 250  # the full suite (one row_rules test per model)
    assert daily_checks < every_check and not any("ml_scoring_weights" in name for name in daily_checks)
    # the daily checks are exactly the data tests tagged `daily` (selectors.yml), among them every test
    # scoped to the changed rows and every row-conservation test
    manifest = json.loads(orchestration.lead_funnel_project.manifest_path.read_text())
    tests = [n for n in manifest["nodes"].values() if n["resource_type"] == "test" and n.get("attached_node")
             and n["config"].get("enabled", True) and n["package_name"] == "lead_funnel"]
    assert daily_checks == {n["name"] for n in tests if "daily" in n["tags"]}
    scoped = {n["name"] for n in tests if str(n["config"].get("where") or "").startswith("changed_rows(")}
    conservation = {n["name"] for n in tests if n["name"].startswith("conserves_raw_rows")}
    assert scoped and conservation and scoped | conservation <= daily_checks
    assert len(daily_checks) < len(every_check) / 5  # ~38 of ~290 (one row_rules per model since session 12)

    daily_config = repo.get_schedule_def("lead_funnel_daily").evaluate_tick(build_schedule_context()).run_requests[0]
    weekly_config = repo.get_schedule_def("lead_funnel_weekly").evaluate_tick(build_schedule_context()).run_requests[0]
    assert daily_config.run_config["ops"][orchestration.DBT_ASSETS_OP]["config"]["test_scope"] == "changed"
    assert weekly_config.run_config["ops"][orchestration.DBT_ASSETS_OP]["config"]["test_scope"] == "all"


def test_dbt_selectors_daily_excludes_the_fit_and_weekly_is_the_fit_and_every_test(tmp_path):
    # conftest.parsed_once: the session's parse of raw_path and as_of (neither changes what ls selects)
    db, vars_ = tmp_path / SHARED_DB_NAME, {"raw_path": str(FIXTURES_RAW), "as_of": FIXTURE_AS_OF}
    manifest = parsed_once(db, tmp_path / "target", vars_)

    def names(*args):
        result = run_dbt(["ls", "--output", "name", "-q", *args], db, tmp_path / "target", vars_, manifest=manifest)
        assert result.success
        return set(result.result)

    daily_models = names("--selector", "daily", "--resource-type", "model")
    assert daily_models & FIT == set()
    assert APPLY | {"dim_leads", "fct_aql_events", "base_raw__activities"} <= daily_models
    daily_tests = names("--selector", "daily", "--resource-type", "test")
    assert daily_tests and not any("ml_scoring_weights" in name or "rpt_mql_threshold_curve" in name
                                   for name in daily_tests)
    # only the tests tagged daily (the day's changes), never a unit test (CI and full builds run those)
    assert daily_tests == names("--select", "tag:daily,resource_type:test", "--exclude", "selector:calibration")
    # dim_leads: its key and every row rule in one test (row_rules), run daily
    assert any(name.startswith("row_rules_dim_leads_") for name in daily_tests) and len(daily_tests) < 60
    assert names("--selector", "daily", "--resource-type", "unit_test") == set()
    assert names("--selector", "weekly", "--resource-type", "model") == FIT | {
        "int_ml_threshold_grid", "int_ml_mql_threshold_crossings", "int_ml_settings"}
    every_test = names("--resource-type", "test")
    # every model has its row rules in one row_rules test (issue #18): ~280 data tests, not ~900
    assert len(every_test) > 250 and names("--selector", "weekly", "--resource-type", "test") == every_test


def test_the_schedule_takes_cron_and_timezone_from_the_environment(orchestration, monkeypatch):
    for name in ("LEAD_FUNNEL_SCHEDULE_CRON", "LEAD_FUNNEL_SCHEDULE_TIMEZONE", "LEAD_FUNNEL_SCHEDULE_STATUS",
                 "LEAD_FUNNEL_WEEKLY_SCHEDULE_CRON", "LEAD_FUNNEL_WEEKLY_SCHEDULE_STATUS"):
        monkeypatch.delenv(name, raising=False)
    default = orchestration.daily_schedule()
    assert (default.cron_schedule, default.execution_timezone) == ("0 6 * * *", "UTC")
    monkeypatch.setenv("LEAD_FUNNEL_SCHEDULE_CRON", "30 5 * * 1-5")
    monkeypatch.setenv("LEAD_FUNNEL_SCHEDULE_TIMEZONE", "Europe/Berlin")
    monkeypatch.setenv("LEAD_FUNNEL_SCHEDULE_STATUS", "stopped")
    configured = orchestration.daily_schedule()
    assert (configured.cron_schedule, configured.execution_timezone) == ("30 5 * * 1-5", "Europe/Berlin")
    assert configured.default_status.value == "STOPPED"
    weekly = orchestration.weekly_schedule()
    assert (weekly.cron_schedule, weekly.execution_timezone) == ("0 5 * * 1", "Europe/Berlin")
    assert weekly.default_status.value == "RUNNING"
    monkeypatch.setenv("LEAD_FUNNEL_WEEKLY_SCHEDULE_CRON", "0 3 * * 0")
    monkeypatch.setenv("LEAD_FUNNEL_WEEKLY_SCHEDULE_STATUS", "off")
    weekly = orchestration.weekly_schedule()
    assert (weekly.cron_schedule, weekly.default_status.value) == ("0 3 * * 0", "STOPPED")


def _tick(orchestration, cursor):
    context = build_sensor_context(cursor=cursor)
    result = orchestration.raw_files_sensor(context)
    if isinstance(result, list):
        result = result[0]
    return result, context.cursor


def test_the_sensor_requests_a_build_when_the_raw_files_change(orchestration, tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES_RAW, raw, ignore=shutil.ignore_patterns("_expected"))
    old = 1_700_000_000
    for file in raw.iterdir():
        os.utime(file, (old, old))
    monkeypatch.setenv("LEAD_FUNNEL_RAW_PATH", str(raw))
    monkeypatch.setenv("LEAD_FUNNEL_RAW_SETTLE_SECONDS", "30")
    monkeypatch.setenv("DUCKDB_PATH", str(tmp_path / "not_built_yet.duckdb"))

    first, cursor = _tick(orchestration, None)  # no warehouse yet: build
    assert isinstance(first, RunRequest)
    assert first.run_config["ops"][orchestration.DBT_ASSETS_OP]["config"]["raw_path"] == str(raw)
    unchanged, cursor_after = _tick(orchestration, cursor)
    assert isinstance(unchanged, SkipReason) and cursor_after == cursor

    with open(raw / "campaign_spend.csv", "a", encoding="utf-8") as handle:
        handle.write("2026-01-10,paid_search,,10.00\n")
    writing, _ = _tick(orchestration, cursor)  # modified just now: may still be being written
    assert isinstance(writing, SkipReason) and "less than" in writing.skip_message
    os.utime(raw / "campaign_spend.csv", (old + 60, old + 60))
    changed, new_cursor = _tick(orchestration, cursor)
    assert isinstance(changed, RunRequest) and changed.run_key != first.run_key and new_cursor != cursor

    (raw / "leads.csv").unlink()
    missing, _ = _tick(orchestration, new_cursor)
    assert isinstance(missing, SkipReason) and "leads" in missing.skip_message


# what test_materialize_assets_on_the_fixtures rebuilds (their tables dropped from a copy of the
# fixtures build first): the marts, the export that shows the run's as_of, the staged row outcomes
# the data-quality monitors are attached to, and a seed; then the BI file from them
REBUILT = {"marts": MARTS, "export": ["mql_audience_export"], "staging": ["stg_raw__row_outcomes"]}


def test_materialize_assets_on_the_fixtures(orchestration, fixture_db, tmp_path, monkeypatch):
    warehouse, bi_path = tmp_path / "warehouse.duckdb", tmp_path / "warehouse_bi.duckdb"
    shutil.copy(fixture_db, warehouse)
    con = duckdb.connect(str(warehouse))
    try:
        for schema, names in REBUILT.items():
            for name in names:
                kind = con.execute("select table_type from information_schema.tables where table_schema = ?"
                                   " and table_name = ?", [schema, name]).fetchone()[0]
                con.execute(f"drop {'view' if kind == 'VIEW' else 'table'} {schema}.{name}")
        con.execute("drop table seeds.scoring_segments")
    finally:
        con.close()
    dbt_keys = [get_asset_key_for_model([orchestration.lead_funnel_dbt_assets], name)
                for names in REBUILT.values() for name in names]
    selection = AssetSelection.assets(*dbt_keys, AssetKey(["seeds", "scoring_segments"]), orchestration.bi_warehouse)
    monkeypatch.setenv("DUCKDB_PATH", str(warehouse))
    monkeypatch.setenv("DUCKDB_BI_PATH", str(bi_path))
    before = set(os.environ)
    try:
        result = materialize(
            [orchestration.lead_funnel_dbt_assets, orchestration.bi_warehouse],
            selection=selection,
            resources={"dbt": orchestration.dbt_resource},
            run_config=RunConfig(ops={orchestration.DBT_ASSETS_OP: orchestration.LeadFunnelBuildConfig(
                raw_path=str(FIXTURES_RAW), as_of=FIXTURE_AS_OF)}),
            instance=DagsterInstance.ephemeral(),
            raise_on_error=False,
        )
    finally:
        release_duckdb()
    run_target = orchestration.PROJECT_DIR / orchestration.lead_funnel_project.target_path / f"run-{result.run_id[:8]}"
    # dbt rotates its log file at 10 MB (dbt.log.1, ...)
    dbt_log = "".join(path.read_text() for path in sorted(run_target.glob("dbt.log*")))
    shutil.rmtree(run_target, ignore_errors=True)  # this run's dbt artifacts
    assert result.success
    # the run config's as_of/raw_path went by environment: the prepared parse (no --vars) stays
    # valid for the vars ("profile has changed" may show: this test's DUCKDB_PATH is its own)
    assert "Running with dbt" in dbt_log
    assert "config vars, config profile, or config target have changed" not in dbt_log
    assert not any(name.startswith("LEAD_FUNNEL_") and name != "LEAD_FUNNEL_PROJECT_DIR" and name not in before
                   for name in os.environ)  # restored after the op started dbt
    checks = result.get_asset_check_evaluations()
    assert len(checks) > 50  # the rebuilt assets' checks (one row_rules per model, plus the monitors)
    assert {c.asset_key.to_user_string() for c in checks} >= {f"marts/{mart}" for mart in MARTS}
    # every error-severity check passes; the only failing checks are the data-quality monitors at
    # warn level, which the edge-case fixtures (many bad rows by design) trip on purpose
    failed = [c for c in checks if not c.passed]
    assert [c.check_name for c in failed if c.severity == AssetCheckSeverity.ERROR] == []
    assert failed and all(c.check_name.startswith("monitor_") and c.check_name.endswith("_warn") for c in failed)
    materialized = {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}
    assert {f"marts/{mart}" for mart in MARTS} | {"bi_warehouse", "seeds/scoring_segments"} <= materialized
    assert materialized == {key.to_user_string() for key in dbt_keys} | {"bi_warehouse", "seeds/scoring_segments"}

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for schema, names in REBUILT.items():  # dropped above: this run built them again
            for name in names:
                assert con.execute(f"select count(*) from {schema}.{name}").fetchone()[0] > 0, name
        assert con.execute("select count(*) from seeds.scoring_segments").fetchone()[0] > 0
        as_of = con.execute("select max(audience_as_of) from export.mql_audience_export").fetchone()[0]
        assert str(as_of) == FIXTURE_AS_OF  # the run config's vars reached dbt
    finally:
        con.close()
    bi = duckdb.connect(str(bi_path), read_only=True)
    try:
        assert bi.execute("select count(*) from marts.dim_leads").fetchone()[0] > 0
    finally:
        bi.close()
