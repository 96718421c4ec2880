"""Funnel marts on the edge-case fixtures (as_of 2026-01-15 12:00:00).

The funnel scenarios are the `F…` rows of fixtures/edge_cases (account FA001, 150 employees,
software: segment smb):

* F001  Director of Marketing, paid_search. MQL (fit grade A: priority high) at a demo request on
        Jan 3 10:00, sales call 10:03 (SLA met). `qualified` Jan 5 is dated before `accepted` Jan 6
        (out of order): sal_at = sql_at = Jan 5. Opportunity FO001 won Jan 12 (25,000).
* F002  Marketing Manager, paid_social (grade B: standard). MQL Nov 3, first touch 46 h later
        (SLA missed), rejected, nurtured, MQL again, rejected, nurtured: recycled twice.
* F003  Marketing Manager, paid_social. MQL 6 h before as_of, untouched: SLA still open (null).
* F004  Operations Analyst, outbound, never an MQL: worked, accepted, qualified and opportunity
        FO002 by sales: sales-sourced.
* F005  VP Sales, referral; F006 is the same person (same e-mail, created later): F006's demo
        request, sales e-mail (4 min later), acceptance and opportunity FO003 belong to F005.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

pytestmark = pytest.mark.dbt


def ts(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def funnel_row(con, lead_id: str) -> dict:
    cursor = con.execute("select * from marts.fct_lead_funnel where lead_id = ?", [lead_id])
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    assert len(rows) == 1, f"{lead_id}: expected one fct_lead_funnel row, got {len(rows)}"
    return dict(zip(columns, rows[0]))


def test_out_of_order_statuses_pull_the_sal_back_to_the_sql(fixture_con):
    row = funnel_row(fixture_con, "F001")
    assert row["entry_path"] == "marketing"
    assert row["mql_at"] == ts("2026-01-03 10:00:00")
    assert row["sal_at"] == ts("2026-01-05 12:00:00")
    assert row["sql_at"] == ts("2026-01-05 12:00:00")
    assert row["has_out_of_order_stages"] is True
    assert row["opportunity_at"] == ts("2026-01-07 00:00:00")
    assert row["won_at"] == ts("2026-01-12 00:00:00")
    assert row["won_amount_usd"] == Decimal("25000.00")
    assert row["current_stage"] == "customer"
    assert row["days_mql_to_sql"] == pytest.approx(2 + 2 / 24)
    assert row["days_sql_to_won"] == pytest.approx(6.5)


def test_high_priority_mql_touched_within_5_minutes_meets_sla(fixture_con):
    row = funnel_row(fixture_con, "F001")
    assert row["mql_priority"] == "high"
    assert row["sla_minutes"] == 5
    assert row["first_sales_touch_at"] == ts("2026-01-03 10:03:00")
    assert row["minutes_to_first_touch"] == pytest.approx(3.0)
    assert row["is_sla_met"] is True


def test_lead_recycled_twice(fixture_con):
    row = funnel_row(fixture_con, "F002")
    assert row["mql_at"] == ts("2025-11-03 11:00:00")
    assert row["mql_count"] == 2
    assert row["recycle_count"] == 2
    assert row["current_stage"] == "recycled"
    assert row["is_rejected"] is True
    assert row["rejection_reason"] == "bad_timing"
    assert row["sal_at"] is None and row["sql_at"] is None
    events = fixture_con.execute(
        "select mql_at from marts.fct_mql_events where lead_id = 'F002' order by mql_sequence"
    ).fetchall()
    assert [e[0] for e in events] == [ts("2025-11-03 11:00:00"), ts("2025-11-20 10:00:00")]


def test_standard_mql_touched_after_24_hours_misses_sla(fixture_con):
    row = funnel_row(fixture_con, "F002")
    assert row["mql_priority"] == "standard"
    assert row["sla_minutes"] == 1440
    assert row["first_sales_touch_at"] == ts("2025-11-05 09:00:00")
    assert row["minutes_to_first_touch"] == pytest.approx(46 * 60)
    assert row["is_sla_met"] is False


def test_sla_is_null_while_the_window_is_open(fixture_con):
    row = funnel_row(fixture_con, "F003")
    assert row["mql_at"] == ts("2026-01-15 06:00:00")
    assert row["sla_due_at"] == ts("2026-01-16 06:00:00")
    assert row["first_sales_touch_at"] is None
    assert row["is_sla_met"] is None
    assert row["current_stage"] == "mql"


def test_sales_sourced_opportunity_is_kept_and_not_an_mql_conversion(fixture_con):
    row = funnel_row(fixture_con, "F004")
    assert row["entry_path"] == "sales_sourced"
    assert row["mql_at"] is None
    assert row["sal_at"] == ts("2025-12-12 00:00:00")
    assert row["sql_at"] == ts("2025-12-20 00:00:00")
    assert row["opportunity_at"] == ts("2025-12-22 00:00:00")
    assert row["current_stage"] == "opportunity"
    assert row["is_sla_met"] is None and row["sla_minutes"] is None
    mqls, sales_sourced, sqls, sales_sourced_sqls = fixture_con.execute(
        """
        select sum(mql_count), sum(sales_sourced_lead_count), sum(sql_count), sum(sales_sourced_sql_count)
        from marts.fct_funnel_monthly
        where cohort_type = 'lead' and cohort_month = date '2025-12-01' and lead_source = 'outbound'
        """
    ).fetchone()
    assert (mqls, sqls) == (0, 0)
    assert sales_sourced >= 1 and sales_sourced_sqls >= 1


def test_duplicate_person_records_are_merged_into_the_surviving_lead(fixture_con):
    assert fixture_con.execute(
        "select count(*) from marts.fct_lead_funnel where lead_id = 'F006'"
    ).fetchone()[0] == 0
    row = funnel_row(fixture_con, "F005")
    assert row["mql_at"] == ts("2025-12-06 10:00:00")
    assert row["sal_at"] == ts("2025-12-07 00:00:00")
    assert row["opportunity_id"] == "FO003"
    assert row["opportunity_at"] == ts("2025-12-10 00:00:00")
    assert row["is_sla_met"] is True
    assert row["current_stage"] == "opportunity"


def test_one_funnel_row_per_canonical_lead(fixture_con):
    funnel, dim = fixture_con.execute(
        "select (select count(*) from marts.fct_lead_funnel), (select count(*) from marts.dim_leads)"
    ).fetchone()
    assert funnel == dim


def test_transitions_of_a_won_lead(fixture_con):
    rows = fixture_con.execute(
        """
        select stage, from_stage, days_in_previous_stage
        from marts.fct_funnel_transitions where lead_id = 'F001' order by stage_order
        """
    ).fetchall()
    assert [r[0] for r in rows] == ["lead", "mql", "sal", "sql", "opportunity", "won"]
    assert [r[1] for r in rows] == [None, "lead", "mql", "sal", "sql", "opportunity"]
    assert rows[3][2] == pytest.approx(0.0)  # sal and sql at the same time


def test_monthly_rates_follow_counts_and_are_null_without_denominator(fixture_con):
    bad = fixture_con.execute(
        """
        select count(*) from marts.fct_funnel_monthly
        where (mql_count = 0 and (mql_to_sql_rate is not null or mql_to_sal_rate is not null or cost_per_mql is not null))
            or (mql_count > 0 and abs(mql_to_sql_rate - sql_count / mql_count) > 1e-9)
            or (sql_count = 0 and (sql_to_won_rate is not null or cost_per_sql is not null))
            or (sla_measured_mql_count = 0 and sla_met_rate is not null)
        """
    ).fetchone()[0]
    assert bad == 0
    row = fixture_con.execute(
        """
        select lead_count, mql_count, sal_count, sql_count, win_count, mql_to_sql_rate, sla_met_rate, spend_usd, cost_per_mql
        from marts.fct_funnel_monthly
        where cohort_type = 'lead' and cohort_month = date '2026-01-01'
            and lead_source = 'paid_search' and segment = 'smb'
        """
    ).fetchone()
    leads, mqls, sals, sqls, wins, mql_to_sql_rate, sla_met_rate, spend_usd, cost_per_mql = row
    assert (mqls, sals, sqls, wins) == (leads, leads, leads, leads)  # F001 (and nothing lost)
    assert mql_to_sql_rate == 1.0 and sla_met_rate == 1.0
    assert spend_usd == Decimal("950.00")  # all of January's paid_search spend: only smb leads
    assert cost_per_mql == Decimal("950.00") / mqls


def test_spend_in_each_cohort_type_equals_staged_spend(fixture_con):
    staged = fixture_con.execute(
        "select sum(cast(amount_usd as decimal(18, 2))) from staging.stg_raw__campaign_spend"
    ).fetchone()[0]
    totals = dict(
        fixture_con.execute(
            "select cohort_type, sum(spend_usd) from marts.fct_funnel_monthly group by 1"
        ).fetchall()
    )
    assert staged == Decimal("1300.00")
    assert totals == {"lead": staged, "mql": staged}
    unallocated = fixture_con.execute(
        """
        select cohort_type, spend_usd from marts.fct_funnel_monthly
        where segment = 'unallocated' and lead_source = 'tiktok' order by 1
        """
    ).fetchall()
    assert unallocated == [("lead", Decimal("50.00")), ("mql", Decimal("50.00"))]


def test_health_report_has_every_month_and_segment_with_verdicts(fixture_con):
    months, segments, rows, unverdicted = fixture_con.execute(
        """
        select
            count(distinct report_month), count(distinct segment), count(*),
            count(*) - count(mql_to_sql_verdict)
        from marts.rpt_mql_definition_health
        """
    ).fetchone()
    assert rows == months * segments and unverdicted == 0
    # January 2026 is not over at as_of: too early for a conversion verdict, capacity is partial
    verdicts = fixture_con.execute(
        """
        select distinct mql_to_sql_verdict, capacity_verdict
        from marts.rpt_mql_definition_health where report_month = date '2026-01-01'
        """
    ).fetchall()
    assert verdicts == [("too_early", "partial_month")]
