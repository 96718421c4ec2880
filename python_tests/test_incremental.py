"""Incremental runs give the same warehouse as a full refresh (docs/performance.md).

A small generated data set (with every bad-input class injected) is split by
devtools.increments.split_days into three loads: day 0 (everything before day 1, minus a share of
the two days before it), day 1 (everything before day 2 minus its late share, plus an exact
duplicate of a recent activity, an old activity re-sent with new content, and a long-standing lead
whose old activities were unknown on day 0) and day 2 (everything, plus day 2's duplicates: day 1's
re-sent activity is removed again).
Warehouse A: full build of day 0 (but the calibration's reports, which no daily model reads:
calibration_no_daily_model_reads), then TWO consecutive daily increments (day 1, day 2) of the daily
selection (selectors.yml: everything but the calibration, which keeps the day-0 fit). Warehouse B:
a copy of A after day 0 (the same fit), then a `--full-refresh` build of day 2's daily selection.
Every table in schema `marts` and every incremental model must be equal row by row; the
row-conservation test must pass after each incremental run; a further incremental run without
new data must change nothing. The per-lead models (AFFECTED_LEAD_MODELS) recompute only the leads
of int_leads_affected, the monthly funnel models (AFFECTED_MONTH_MODELS) only the months of
int_funnel_months_affected, the AQL models (AFFECTED_ACCOUNT_MODELS) only the accounts of
int_aql_accounts_affected; the proof covers them too. A bucketed full build (var
full_build_lead_buckets) of the lead-keyed activity-scale models gives B's rows too.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import duckdb
import pytest

from lead_funnel.generate import generate
from devtools.increments import resend_with_new_asset, resend_with_new_type, split_days

from .conftest import SHARED_DB_NAME, failure_messages, parsed_once, run_dbt

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

DAY1, DAY2 = dt.date(2026, 6, 29), dt.date(2026, 6, 30)
AS_OF_DAY0 = "2026-06-28 23:59:59"
AS_OF_DAY1 = "2026-06-29 23:59:59"
AS_OF_DAY2 = "2026-06-30 23:59:59"
# five days after day 2 with no new activity (a loader pause): every lead's last change is older
# than the lookback of int_leads_affected, while base_raw__activities still re-reads day 2's days
AS_OF_AFTER_PAUSE = "2026-07-05 23:59:59"
# the draft (1.1) comes into force during that pause, before the lookback of the July 5 run
VERSION_DURING_PAUSE = "2026-07-01"
INCREMENTAL_MODELS = ["staging.base_raw__activities", "intermediate.int_lead_engagement_timeline",
                      "intermediate.int_lead_score_changes"]
# the views of schema marts (mart_tables lists tables): the score history's row key computed on read
# from int_lead_score_changes, compared beside the tables
MART_VIEWS = ["marts.fct_lead_score_daily"]
# what an incremental run's compiled SQL of each of them reads (else reprocess_from): the timeline
# recomputes the leads the fingerprints stamped in the lookback (its CTE affected_keys)
INCREMENTAL_MARKERS = {"intermediate.int_lead_engagement_timeline": "from affected_keys"}
# the per-lead and per-contact models that recompute only the leads of int_leads_affected
# (compared with the full refresh like the marts: the ones in schema marts are compared there)
AFFECTED_LEAD_MODELS = ["intermediate.int_aql_contact_engaged_intervals", "intermediate.int_lead_mql_events",
                        "intermediate.int_lead_mql_events_backtested", "marts.dim_leads",
                        "marts.fct_mql_events", "marts.fct_lead_score_components",
                        # tables, not views (issue #18): the funnel's stage rows, the backtest's
                        # outcomes (read by int_scoring_model_monthly, fct_scoring_model_lead_changes)
                        "marts.fct_funnel_transitions", "intermediate.int_scoring_model_mql_outcomes",
                        # plus the leads whose SLA window closed since their row was written
                        "marts.fct_lead_funnel", "intermediate.int_funnel_cohort_members",
                        # plus the leads whose prediction changed (a recency bin moved, a refit)
                        "marts.dim_leads_predicted",
                        # the calibration features the daily predictions read
                        "intermediate.int_ml_lead_activity_features",
                        "intermediate.int_ml_lead_features_stored",
                        # plus the leads whose recency bin moved, placed in deciles by the day-0
                        # fit's cut points (ml_probability_deciles, not rebuilt daily)
                        "marts.ml_lead_predictions"]
# the monthly funnel models that rebuild only the months of int_funnel_months_affected
AFFECTED_MONTH_MODELS = ["intermediate.int_funnel_monthly_cohorts", "intermediate.int_funnel_spend_allocated",
                         "marts.fct_funnel_monthly"]
# the AQL models that recompute only the accounts of int_aql_accounts_affected
AFFECTED_ACCOUNT_MODELS = ["intermediate.int_aql_account_timeline", "intermediate.int_aql_qualifications_observed",
                           "marts.fct_aql_events", "marts.dim_accounts"]
# the per-lead model upstream of int_leads_affected (it reads it): only the leads of int_leads_changed
CHANGED_LEAD_MODELS = ["intermediate.int_aql_contact_activities"]
# the lead grain every per-lead model reads (upstream of int_leads_affected): only the leads of
# int_leads_profile_changed (int_lead_profile_fingerprints)
PROFILE_CHANGED_MODELS = ["intermediate.int_leads_enriched_by_model_version",
                          # its fit rules met (a table, not a view: issue #18)
                          "intermediate.int_lead_fit_components"]
# every incremental model recomputing a set of keys, and the CTE its compiled SQL reads them from
KEYED_MODELS = ([(m, "from affected") for m in AFFECTED_LEAD_MODELS + PROFILE_CHANGED_MODELS]
                + [(m, "from changed_leads") for m in CHANGED_LEAD_MODELS]
                + [(m, "from months_affected") for m in AFFECTED_MONTH_MODELS]
                + [(m, "from affected_accounts") for m in AFFECTED_ACCOUNT_MODELS])
# the keyed models not in schema marts (compared with the full refresh beside the marts)
KEYED_INTERMEDIATE = [m for m, _ in KEYED_MODELS if m.startswith("intermediate.")]
# the daily selection (selectors.yml): the increments leave the calibration alone
DAILY = ["--exclude", "selector:calibration"]
# seeds and models only (data and unit tests run in make test-dbt-fixtures), plus the
# row-conservation tests, which must hold after incremental runs too
MODELS_AND_CONSERVATION = [
    "--select", "resource_type:seed", "resource_type:model", "test_name:conserves_raw_rows",
    "--indirect-selection", "empty",
]


# the rerun without new data: the incremental models and the tables between them (selectors.yml
# incremental_state: the state a daily run carries forward), plus the row-conservation tests; the
# views and the other tables are the same SQL on the same inputs as in day 2's build
INCREMENTAL_STATE_AND_CONSERVATION = [
    "--select", "selector:incremental_state", "test_name:conserves_raw_rows", "--indirect-selection", "empty",
]


def calibration_no_daily_model_reads(manifest) -> list[str]:
    """The models of selectors.yml's calibration that no model outside it reads, directly or through
    other calibration models (its reports: the threshold curve, the evaluation report, the feature
    catalogue): day 0 leaves them out, since no daily run reads them and both warehouses would only
    carry day 0's copy of them (B is A after day 0)."""
    import yaml

    from .conftest import PROJECT_DIR

    selectors = yaml.safe_load((PROJECT_DIR / "selectors.yml").read_text())["selectors"]
    union = next(s for s in selectors if s["name"] == "calibration")["definition"]["union"]
    calibration = {item["value"] for item in union if item["method"] == "fqn"}
    models = {uid: node for uid, node in manifest.nodes.items() if node.resource_type == "model"}
    name = {uid: node.name for uid, node in models.items()}
    read = {parent for uid, node in models.items() if name[uid] not in calibration
            for parent in node.depends_on.nodes if name.get(parent) in calibration}
    while True:  # and what those read, within the calibration
        more = {parent for uid in read for parent in models[uid].depends_on.nodes
                if name.get(parent) in calibration} - read
        if not more:
            break
        read |= more
    return sorted(calibration - {name[uid] for uid in read})


def build(db, target, raw, as_of, *extra, manifest=None, selection=MODELS_AND_CONSERVATION):
    result = run_dbt(["build", *selection, *extra], db, target, {"raw_path": str(raw), "as_of": as_of},
                     manifest=manifest)
    assert result.success, "\n".join(failure_messages(result))
    return result


def table_diffs(db_a, db_b, tables) -> dict[str, tuple[int, int]]:
    """{table: (rows only in a, rows only in b)} for the tables that differ; doubles compared to
    1e-9 (parallel float sums differ in the last bits from run to run)."""
    con = duckdb.connect()
    con.execute(f"attach '{db_a}' as a (read_only)")
    con.execute(f"attach '{db_b}' as b (read_only)")
    diffs = {}
    for table in tables:
        schema, name = table.split(".")
        columns = con.execute(
            "select column_name, data_type from duckdb_columns()"
            " where database_name = 'a' and schema_name = ? and table_name = ? order by column_index",
            [schema, name],
        ).fetchall()
        select = ", ".join(
            f"round({c}, 9) as {c}" if t in ("DOUBLE", "FLOAT") else f'"{c}"' for c, t in columns
        )
        only_a, only_b = (
            con.execute(
                f"select count(*) from (select {select} from {x}.{table} except all select {select} from {y}.{table})"
            ).fetchone()[0]
            for x, y in (("a", "b"), ("b", "a"))
        )
        if only_a or only_b:
            diffs[table] = (only_a, only_b)
    con.close()
    return diffs


def mart_tables(db) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [
            f"marts.{name}"
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
            ).fetchall()
        ]


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory):
    work = tmp_path_factory.mktemp("incremental")
    generate(work / "full", leads=1500, seed=3, end_date=DAY2.isoformat(), months=12, dirty=0.01, progress=False)
    days = [work / "day0", work / "day1", work / "day2"]
    counts = split_days(work / "full", days, [DAY1, DAY2], late_share=0.2, withhold_lead=True)
    incremental, refreshed = work / SHARED_DB_NAME, work / "refreshed.duckdb"
    # one parse for every build of A and B (each day's as_of and raw_path would make dbt parse the
    # whole project again): B is built under A's file name (the database name in the manifest), the
    # session's parse of raw_path and as_of (conftest.parsed_once: shared with other modules)
    manifest = parsed_once(incremental, work / "target_a", {"raw_path": str(work / "day0"), "as_of": AS_OF_DAY0})
    # day 0: everything but the calibration's reports (no daily model reads them)
    unread = calibration_no_daily_model_reads(manifest)
    assert {"rpt_mql_threshold_curve", "rpt_scoring_model_evaluation"} <= set(unread)
    assert not {"ml_scoring_weights", "ml_probability_deciles"} & set(unread)
    build(incremental, work / "target_a", work / "day0", AS_OF_DAY0, "--exclude", *unread, manifest=manifest)
    shutil.copyfile(incremental, refreshed)
    day1 = build(incremental, work / "target_a", work / "day1", AS_OF_DAY1, *DAILY, manifest=manifest)
    day2 = build(incremental, work / "target_a", work / "day2", AS_OF_DAY2, *DAILY, manifest=manifest)
    aside = work / "incremental_aside.duckdb"
    incremental.rename(aside)
    refreshed.rename(incremental)
    build(incremental, work / "target_b", work / "day2", AS_OF_DAY2, *DAILY, "--full-refresh", manifest=manifest)
    incremental.rename(refreshed)
    aside.rename(incremental)
    return {"work": work, "counts": counts, "incremental": incremental, "refreshed": refreshed,
            "increments": [day1, day2], "manifest": manifest}


def test_the_day_adds_new_late_and_duplicate_activities(warehouses):
    counts = warehouses["counts"]
    for day in (DAY1, DAY2):
        assert counts[f"{day}:activities_day1"] > counts[f"{day}:activities_day0"]
    withheld = counts[f"{DAY1}:withheld_lead"]
    assert withheld is not None
    with duckdb.connect(str(warehouses["incremental"]), read_only=True) as con:
        # the re-sent old activity now wins over its old row; the withheld lead's old activities are staged
        assert con.execute(
            "select count(*) from staging.base_raw__activities where duplicate_kind = 'id_duplicate'"
            " and occurred_at < timestamp '2026-06-01'"
            " and activity_id in (select activity_id from staging.stg_raw__activities"
            " where occurred_at >= timestamp '2026-06-30')"
        ).fetchone()[0] >= 1
        assert con.execute(
            "select count(*) from staging.stg_raw__activities where lead_id = ? and occurred_at < timestamp '2026-06-01'",
            [withheld],
        ).fetchone()[0] >= 3
        # day 2 brings a late activity at the instant of one of its lead's loaded before (a tie:
        # the per-lead models sum peers together and order them by activity_id, load-independent)
        assert con.execute(
            "select count(*) from staging.stg_raw__activities as tied inner join staging.stg_raw__activities as loaded"
            " on tied.activity_id = loaded.activity_id || '-tie' and tied.lead_id = loaded.lead_id"
            " and tied.occurred_at = loaded.occurred_at and tied.activity_type = loaded.activity_type"
        ).fetchone()[0] == 1
        # day 2 brings a second record of a known person with recent activities, and its first
        # activity: the timeline of the surviving record holds both records' activities (a
        # recomputation that read the affected leads' own records only would drop the new one)
        person = counts[f"{DAY2}:duplicate_person"]
        assert con.execute(
            "select count(*) from intermediate.int_lead_engagement_timeline where lead_id = ?"
            " and activity_id = ? || '-dup-visit'", [person, person]
        ).fetchone()[0] >= 1
        assert con.execute(
            "select count(distinct activity_id) from intermediate.int_lead_engagement_timeline"
            " where lead_id = ? and occurred_at >= timestamp '2026-06-10'", [person]
        ).fetchone()[0] >= 3
        # day 2's snapshot of opportunities closes an old open deal lost without a close date (its
        # quiet lead is affected only through the opportunity fingerprint): the funnel shows it lost
        closed = counts[f"{DAY2}:closed_without_date"]
        assert closed is not None
        assert con.execute(
            "select opportunity_status from marts.fct_lead_funnel where opportunity_id = ?", [closed]
        ).fetchall() == [("lost",)]


def test_both_increments_took_the_incremental_path_and_kept_the_fit(warehouses):
    for increment in warehouses["increments"]:
        results = {r.node.unique_id: r for r in increment.result.results}
        for model in INCREMENTAL_MODELS:
            node = results[f"model.lead_funnel.{model.split('.')[1]}"]
            marker = INCREMENTAL_MARKERS.get(model, "reprocess_from")
            assert marker in node.node.compiled_code, f"{model} was rebuilt, not run incrementally"
        for model, keys in KEYED_MODELS:
            node = results[f"model.lead_funnel.{model.split('.')[1]}"]
            assert keys in node.node.compiled_code, f"{model} was rebuilt, not run incrementally"
        # the daily selection applies the last fit (ml_lead_predictions) without refitting
        assert "model.lead_funnel.ml_lead_predictions" in results
        assert "model.lead_funnel.ml_scoring_weights" not in results
        assert "model.lead_funnel.ml_probability_deciles" not in results


def test_row_conservation_holds_after_each_incremental_run(warehouses):
    for increment in warehouses["increments"]:
        tests = [r for r in increment.result.results if "conserves_raw_rows" in r.node.unique_id]
        assert len(tests) == 6 and all(str(r.status) == "pass" for r in tests)


def test_incremental_marts_equal_a_full_refresh(warehouses):
    tables = mart_tables(warehouses["refreshed"])
    assert len(tables) >= 10
    assert mart_tables(warehouses["incremental"]) == tables
    assert table_diffs(warehouses["incremental"], warehouses["refreshed"], tables + MART_VIEWS + INCREMENTAL_MODELS
                       + KEYED_INTERMEDIATE) == {}


def test_the_increments_recompute_a_minority_of_the_leads(warehouses):
    """int_leads_affected after day 2: the leads whose inputs changed or whose window state moved
    in the lookback, not every lead (else the per-lead models rebuild everything every day)."""
    with duckdb.connect(str(warehouses["incremental"]), read_only=True) as con:
        # predictions stay under the day-0 fit: every row carries its id (ml_probability_deciles)
        fits = con.execute("select distinct scoring_fit_id from marts.ml_lead_predictions").fetchall()
        assert fits == con.execute("select distinct scoring_fit_id from marts.ml_probability_deciles").fetchall()
        affected, leads = con.execute(
            "select (select count(*) from intermediate.int_leads_affected),"
            " (select count(*) from marts.dim_leads)").fetchone()
        stamped = con.execute(
            "select count(*) from intermediate.int_lead_input_fingerprints where changed_as_of is not null"
        ).fetchone()[0]
    assert 0 < stamped <= affected < leads / 2, (stamped, affected, leads)


def test_the_increments_rebuild_a_minority_of_the_months_and_accounts(warehouses):
    """int_funnel_months_affected / int_aql_accounts_affected after day 2: the months and accounts
    the day touched, not all of them (else the monthly and AQL models rebuild everything daily)."""
    with duckdb.connect(str(warehouses["incremental"]), read_only=True) as con:
        months, all_months = con.execute(
            "select (select count(*) from intermediate.int_funnel_months_affected),"
            " (select count(distinct cohort_month) from marts.fct_funnel_monthly)").fetchone()
        accounts, all_accounts = con.execute(
            "select (select count(*) from intermediate.int_aql_accounts_affected),"
            " (select count(*) from marts.dim_accounts)").fetchone()
    assert 0 < months < all_months / 2, (months, all_months)
    assert 0 < accounts < all_accounts / 2, (accounts, all_accounts)


def test_second_incremental_run_without_new_data_changes_nothing(warehouses):
    work = warehouses["work"]
    before = work / "before_rerun.duckdb"
    shutil.copyfile(warehouses["incremental"], before)
    rerun = build(warehouses["incremental"], work / "target_a", work / "day2", AS_OF_DAY2, *DAILY,
                  manifest=warehouses["manifest"], selection=INCREMENTAL_STATE_AND_CONSERVATION)
    rerun_models = {r.node.unique_id.split(".")[-1] for r in rerun.result.results if r.node.resource_type == "model"}
    assert {m.split(".")[1] for m in INCREMENTAL_MODELS + [m for m, _ in KEYED_MODELS]} <= rerun_models
    assert {"int_leads_affected", "int_funnel_months_affected", "int_aql_accounts_affected"} <= rerun_models
    tables = mart_tables(warehouses["incremental"]) + MART_VIEWS + INCREMENTAL_MODELS + KEYED_INTERMEDIATE
    assert table_diffs(warehouses["incremental"], before, tables) == {}
    run_results = json.loads((work / "target_a" / "run_results.json").read_text())
    assert all(r["status"] in ("success", "pass") for r in run_results["results"])


def test_daily_data_tests_check_the_changed_rows_and_the_weekly_ones_every_row(warehouses):
    """var lead_funnel_test_scope (macro test_scope_where): an old broken row escapes the daily
    scope and fails the full suite; a broken row inside the re-read window fails the daily one."""
    work = warehouses["work"]
    # a copy under A's file name: the three runs use A's parse (the scope is read at run time, by
    # macro test_scope_where: were it read by the parse, the 'changed' runs below would fail)
    (work / "scope").mkdir()
    broken = work / "scope" / warehouses["incremental"].name
    shutil.copyfile(warehouses["incremental"], broken)

    def unique_test(scope):
        result = run_dbt(
            ["test", "--select", "int_lead_engagement_timeline,test_name:row_rules"], broken, work / "target_scope",
            {"raw_path": str(work / "day2"), "as_of": AS_OF_DAY2, "lead_funnel_test_scope": scope},
            manifest=warehouses["manifest"],
        )
        tests = [r for r in result.result.results if r.node.unique_id.startswith("test.")]
        assert len(tests) == 1
        return str(tests[0].status)

    def duplicate_a_row(where):
        with duckdb.connect(str(broken)) as con:
            con.execute(
                "insert into intermediate.int_lead_engagement_timeline select * from"
                f" intermediate.int_lead_engagement_timeline where {where} order by activity_id limit 1"
            )

    duplicate_a_row("occurred_at < timestamp '2026-06-01'")
    assert unique_test("all") == "fail"
    assert unique_test("changed") == "pass"
    duplicate_a_row("occurred_at >= timestamp '2026-06-30'")
    assert unique_test("changed") == "fail"


def test_a_lead_deleted_from_the_source_loses_its_score_history(warehouses):
    """int_lead_score_changes on a daily run: an affected lead left without rows (here deleted from
    the raw leads, its activities now quarantined as an unknown lead) is written as a tombstone
    (changed_at null, a column never null on a real row) that makes delete+insert delete its
    rows, and the post-hook (incremental_delete_tombstones on changed_at) removes the tombstone:
    no row of the lead and no row with changed_at null, in the table nor in the view."""
    work = warehouses["work"]
    raw = work / "day2_lead_deleted"
    shutil.copytree(work / "day2", raw)
    db = work / "lead_deleted" / warehouses["incremental"].name
    db.parent.mkdir()
    shutil.copyfile(warehouses["incremental"], db)
    with duckdb.connect(str(db), read_only=True) as con:
        lead = con.execute("select lead_id from intermediate.int_lead_score_changes"
                           " group by 1 order by count(*) desc, 1 limit 1").fetchone()[0]
    with duckdb.connect() as con:
        con.execute(f"copy (select * from read_parquet('{work / 'day2' / 'leads.parquet'}') where lead_id <> ?)"
                    f" to '{raw / 'leads.parquet'}' (format parquet)", [lead])
    build(db, work / "target_lead_deleted", raw, AS_OF_DAY2, *DAILY, manifest=warehouses["manifest"])
    with duckdb.connect(str(db), read_only=True) as con:
        for relation in ("intermediate.int_lead_score_changes", "marts.fct_lead_score_daily"):
            left = con.execute(f"select count(*) filter (where lead_id = ?),"
                               f" count(*) filter (where changed_at is null) from {relation}", [lead]).fetchone()
            assert left == (0, 0), relation


def test_score_history_reproduces_every_score_on_the_generated_world(warehouses):
    """On the generated world (1,500 leads, dirty): the incrementally built score history reproduces
    dim_leads at as_of for every lead and fct_mql_events' score at every MQL."""
    from python_tests.score_history import history_mismatches_at_as_of, history_mismatches_at_mqls

    with duckdb.connect(str(warehouses["incremental"]), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_mql_events").fetchone()[0] > 100
        assert history_mismatches_at_as_of(con, AS_OF_DAY2) == []
        assert history_mismatches_at_mqls(con) == []


def test_the_shipped_draft_changes_leads_only_through_differing_rules(warehouses):
    """The shipped draft (1.1: referral +15, pricing page 25, SMB threshold 80) on the generated
    world: some leads change, each through at least one rule that differs for it, and the
    comparison's draft volumes are the backtested first MQLs."""
    with duckdb.connect(str(warehouses["refreshed"]), read_only=True) as con:
        changes = con.execute(
            "select change_type, count(*), min(difference_count) from marts.fct_scoring_model_lead_changes group by 1"
        ).fetchall()
        assert changes and sum(count for _, count, _ in changes) > 0
        assert all(least >= 1 for _, _, least in changes)
        compared = con.execute(
            "select sum(draft_mql_count), sum(active_mql_count) from marts.rpt_scoring_model_comparison").fetchone()
        backtested = con.execute(
            "select count(*) filter (where scoring_model = 'draft' and not is_sales_sourced),"
            " count(*) filter (where scoring_model = 'active' and not is_sales_sourced)"
            " from intermediate.int_scoring_model_mql_outcomes").fetchone()
        assert compared == backtested


# the lead-keyed models whose full build can run in lead buckets (var full_build_lead_buckets)
BUCKETED_MODELS = ["intermediate.int_lead_engagement_timeline", "intermediate.int_lead_score_changes",
                   "intermediate.int_aql_contact_engaged_intervals", "marts.ml_lead_predictions"]


def test_a_bucketed_full_build_equals_the_single_query(warehouses, monkeypatch):
    """docs/performance.md "Bucketed full builds": with full_build_lead_buckets = 3 a full build of
    BUCKETED_MODELS (first build, then --full-refresh) computes bucket 0 in the model's query and
    buckets 1 and 2 in its post-hook (full_build_insert_lead_buckets), and the table equals the
    single query's (B, day 2's full refresh) row for row; without the post-hook two thirds of the
    leads are missing. The models' unit tests pass with K = 3 (they test the single query). A value that is not a positive integer fails naming the var."""
    work = warehouses["work"]
    # a copy under A's file name: the runs reuse A's parse (the var is read at run time, from the
    # environment, like as_of: a changed --vars would re-parse the whole project)
    db = work / "buckets" / warehouses["incremental"].name
    db.parent.mkdir()
    shutil.copyfile(warehouses["refreshed"], db)
    with duckdb.connect(str(db)) as con:
        for model in BUCKETED_MODELS:
            con.execute(f"drop table {model}")
    monkeypatch.setenv("LEAD_FUNNEL_FULL_BUILD_LEAD_BUCKETS", "3")
    models = ["--select", *(m.split(".")[1] for m in BUCKETED_MODELS)]
    for full_refresh in ([], ["--full-refresh"]):  # the first build, then the rebuild (a table swap)
        # `build`: the models' unit tests too, which must render the single query whatever K (their
        # given inputs are its refs: with K > 1 they once failed on a ref they do not give)
        result = run_dbt(["build", *models, "--exclude", "resource_type:test", *full_refresh], db, work / "target_buckets",
                         {"raw_path": str(work / "day2"), "as_of": AS_OF_DAY2}, manifest=warehouses["manifest"])
        assert result.success, "\n".join(failure_messages(result))
        built = [r.node for r in result.result.results if r.node.resource_type == "model"]
        assert sum(r.node.resource_type == "unit_test" for r in result.result.results) >= 2
        assert len(built) == len(BUCKETED_MODELS) and all("/* full_build_lead_bucket */ 0" in node.compiled_code for node in built)
        assert table_diffs(db, warehouses["refreshed"], BUCKETED_MODELS) == {}
    with duckdb.connect(str(db), read_only=True) as con:
        for model in BUCKETED_MODELS:  # every bucket holds leads (the test would not see a lost one)
            buckets = con.execute(f"select count(distinct (hash(lead_id) >> 1) % 3) from {model}").fetchone()[0]
            assert buckets == 3, model
    monkeypatch.setenv("LEAD_FUNNEL_FULL_BUILD_LEAD_BUCKETS", "three")
    result = run_dbt(["run", *models], db, work / "target_buckets",
                     {"raw_path": str(work / "day2"), "as_of": AS_OF_DAY2}, manifest=warehouses["manifest"])
    assert not result.success
    assert any("full_build_lead_buckets must be a positive integer" in m for m in failure_messages(result))


@pytest.fixture(scope="module")
def after_pause(warehouses):
    """Warehouse A after one more daily run, five days after day 2 (a pause of the loader and the
    schedule: no run from July 1 to 4, longer than the lookback), on day 2's data plus one activity
    re-sent with another type; the draft 1.1 came into force on July 1, during the pause (a row of
    scoring_model_versions, added before day 2 as a RevOps user switches a version: written into
    the loaded seed table and the seed left out of the run, so the project's seed stays as is)."""
    work = warehouses["work"]
    raw = work / "day2_resent"
    activity = resend_with_new_type(work / "day2", work / "day2_resent_type", since=dt.datetime(2026, 6, 28),
                                    lead_active_since=dt.datetime(2026, 6, 7))
    assert activity is not None
    with duckdb.connect() as con:
        type_lead = con.execute(
            f"select lead_id from read_parquet('{work / 'day2'}/activities.parquet') where activity_id = ?", [activity]
        ).fetchone()[0]
    # and one activity of another lead re-sent with another asset (only the content hash moves)
    asset_activity = resend_with_new_asset(work / "day2_resent_type", raw, since=dt.datetime(2026, 6, 28),
                                           lead_active_since=dt.datetime(2026, 6, 7), skip_lead=type_lead)
    assert asset_activity is not None
    # a copy under A's file name (the database name in the manifest): the build reuses A's parse
    db = work / "after_pause" / warehouses["incremental"].name
    db.parent.mkdir()
    shutil.copyfile(warehouses["incremental"], db)
    with duckdb.connect(str(db)) as con:
        con.execute(f"insert into seeds.scoring_model_versions values ('1.1', date '{VERSION_DURING_PAUSE}',"
                    " 'the draft, in force during the pause')")
    build(db, work / "target_after_pause", raw, AS_OF_AFTER_PAUSE, *DAILY, "scoring_model_versions",
          manifest=warehouses["manifest"])
    return {"db": db, "activity": activity, "asset_activity": asset_activity}


def test_an_activity_re_sent_with_another_type_rescores_its_lead(after_pause):
    """After the pause an email open of June 28-30 is re-sent as a demo request (same activity_id,
    lead and occurred_at; the lead has no hand-raiser and no activity old enough to leave a window):
    base_raw__activities re-reads and re-stages it, and the lead's count and summed times do not
    move, so only the content hash of int_lead_input_fingerprints stamps the lead changed; without
    it dim_leads keeps the stale score (no hand-raiser) whenever nothing else recomputes every lead
    (here the version switch does: hence the stamp is checked)."""
    activity = after_pause["activity"]
    with duckdb.connect(str(after_pause["db"]), read_only=True) as con:
        lead, activity_type = con.execute(
            "select lead_id, activity_type from staging.stg_raw__activities where activity_id = ?", [activity]
        ).fetchone()
        affected = con.execute("select count(*) from intermediate.int_leads_affected where lead_id = ?", [lead]).fetchone()[0]
        stamped = con.execute(
            "select changed_as_of from intermediate.int_lead_input_fingerprints where lead_id = ?", [lead]).fetchone()[0]
        has_hand_raiser = con.execute(
            "select has_hand_raiser_in_window from marts.dim_leads where lead_id = ?", [lead]).fetchone()[0]
    assert activity_type == "demo_request"
    assert affected == 1, f"{lead} (re-sent {activity}) is not in int_leads_affected"
    assert str(stamped) == AS_OF_AFTER_PAUSE, f"{lead}'s fingerprint did not see the re-sent {activity} ({stamped})"
    assert has_hand_raiser, f"dim_leads keeps {lead}'s score from before the re-sent demo request"


def test_an_activity_re_sent_with_another_asset_stamps_its_lead(after_pause):
    """After the pause an activity of June 28-30 is re-sent with another asset (same activity_id,
    lead, type and occurred_at): base_raw__activities re-stages it with its new content_hash (stored
    once, when the row is decided) and only that hash moves the lead's fingerprint, so
    int_lead_input_fingerprints stamps the lead changed at this run's as_of (a content_hash without
    the asset would leave the stamp of an earlier run)."""
    activity = after_pause["asset_activity"]
    with duckdb.connect(str(after_pause["db"]), read_only=True) as con:
        lead, asset = con.execute(
            "select lead_id, asset from staging.stg_raw__activities where activity_id = ?", [activity]
        ).fetchone()
        canonical = con.execute(
            "select coalesce(duplicate_of_lead_id, lead_id) from staging.stg_raw__leads where lead_id = ?", [lead]
        ).fetchone()[0]
        stamped = con.execute(
            "select changed_as_of from intermediate.int_lead_input_fingerprints where lead_id = ?", [canonical]
        ).fetchone()[0]
        affected = con.execute(
            "select count(*) from intermediate.int_leads_affected where lead_id = ?", [canonical]).fetchone()[0]
    assert asset == "re-sent-asset"
    assert str(stamped) == AS_OF_AFTER_PAUSE, f"{canonical}'s fingerprint did not see the re-sent {activity} ({stamped})"
    assert affected == 1, f"{canonical} (re-sent {activity}) is not in int_leads_affected"


def test_a_version_in_force_since_the_last_run_rescores_every_lead(after_pause):
    """The draft 1.1 (SMB threshold 80, referral +15, ...) came into force on July 1, between the
    runs of June 30 and July 5, more than the lookback before July 5: every lead's row in dim_leads
    must be the one of the version in force at as_of (int_leads_enriched / int_leads_scored, views
    at as_of), and the same holds for the activities that left a window during the pause. Without
    the previous run's as_of (int_incremental_runs) the leads not otherwise affected keep 1.0."""
    with duckdb.connect(str(after_pause["db"]), read_only=True) as con:
        assert con.execute("select model_version from intermediate.int_scoring_model_versions"
                           " where is_in_force_at_as_of").fetchall() == [("1.1",)]
        switched = con.execute(
            "select count(*) from intermediate.int_leads_enriched where segment = 'smb' and mql_score_threshold = 80"
        ).fetchone()[0]
        stale = con.execute(
            """
            select count(*)
            from marts.dim_leads
            inner join intermediate.int_leads_enriched as leads on dim_leads.lead_id = leads.lead_id
            inner join intermediate.int_leads_scored as scores on dim_leads.lead_id = scores.lead_id
            where dim_leads.fit_score <> leads.fit_score
                or dim_leads.fit_grade <> leads.fit_grade
                or dim_leads.mql_score_threshold <> leads.mql_score_threshold
                or dim_leads.engagement_score <> scores.engagement_score
                or dim_leads.lead_score <> scores.lead_score
                or dim_leads.meets_mql_criteria <> scores.meets_mql_criteria
            """
        ).fetchone()[0]
        # fct_lead_score_components too: the fit and all components sum to the version in force's scores
        stale_components = con.execute(
            """
            with components as (
                select
                    lead_id,
                    sum(case when component_type = 'fit' then points else 0 end) as fit_points,
                    sum(points) as points
                from marts.fct_lead_score_components
                group by 1
            )
            select count(*)
            from intermediate.int_leads_scored as scores
            left join components on scores.lead_id = components.lead_id
            where coalesce(components.fit_points, 0) <> scores.fit_score
                or coalesce(components.points, 0) <> scores.lead_score
            """
        ).fetchone()[0]
        # int_aql_contact_activities too (upstream of int_leads_affected: int_leads_changed has every
        # lead when a version takes force): every stored activity carries the points of 1.1
        stale_contact_points = con.execute(
            "select count(*) from intermediate.int_aql_contact_activities as stored"
            " inner join intermediate.int_activities_scored as scored on stored.activity_id = scored.activity_id"
            " where stored.points <> scored.points or stored.cap_per_window <> scored.cap_per_window"
        ).fetchone()[0]
    assert switched > 100
    assert stale == 0, f"{stale} leads of dim_leads keep a score of before the pause"
    assert stale_contact_points == 0, f"{stale_contact_points} contact activities keep 1.0's points"
    assert stale_components == 0, f"{stale_components} leads' components keep the version of before the pause"
