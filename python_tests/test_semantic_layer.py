"""The semantic layer (models/semantic): `mf query` against the fixture warehouse gives the same
numbers as SQL on the marts.

`mf` reads `<project>/target/semantic_manifest.json`, so it runs in a mirror of the project (links
to its files) whose target/ holds the manifest of the fixture build; DUCKDB_PATH points at a copy
of the fixture warehouse (the session holds the original open).
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from python_tests.ecosystem_helpers import copy_fixture_build

from .conftest import PROJECT_DIR

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

MF = Path(sys.executable).parent / "mf"
SKIP_IN_MIRROR = {"target", "logs", ".git", ".venv", "data", ".dagster", "reports", ".pytest_cache"}


@pytest.fixture(scope="module")
def mf_project(fixture_db, tmp_path_factory):
    if not MF.exists():
        pytest.skip("dbt-metricflow is not installed (make install)")
    work = tmp_path_factory.mktemp("semantic")
    db, target = copy_fixture_build(fixture_db, work / "warehouse")
    mirror = work / "project"
    mirror.mkdir()
    for entry in PROJECT_DIR.iterdir():
        if entry.name in SKIP_IN_MIRROR or entry.name.startswith("target_"):
            continue
        (mirror / entry.name).symlink_to(entry)
    (mirror / "target").mkdir()
    shutil.copy2(target / "semantic_manifest.json", mirror / "target" / "semantic_manifest.json")
    return mirror, db


def mf_query(mf_project, metrics: list[str], group_by: list[str]) -> pd.DataFrame:
    mirror, db = mf_project
    out = mirror / f"{'_'.join(metrics)[:60]}__{'_'.join(group_by)}.csv"
    env = {**os.environ, "DUCKDB_PATH": str(db), "DBT_PROFILES_DIR": str(PROJECT_DIR)}
    env.pop("DBT_PROJECT_DIR", None)
    completed = subprocess.run(
        [str(MF), "query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by), "--csv", str(out)],
        cwd=mirror, env=env, capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0 and out.exists(), completed.stdout[-3000:] + completed.stderr[-3000:]
    return pd.read_csv(out)


def sql(db: Path, query: str) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query).df()
    finally:
        con.close()


def _norm_key(value):
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-":
        return value[:10]
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return value


def assert_same(mf: pd.DataFrame, reference: pd.DataFrame, keys: list[str], columns: dict[str, str],
                zero_is_null: tuple[str, ...] = ()):
    """Every row of either side has the same value on the other (null = missing row, for counts 0)."""
    def table(frame, names):
        rows = {}
        for record in frame.to_dict("records"):
            key = tuple(_norm_key(record[k]) for k in keys)
            rows[key] = {metric: record[name] for metric, name in names.items()}
        return rows

    left = table(mf, {metric: metric for metric in columns})
    right = table(reference, columns)
    assert left, "mf query returned no rows"
    compared = 0
    for key in set(left) | set(right):
        for metric in columns:
            a = left.get(key, {}).get(metric)
            b = right.get(key, {}).get(metric)
            a = None if a is None or (isinstance(a, float) and math.isnan(a)) else float(a)
            b = None if b is None or (isinstance(b, float) and math.isnan(b)) else float(b)
            if metric in zero_is_null:
                a, b = a or None, b or None
            if a is None or b is None:
                assert a == b, f"{metric} at {key}: mf {a}, SQL {b}"
            else:
                assert a == pytest.approx(b, rel=1e-9, abs=1e-9), f"{metric} at {key}: mf {a}, SQL {b}"
                compared += a != 0
    assert compared > 0, "only zeros and nulls compared: the fixture no longer exercises these metrics"


def test_cohort_metrics_by_month_and_segment_equal_the_funnel_marts(mf_project):
    _, db = mf_project
    result = mf_query(
        mf_project,
        ["mqls", "mql_to_sql_rate", "sal_acceptance_rate", "sla_met_rate", "cost_per_mql", "median_days_mql_to_sql"],
        ["metric_time__month", "segment"],
    )
    monthly = sql(db, """
        select
            strftime(cohort_month, '%Y-%m-%d') as month,
            segment,
            sum(mql_count) as mqls,
            sum(sql_count) / nullif(sum(mql_count), 0) as mql_to_sql_rate,
            sum(sal_count) / nullif(sum(decided_mql_count), 0) as sal_acceptance_rate,
            sum(sla_met_mql_count) / nullif(sum(sla_measured_mql_count), 0) as sla_met_rate,
            sum(spend_usd) / nullif(sum(mql_count), 0) as cost_per_mql
        from marts.fct_funnel_monthly
        where cohort_type = 'mql'
        group by 1, 2
    """)
    medians = sql(db, """
        select strftime(date_trunc('month', mql_at), '%Y-%m-%d') as month, segment,
            median(days_mql_to_sql) as median_days_mql_to_sql
        from marts.fct_lead_funnel where mql_at is not null group by 1, 2
    """)
    reference = monthly.merge(medians, on=["month", "segment"], how="outer")
    reference = reference.rename(columns={"month": "metric_time__month"})
    assert_same(
        result, reference, ["metric_time__month", "segment"],
        {"mqls": "mqls", "mql_to_sql_rate": "mql_to_sql_rate", "sal_acceptance_rate": "sal_acceptance_rate",
         "sla_met_rate": "sla_met_rate", "cost_per_mql": "cost_per_mql",
         "median_days_mql_to_sql": "median_days_mql_to_sql"},
        zero_is_null=("mqls",),
    )
    # and the rate is the one the MQL-definition health report judges
    health = sql(db, """
        select strftime(report_month, '%Y-%m-%d') as metric_time__month, segment, mql_to_sql_rate
        from marts.rpt_mql_definition_health where mql_count > 0
    """)
    rates = result.dropna(subset=["mql_to_sql_rate"])
    assert_same(rates, health, ["metric_time__month", "segment"], {"mql_to_sql_rate": "mql_to_sql_rate"})


def test_stage_counts_and_aqls_by_month_equal_the_marts(mf_project):
    _, db = mf_project
    result = mf_query(mf_project, ["leads", "sqls", "wins", "aqls"], ["metric_time__month"])
    reference = sql(db, """
        with months as (
            select strftime(date_trunc('month', lead_at), '%Y-%m-%d') as month, 'leads' as metric from marts.fct_lead_funnel
            union all
            select strftime(date_trunc('month', sql_at), '%Y-%m-%d'), 'sqls' from marts.fct_lead_funnel where sql_at is not null
            union all
            select strftime(date_trunc('month', won_at), '%Y-%m-%d'), 'wins' from marts.fct_lead_funnel where won_at is not null
            union all
            select strftime(date_trunc('month', aql_at), '%Y-%m-%d'), 'aqls' from marts.fct_aql_events where not is_expansion
        )
        pivot months on metric in ('leads', 'sqls', 'wins', 'aqls') using count(*) group by month
    """).rename(columns={"month": "metric_time__month"})
    assert_same(result, reference, ["metric_time__month"],
                {"leads": "leads", "sqls": "sqls", "wins": "wins", "aqls": "aqls"},
                zero_is_null=("leads", "sqls", "wins", "aqls"))
    assert result["aqls"].fillna(0).sum() > 0


def test_lead_metrics_by_score_grade_and_lead_source_equal_the_marts(mf_project):
    _, db = mf_project
    result = mf_query(mf_project, ["mqls", "mql_cohort_sqls", "avg_days_mql_to_sql"],
                      ["lead__score_grade", "lead_source"])
    reference = sql(db, """
        select
            leads.score_grade as lead__score_grade,
            coalesce(funnel.lead_source, 'unknown') as lead_source,
            count(funnel.mql_at) as mqls,
            count(case when funnel.mql_at is not null then coalesce(funnel.sql_at, funnel.opportunity_at, funnel.won_at) end) as mql_cohort_sqls,
            avg(case when funnel.mql_at is not null then funnel.days_mql_to_sql end) as avg_days_mql_to_sql
        from marts.fct_lead_funnel as funnel
        inner join marts.dim_leads as leads on funnel.lead_id = leads.lead_id
        group by 1, 2
    """)
    assert_same(result, reference, ["lead__score_grade", "lead_source"],
                {"mqls": "mqls", "mql_cohort_sqls": "mql_cohort_sqls", "avg_days_mql_to_sql": "avg_days_mql_to_sql"},
                zero_is_null=("mqls", "mql_cohort_sqls"))
