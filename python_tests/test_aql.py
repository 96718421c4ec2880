"""Account-qualified leads (AQL) on the edge-case fixtures (as_of 2026-01-15 12:00:00).

The AQL scenarios are the `Q…` rows of fixtures/edge_cases (defaults: 3 engaged contacts,
engagement >= 10, account fit >= 20, 2 high-intent activities, all in the segment's window):

* QA01  600 employees, software (mid_market, 45 days, fit 25). Q001 VP Marketing (pricing view
        Jan 5), Q002 Director of Finance (demo Jan 8), Q003 Marketing Manager with no CRM account,
        matched by email domain (two downloads Jan 10: engaged at the second), Q004 a gmail lead
        assigned to QA01 in the CRM (webinar Jan 9; never counted). AQL at Jan 10 10:00 — it
        would be Jan 9 if the free-mail lead counted.
* QA02  2 engaged contacts + 2 high-intent activities, plus a competitor lead (disqualified)
        with a demo request: not an AQL.
* QA03  smb, 30 days: three contacts engaged Oct 1, Oct 20 and Nov 5, never three at once.
* QA04  enterprise customer (QO01 won 2025-06-01) meeting the criteria Jan 8: expansion event.
* QA05  5 employees, retail (fit -30): three demo requests, never an AQL.
* QA06  smb, 30 days: qualifies Aug 1 12:00 (AQL 1), stops Aug 31 10:00, qualifies again Sep 10
        (within a window: same qualification), stops Oct 10 10:00, qualifies Nov 9 10:00, exactly
        30 days later (AQL 2).
* QA07  no leads at all.
"""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.dbt


def ts(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def rows(con, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def account(con, account_id: str) -> dict:
    found = rows(con, "select * from marts.dim_accounts where account_id = ?", [account_id])
    assert len(found) == 1, f"{account_id}: expected one dim_accounts row, got {len(found)}"
    return found[0]


def events(con, account_id: str) -> list[dict]:
    return rows(
        con,
        "select * from marts.fct_aql_events where account_id = ? order by aql_sequence",
        [account_id],
    )


def test_three_engaged_contacts_and_two_high_intent_activities_make_an_aql(fixture_con):
    [event] = events(fixture_con, "QA01")
    assert event["aql_at"] == ts("2026-01-10 10:00:00")
    assert event["aql_sequence"] == 1
    assert event["trigger_activity_id"] == "QACT005"
    assert event["trigger_lead_id"] == "Q003"
    assert (event["engaged_contact_count_at_aql"], event["high_intent_activity_count_at_aql"]) == (3, 2)
    assert (event["account_fit_score"], event["segment"]) == (25, "mid_market")
    assert event["is_expansion"] is False
    assert event["has_decision_maker_at_aql"] is True
    assert event["engaged_persona_count_at_aql"] == 2  # marketing, finance
    row = account(fixture_con, "QA01")
    assert row["is_aql"] is True and row["is_customer"] is False
    assert row["first_aql_at"] == ts("2026-01-10 10:00:00")
    assert (row["contact_count"], row["engaged_contact_count"], row["high_intent_activity_count"]) == (3, 3, 2)
    assert row["account_engagement_score"] == 20 + 40 + 10
    assert row["has_decision_maker"] is True
    assert (row["engaged_persona_count"], row["engaged_seniority_level_count"]) == (2, 3)


def test_mql_contacts_are_the_contacts_with_is_mql(fixture_con):
    expected = fixture_con.execute(
        """
        select count(*) from marts.dim_leads
        where lead_id in ('Q001', 'Q002', 'Q003') and meets_mql_criteria
        """
    ).fetchone()[0]
    assert expected >= 1
    assert account(fixture_con, "QA01")["mql_contact_count"] == expected


def test_email_domain_matched_unassigned_lead_is_counted(fixture_con):
    matched = rows(
        fixture_con,
        "select account_id, account_match_method from intermediate.int_aql_account_contacts where lead_id = 'Q003'",
    )
    assert matched == [{"account_id": "QA01", "account_match_method": "email_domain"}]


def test_free_mail_lead_is_never_counted_even_when_crm_assigned(fixture_con):
    lead = rows(
        fixture_con, "select account_id, email_type from marts.dim_leads where lead_id = 'Q004'"
    )
    assert lead == [{"account_id": "QA01", "email_type": "free_mail"}]
    assert fixture_con.execute(
        "select count(*) from intermediate.int_aql_account_contacts where lead_id = 'Q004'"
    ).fetchone()[0] == 0
    assert fixture_con.execute(
        "select count(*) from intermediate.int_aql_contact_activities where lead_id = 'Q004'"
    ).fetchone()[0] == 0


def test_two_engaged_contacts_are_not_enough_and_disqualified_contacts_never_count(fixture_con):
    assert events(fixture_con, "QA02") == []
    row = account(fixture_con, "QA02")
    assert (row["contact_count"], row["engaged_contact_count"], row["high_intent_activity_count"]) == (3, 2, 2)
    assert row["is_aql"] is False and row["meets_aql_criteria"] is False


def test_contacts_engaged_in_different_windows_are_not_an_aql(fixture_con):
    assert events(fixture_con, "QA03") == []
    most_engaged, most_intent = fixture_con.execute(
        """
        select max(engaged_contacts), max(high_intent_activities)
        from intermediate.int_aql_account_timeline where account_id = 'QA03'
        """
    ).fetchone()
    assert most_engaged == 2  # three contacts engaged within 36 days, never three at once
    assert most_intent >= 2  # intent alone would have been enough
    intervals = rows(
        fixture_con,
        """
        select lead_id, engaged_from_at, engaged_until_at
        from intermediate.int_aql_contact_engaged_intervals
        where account_id = 'QA03' order by lead_id
        """,
    )
    assert [(r["lead_id"], r["engaged_from_at"], r["engaged_until_at"]) for r in intervals] == [
        ("Q007", ts("2025-10-01 10:00:00"), ts("2025-10-31 11:00:00")),
        ("Q008", ts("2025-10-20 10:00:00"), ts("2025-11-19 11:00:00")),
        ("Q009", ts("2025-11-05 10:00:00"), ts("2025-12-05 11:00:00")),
    ]


def test_customer_meeting_the_criteria_is_an_expansion_not_a_new_aql(fixture_con):
    [event] = events(fixture_con, "QA04")
    assert event["is_expansion"] is True
    assert event["aql_at"] == ts("2026-01-08 10:00:00")
    row = account(fixture_con, "QA04")
    assert row["is_customer"] is True
    assert row["customer_since_at"] == ts("2025-06-01 00:00:00")
    assert row["meets_aql_criteria"] is True
    assert row["is_aql"] is False and row["is_expansion_aql"] is True
    assert row["first_aql_at"] is None and row["aql_count"] == 0
    assert row["first_expansion_aql_at"] == ts("2026-01-08 10:00:00")
    assert row["expansion_aql_count"] == 1


def test_low_fit_account_is_never_an_aql(fixture_con):
    assert events(fixture_con, "QA05") == []
    row = account(fixture_con, "QA05")
    assert row["account_fit_score"] == -30 and row["meets_fit_gate"] is False
    assert (row["engaged_contact_count"], row["high_intent_activity_count"]) == (3, 3)
    assert row["is_aql"] is False and row["meets_aql_criteria"] is False


def test_requalifies_only_after_a_full_window_without_qualifying(fixture_con):
    found = events(fixture_con, "QA06")
    assert [(e["aql_sequence"], e["aql_at"], e["previous_qualification_stopped_at"]) for e in found] == [
        (1, ts("2025-08-01 12:00:00"), None),
        # back on Sep 10 (10 days after stopping on Aug 31): no new event; stopped Oct 10 10:00
        (2, ts("2025-11-09 10:00:00"), ts("2025-10-10 10:00:00")),
    ]
    row = account(fixture_con, "QA06")
    assert row["aql_count"] == 2
    assert (row["first_aql_at"], row["latest_aql_at"]) == (
        ts("2025-08-01 12:00:00"),
        ts("2025-11-09 10:00:00"),
    )
    assert row["is_aql"] is False and row["engaged_contact_count"] == 0


def test_account_without_leads_has_zero_engagement(fixture_con):
    row = account(fixture_con, "QA07")
    assert row["meets_fit_gate"] is True
    assert (row["contact_count"], row["engaged_contact_count"], row["high_intent_activity_count"]) == (0, 0, 0)
    assert (row["account_engagement_score"], row["mql_contact_count"], row["engaged_persona_count"]) == (0, 0, 0)
    assert row["is_aql"] is False and row["has_decision_maker"] is False


def test_one_row_per_non_deleted_account(fixture_con):
    dim, staged = fixture_con.execute(
        "select (select count(*) from marts.dim_accounts), (select count(*) from staging.stg_raw__accounts)"
    ).fetchone()
    assert dim == staged
    assert fixture_con.execute(
        "select count(*) from marts.dim_accounts where account_id = 'A004'"  # deleted in source
    ).fetchone()[0] == 0
