"""Lead scoring and MQL events end to end: dbt build of fixtures/edge_cases (conftest's session
warehouse, built through dbtRunner at as_of 2026-01-15 12:00:00) and the outcome of each scoring
scenario. The scenario rows (ids S...) are in fixtures/edge_cases/*.csv; docs/scoring.md explains
the rules they exercise.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import pytest

pytestmark = pytest.mark.dbt

DIM_LEADS_COLUMNS = [
    "lead_id", "account_id", "account_match_method", "email_domain", "email_sha256", "segment",
    "seniority", "persona", "email_type", "lead_source", "fit_score", "engagement_score",
    "lead_score", "fit_grade", "engagement_grade", "score_grade", "is_disqualified",
    "disqualification_reason", "meets_mql_criteria", "first_mql_at", "latest_mql_at", "mql_count",
    "lead_created_at",
]
MQL_EVENT_COLUMNS = [
    "mql_event_id", "lead_id", "account_id", "mql_sequence", "mql_at", "mql_trigger",
    "trigger_activity_id", "trigger_activity_type", "fit_score_at_mql", "engagement_score_at_mql",
    "lead_score_at_mql", "segment", "priority",
]
COMPONENT_COLUMNS = [
    "lead_id", "component_type", "component", "points", "activity_count", "earliest_occurred_at",
    "latest_occurred_at",
]


def ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def lead(con, lead_id: str) -> dict:
    cursor = con.execute("select * from marts.dim_leads where lead_id = ?", [lead_id])
    names = [column[0] for column in cursor.description]
    row = cursor.fetchone()
    assert row is not None, f"{lead_id} missing from dim_leads"
    return dict(zip(names, row))


def events(con, lead_id: str) -> list[tuple]:
    return con.execute(
        "select mql_sequence, mql_at, mql_trigger, trigger_activity_id, fit_score_at_mql,"
        " engagement_score_at_mql, lead_score_at_mql, priority"
        " from marts.fct_mql_events where lead_id = ? order by mql_sequence",
        [lead_id],
    ).fetchall()


def components(con, lead_id: str, component_type: str) -> dict[str, tuple]:
    rows = con.execute(
        "select component, points, uncapped_points, activity_count, earliest_occurred_at"
        " from marts.fct_lead_score_components where lead_id = ? and component_type = ?",
        [lead_id, component_type],
    ).fetchall()
    return {row[0]: row[1:] for row in rows}


def columns_of(con, table: str) -> list[str]:
    return [row[0] for row in con.execute(f"describe marts.{table}").fetchall()]


def test_marts_have_the_contracted_columns(fixture_con):
    assert columns_of(fixture_con, "dim_leads")[: len(DIM_LEADS_COLUMNS)] == DIM_LEADS_COLUMNS
    assert columns_of(fixture_con, "fct_mql_events")[: len(MQL_EVENT_COLUMNS)] == MQL_EVENT_COLUMNS
    assert set(COMPONENT_COLUMNS) <= set(columns_of(fixture_con, "fct_lead_score_components"))


def test_dim_leads_carries_no_raw_email_or_names(fixture_con):
    columns = set(columns_of(fixture_con, "dim_leads"))
    assert not columns & {"email", "first_name", "last_name", "job_title", "company_name"}
    row = lead(fixture_con, "L001")
    assert row["email_sha256"] == hashlib.sha256(b"dana.finance@acme-software.com").hexdigest()


def test_worked_example_scores_90_and_is_an_mql(fixture_con):
    row = lead(fixture_con, "L001")
    assert (row["seniority"], row["persona"], row["segment"]) == ("director", "finance", "smb")
    assert (row["fit_score"], row["engagement_score"], row["lead_score"]) == (50, 40, 90)
    assert row["score_grade"] == "A1" and row["meets_mql_criteria"] and row["mql_count"] == 1
    fit = components(fixture_con, "L001", "fit")
    assert {name: values[0] for name, values in fit.items()} == {
        "seniority_director": 20, "persona_finance": 10, "company_size_50_199": 10, "industry_icp": 10,
    }
    assert events(fixture_con, "L001") == [
        (1, ts("2026-01-10 10:00:00"), "score", "ACT002", 50, 40, 90, "high"),
    ]


def test_components_sum_to_the_lead_score(fixture_con):
    mismatches = fixture_con.execute(
        """
        select dim_leads.lead_id
        from marts.dim_leads
        left join (
            select lead_id, sum(points) as points
            from marts.fct_lead_score_components
            group by 1
        ) as components on dim_leads.lead_id = components.lead_id
        where dim_leads.lead_score <> coalesce(components.points, 0)
        """
    ).fetchall()
    assert mismatches == []


def test_total_cap_is_a_component(fixture_con):
    engagement = components(fixture_con, "L001", "engagement")
    assert engagement["demo_request"][0] == 40
    assert engagement["engagement_total_cap"][0] == -3  # 1 + 2 + 40 = 43 -> 40


def test_account_matching_by_email_domain_and_email_types(fixture_con):
    assert (lead(fixture_con, "L013")["account_id"], lead(fixture_con, "L013")["account_match_method"]) == (
        "A002", "email_domain",
    )
    assert lead(fixture_con, "L013")["segment"] == "enterprise"
    free_mail = lead(fixture_con, "L007")
    assert (free_mail["email_type"], free_mail["account_match_method"]) == ("free_mail", "none")
    assert components(fixture_con, "L007", "fit")["email_free_mail"][0] == -20
    assert lead(fixture_con, "L014")["email_type"] == "academic"
    assert lead(fixture_con, "L016")["seniority"] == "student"


def test_competitor_is_disqualified_and_never_an_mql(fixture_con):
    for lead_id in ("L015", "SL07"):
        row = lead(fixture_con, lead_id)
        assert row["is_disqualified"] and row["disqualification_reason"] == "competitor"
        assert not row["meets_mql_criteria"] and row["mql_count"] == 0
    assert lead(fixture_con, "SL07")["lead_score"] >= 75  # would qualify on score otherwise
    assert events(fixture_con, "SL07") == []


def test_window_edge_at_as_of(fixture_con):
    engagement = components(fixture_con, "SL01", "engagement")
    assert set(engagement) == {"page_view"}  # exactly 30 days old counts, one second older not
    assert engagement["page_view"][3] == ts("2025-12-16 12:00:00")


def test_per_type_caps(fixture_con):
    engagement = components(fixture_con, "SL02", "engagement")
    assert engagement["page_view"][:3] == (10, 16, 8)
    assert engagement["unsubscribe"][:3] == (-10, -20, 2)
    assert lead(fixture_con, "SL02")["engagement_score"] == 0


def test_hand_raiser_only_source_qualifies_only_through_a_hand_raiser(fixture_con):
    # trade_show lead at 100 (>= 70) from 2026-01-07, but its MQL is the contact form
    assert events(fixture_con, "SL03") == [
        (1, ts("2026-01-12 09:00:00"), "hand_raiser", "SACT03_4", 60, 40, 100, "high"),
    ]


def test_fast_track_below_threshold(fixture_con):
    assert events(fixture_con, "SL04") == [
        (1, ts("2026-01-09 11:00:00"), "hand_raiser", "SACT04_1", 30, 40, 70, "high"),
    ]
    assert lead(fixture_con, "SL08")["mql_count"] == 0  # an intern's demo request is not enough


def test_recycling_after_rejected_and_nurture(fixture_con):
    recycled = events(fixture_con, "SL05")
    assert [(seq, at, activity) for seq, at, _, activity, *_ in recycled] == [
        (1, ts("2025-11-03 10:05:00"), "SACT05_2"),
        (2, ts("2025-11-12 08:00:00"), "SACT05_5"),  # not SACT05_4, at the same second as `rejected`
        (3, ts("2026-01-14 16:00:00"), "SACT05_7"),
    ]
    row = lead(fixture_con, "SL05")
    assert (row["mql_count"], row["first_mql_at"], row["latest_mql_at"]) == (
        3, ts("2025-11-03 10:05:00"), ts("2026-01-14 16:00:00"),
    )


def test_duplicate_lead_activities_count_for_the_surviving_lead(fixture_con):
    assert fixture_con.execute("select count(*) from marts.dim_leads where lead_id = 'SL06B'").fetchone()[0] == 0
    assert lead(fixture_con, "SL06")["duplicate_lead_count"] == 1
    assert [event[3] for event in events(fixture_con, "SL06")] == ["SACT06_1"]


def test_enterprise_threshold_and_engagement_gate(fixture_con):
    # fit 60: the 3rd click gives 69 (< 70, engagement 9 < 10); the 4th gives 72
    assert events(fixture_con, "SL09") == [
        (1, ts("2026-01-08 09:00:00"), "score", "SACT09_4", 60, 12, 72, "high"),
    ]


def test_engagement_expires_after_the_window(fixture_con):
    assert events(fixture_con, "SL10") == []
    assert [event[3] for event in events(fixture_con, "SL11")] == ["SACT11_2"]  # exactly 30 days later
    assert events(fixture_con, "SL12") == []  # one second later


def test_set_based_engagement_matches_a_brute_force_recount(fixture_con):
    """The delta/running-sum engagement at every activity equals a direct recount of its window."""
    as_of = ts("2026-01-15 12:00:00")
    activities = fixture_con.execute(
        "select activity_id, lead_id, activity_type, occurred_at, points, cap_per_window"
        " from intermediate.int_activities_scored where occurred_at <= ?",
        [as_of],
    ).fetchall()
    windows = dict(
        fixture_con.execute("select lead_id, recency_window_days from intermediate.int_leads_enriched").fetchall()
    )
    cap_total = 40
    expected = {}
    for activity_id, lead_id, _, at, _, _ in activities:
        start = at - timedelta(days=windows[lead_id])
        per_type: dict[str, list] = {}
        for _, other_lead, activity_type, other_at, points, cap in activities:
            if other_lead == lead_id and start <= other_at <= at:
                per_type.setdefault(activity_type, [0, cap])[0] += points
        capped = sum(min(total, cap) if cap >= 0 else max(total, cap) for total, cap in per_type.values())
        expected[activity_id] = min(cap_total, capped)
    actual = dict(
        fixture_con.execute(
            "select activity_id, engagement_score from intermediate.int_lead_engagement_timeline"
            # the version in force at as_of (the timeline also holds the draft's engagement)
            " where model_version in (select model_version from intermediate.int_scoring_model_versions"
            " where is_in_force_at_as_of)"
        ).fetchall()
    )
    assert actual == expected


def test_score_history_reproduces_dim_leads_and_every_mql_event(fixture_con):
    """fct_lead_score_daily: its last row by as_of is dim_leads' score, grade and criteria state for
    every lead, its row at each MQL the event's fit, engagement and lead score."""
    from python_tests.score_history import history_mismatches_at_as_of, history_mismatches_at_mqls

    assert fixture_con.execute("select count(distinct lead_id) from marts.fct_lead_score_daily").fetchone()[0] > 0
    assert history_mismatches_at_as_of(fixture_con, "2026-01-15 12:00:00") == []
    assert fixture_con.execute("select count(*) from marts.fct_mql_events").fetchone()[0] > 0
    assert history_mismatches_at_mqls(fixture_con) == []


@pytest.mark.slow
def test_a_draft_identical_to_the_model_in_force_changes_nothing(tmp_path):
    """End to end on the fixtures with the draft set to the version in force (1.0): the backtested
    events are fct_mql_events, no lead changes, and every month and segment of the comparison has
    the same measures and verdicts on both sides."""
    import duckdb

    from python_tests.conftest import FIXTURE_AS_OF, FIXTURES_RAW, failure_messages, run_dbt

    db = tmp_path / "identical.duckdb"
    result = run_dbt(
        ["build", "--select", "+fct_mql_events", "+fct_scoring_model_lead_changes", "+rpt_scoring_model_comparison",
         "--resource-type", "seed", "--resource-type", "model"],
        db, tmp_path / "target",
        {"raw_path": str(FIXTURES_RAW), "as_of": FIXTURE_AS_OF, "scoring_draft_model_version": "1.0"},
    )
    assert result.success, "\n".join(failure_messages(result))
    columns = ", ".join(c for c in MQL_EVENT_COLUMNS) + ", mql_score_threshold, scoring_model_version"
    with duckdb.connect(str(db), read_only=True) as con:
        events = con.execute(f"select {columns} from marts.fct_mql_events order by all").fetchall()
        backtested = con.execute(f"select {columns} from intermediate.int_lead_mql_events_backtested order by all").fetchall()
        assert events and backtested == events
        assert con.execute("select count(*) from marts.fct_scoring_model_lead_changes").fetchone()[0] == 0
        sides = [c[len("active_"):] for (c,) in con.execute(
            "select column_name from duckdb_columns() where table_name = 'rpt_scoring_model_comparison'"
            " and column_name like 'active_%'").fetchall()]
        differing = " or ".join(f"active_{c} is distinct from draft_{c}" for c in sides)
        assert con.execute(f"select count(*) from marts.rpt_scoring_model_comparison where {differing}").fetchone()[0] == 0
        assert con.execute("select count(*) from marts.rpt_scoring_model_comparison").fetchone()[0] > 0
