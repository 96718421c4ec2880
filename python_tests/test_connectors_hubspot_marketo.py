"""HubSpot and Marketo connectors (issue #14), and one person across Marketo and Salesforce.

- fixtures/hubspot/: a hand-written HubSpot (Fivetran table names) exercising merges (listed
  merged ids, merge audit, a chain), email events matched by recipient, forms by the form map,
  engagements with several contacts, status properties, deals (stages, merges, deletes).
- fixtures/marketo/ beside fixtures/salesforce/: Marketo leads linked to Salesforce persons by
  sfdc_contact_id / sfdc_lead_id, by email only (both directions of "earliest created wins"),
  merge chains, a deleted lead, every activity table.
- ../shared/external/fivetran/dbt_hubspot and dbt_marketo: Fivetran's own integration seeds (BOMs,
  CRLF, hashed emails, a column named `from`, soft deletes, no referential integrity), copied to
  Fivetran's table names in a temp folder (never modified): they build, every row has an outcome.
Three builds, each of what the tests read: every staging model and dim_leads with its upstream,
with the data tests of those models (no unit or seed tests: they do not read the data); about 40 s each on
2 cores (a whole `dbt build` was ~110 s): marked slow.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from .conftest import (FIXTURE_AS_OF, PROJECT_DIR, SHARED_DB_NAME, failure_messages, fivetran_seeds, only, parsed_once,
                       run_dbt)

FIXTURES = PROJECT_DIR / "fixtures"

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

# what the tests read: the connectors' staging, the contract staging they feed, dim_leads (and the
# seeds they read)
BUILT = only("+path:models/staging", "+dim_leads")


def _build(tmp_path_factory, name: str, vars_: dict) -> Path:
    work = tmp_path_factory.mktemp(name)
    db = work / "warehouse.duckdb"  # not <name>.duckdb: a catalog named like a schema (hubspot) is ambiguous
    vars_ = {"as_of": FIXTURE_AS_OF, **vars_}
    # conftest.parsed_once: shared with the shape modules' builds of the same sources (same file name;
    # the path vars are read at run time)
    result = run_dbt(["build", *BUILT], db, work / "target", vars_, manifest=parsed_once(db, work / "target", vars_))
    assert result.success, f"dbt build ({name}) failed:\n" + "\n".join(failure_messages(result))
    return db


def _rows(con, sql: str, params=()) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


# --- HubSpot alone ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hubspot_con(tmp_path_factory):
    db = _build(
        tmp_path_factory,
        "hubspot",
        {"lead_funnel_sources": ["hubspot"], "hubspot_path": str(FIXTURES / "hubspot")},
    )
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_hubspot_merged_contacts_resolve_to_the_survivor_chains_included(hubspot_con):
    identities = dict(
        (row[0], row[1:])
        for row in _rows(
            hubspot_con,
            "select source_id, person_key, link_rule from staging.stg_crm__person_identities"
            " where source_system = 'hubspot'",
        )
    )
    assert identities == {
        "1": ("hubspot:1", "self"),
        "2": ("hubspot:1", "merged_contact"),  # listed in 1's property_hs_merged_object_ids
        "3": ("hubspot:1", "merged_contact"),  # older `id:epoch_ms` entry, no contact row
        "4": ("hubspot:4", "self"),
        "7": ("hubspot:4", "merged_contact"),  # contact_merge_audit
        "6": ("hubspot:4", "merged_contact"),  # 6 into 7, then 7 into 4
    }


def test_hubspot_one_lead_per_person(hubspot_con):
    assert _rows(
        hubspot_con,
        "select lead_id, account_id, lead_source, row_outcome, coalesce(rejection_reason, 'staged')"
        " from staging.base_raw__leads order by 1",
    ) == [
        ("hubspot:1", "hubspot:11", "organic_search", "staged", "staged"),
        ("hubspot:4", "hubspot:12", "paid_search", "staged", "staged"),
    ]
    assert _rows(hubspot_con, "select lead_id, source_system, crm_contact_id from marts.dim_leads order by 1") == [
        ("hubspot:1", "hubspot", "1"),
        ("hubspot:4", "hubspot", "4"),
    ]
    # the soft-deleted contact is quarantined where it is read
    assert _rows(
        hubspot_con, "select contact_id, rejection_reason from staging.stg_hubspot__contact_quarantine"
    ) == [("5", "deleted_in_source")]


def test_hubspot_activities_follow_the_maps(hubspot_con):
    activities = {
        row[0]: row[1:]
        for row in _rows(
            hubspot_con,
            "select activity_id, lead_id, activity_type, row_outcome, coalesce(rejection_reason, 'staged')"
            " from staging.base_raw__activities",
        )
    }
    assert activities == {
        "hubspot:email_event:e1": ("hubspot:1", "email_open", "staged", "staged"),  # recipient `ANN@acme.com `
        "hubspot:email_event:e2": ("hubspot:1", "email_click", "staged", "staged"),  # a merged contact's address
        "hubspot:email_event:e4": ("hubspot:4", "unsubscribe", "staged", "staged"),  # STATUSCHANGE to UNSUBSCRIBED
        "hubspot:email_event:e5": (None, "email_bounce", "quarantined", "missing_lead_id"),  # no such contact
        "hubspot:form_submission:c1": ("hubspot:4", "demo_request", "staged", "staged"),
        "hubspot:form_submission:c2": ("hubspot:1", "content_download", "staged", "staged"),  # merged id 3
        "hubspot:form_submission:c3": ("hubspot:4", "contact_form", "staged", "staged"),  # merged id 6
        "hubspot:form_submission:c4": ("hubspot:4", "newsletter_signup", "staged", "staged"),  # unmapped: kept
        "hubspot:engagement:g1:1": ("hubspot:1", "sales_call", "staged", "staged"),  # one call, two contacts
        "hubspot:engagement:g1:4": ("hubspot:4", "sales_call", "staged", "staged"),
        "hubspot:engagement:g2:4": ("hubspot:4", "meeting_held", "staged", "staged"),
        "hubspot:engagement:g4:4": ("hubspot:4", "sales_email", "staged", "staged"),  # time from engagement_email
    }
    # the engagement's own time wins over its detail row's (g1); without one, the live detail row's (g4)
    assert _rows(
        hubspot_con,
        "select activity_id, cast(occurred_at as varchar) from staging.base_raw__activities"
        " where activity_id in ('hubspot:engagement:g1:1', 'hubspot:engagement:g4:4') order by 1",
    ) == [("hubspot:engagement:g1:1", "2025-12-10 15:00:00"), ("hubspot:engagement:g4:4", "2025-12-13 09:30:00")]
    # SENT and the filtered (bot) open are counted, not scored; the NOTE is not a sales touch
    outcomes = {
        (row[0], row[1]): row[2]
        for row in _rows(
            hubspot_con, "select raw_table, outcome_reason, row_count from staging.stg_hubspot__row_outcomes"
        )
    }
    assert outcomes[("hubspot.email_event", "not_engagement")] == 1
    assert outcomes[("hubspot.email_event", "filtered_event")] == 1
    assert outcomes[("hubspot.engagement", "not_a_sales_touch")] == 1
    assert _rows(
        hubspot_con,
        "select is_known_activity_type from staging.stg_raw__activities"
        " where activity_id = 'hubspot:form_submission:c4'",
    ) == [(False,)]


def test_hubspot_statuses_map_lead_status_and_lifecycle(hubspot_con):
    assert _rows(
        hubspot_con,
        "select lead_id, status, cast(changed_at as varchar) from staging.base_raw__lead_status_history"
        " order by 1, 3",
    ) == [
        ("hubspot:1", "98765", "2025-12-13 11:00:00"),  # a custom stage id not in the seed: kept, flagged
        ("hubspot:4", "open", "2025-11-01 10:00:00"),  # hs_lead_status NEW
        # lifecycle marketingqualifiedlead (2025-12-05) is not our MQL: not emitted
        ("hubspot:4", "working", "2025-12-10 15:00:00"),  # IN_PROGRESS
        ("hubspot:4", "accepted", "2025-12-11 11:00:00"),  # custom stage 1234567, mapped by the seed's example row
        ("hubspot:4", "qualified", "2025-12-12 11:00:00"),  # lifecycle salesqualifiedlead
    ]
    # the unmapped custom stage is counted where it is read, and flagged as an unknown status downstream
    assert _rows(
        hubspot_con,
        "select row_outcome, outcome_reason, row_count from staging.stg_hubspot__row_outcomes"
        " where raw_table = 'hubspot.contact_property_history' order by 2",
    ) == [("staged", "staged", 6), ("staged", "unmapped_status_value", 1)]
    assert _rows(
        hubspot_con,
        "select status, is_known_status from staging.stg_raw__lead_status_history where lead_id = 'hubspot:1'",
    ) == [("98765", False)]


def test_hubspot_deals_become_opportunities(hubspot_con):
    assert _rows(
        hubspot_con,
        "select opportunity_id, account_id, lead_id, stage, amount_usd, cast(closed_at as varchar), is_closed,"
        " is_won, row_outcome from staging.base_raw__opportunities order by 1",
    ) == [
        ("hubspot:d1", "hubspot:12", "hubspot:4", "closed_won", 12000.0, "2025-12-20 00:00:00", True, True, "staged"),
        # open deal: HubSpot's close date is a forecast, not a close
        ("hubspot:d2", "hubspot:11", "hubspot:1", "proposal", 5000.0, None, False, False, "staged"),
    ]
    # d3 was merged into d1, d4 is soft-deleted
    assert _rows(hubspot_con, "select deal_id, rejection_reason from staging.stg_hubspot__deal_quarantine") == [
        ("d4", "deleted_in_source")
    ]
    assert _rows(hubspot_con, "select count(*) from staging.stg_hubspot__as_contract_campaign_spend") == [(0,)]


# --- Marketo beside Salesforce: one person across systems ----------------------------------------


@pytest.fixture(scope="module")
def marketo_con(tmp_path_factory):
    db = _build(
        tmp_path_factory,
        "marketo_salesforce",
        {
            "lead_funnel_sources": ["marketo", "salesforce"],
            "marketo_path": str(FIXTURES / "marketo"),
            "salesforce_path": str(FIXTURES / "salesforce"),
        },
    )
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_marketo_leads_link_to_salesforce_persons(marketo_con):
    identities = {
        (row[0], row[1]): row[2:]
        for row in _rows(
            marketo_con,
            "select source_system, source_id, person_key, link_rule from staging.stg_crm__person_identities",
        )
    }
    expected = {
        ("marketo", "101"): ("salesforce:00Q000000000001AAA", "sfdc_contact_id"),  # the converted lead's contact
        ("marketo", "102"): ("salesforce:00Q000000000002AAA", "sfdc_lead_id"),  # another email, same person
        ("marketo", "103"): ("salesforce:00Q000000000005AAA", "email"),  # no id; Salesforce's lead is earlier
        ("marketo", "104"): ("marketo:104", "self"),
        ("marketo", "105"): ("marketo:104", "merged_lead"),
        ("marketo", "106"): ("marketo:104", "merged_lead"),  # 106 into 105, then 105 into 104
        ("marketo", "110"): ("marketo:104", "merged_lead"),  # `[106, 110]`
        ("marketo", "108"): ("marketo:108", "self"),
        ("salesforce", "00Q000000000007AAA"): ("marketo:108", "email"),  # the Marketo lead is earlier
    }
    assert {key: identities[key] for key in expected} == expected


def test_one_row_per_human_in_dim_leads(marketo_con):
    assert _rows(marketo_con, "select lead_id from marts.dim_leads order by 1") == [
        ("marketo:104",),
        ("marketo:108",),
        ("salesforce:003000000000002AAA",),
        ("salesforce:00Q000000000001AAA",),
        ("salesforce:00Q000000000002AAA",),
        ("salesforce:00Q000000000005AAA",),
        ("salesforce:00Q000000000008AAA",),
    ]
    # the deleted Marketo lead (Delete Lead activity) is quarantined downstream
    assert _rows(
        marketo_con, "select rejection_reason from staging.base_raw__leads where lead_id = 'marketo:107'"
    ) == [("deleted_in_source",)]


def test_marketo_activities_count_for_the_linked_person(marketo_con):
    activities = {
        row[0]: row[1:]
        for row in _rows(
            marketo_con,
            "select activity_id, lead_id, activity_type, coalesce(rejection_reason, row_outcome)"
            " from staging.base_raw__activities where activity_id like 'marketo:%'",
        )
    }
    assert activities == {
        "marketo:1001": ("salesforce:00Q000000000001AAA", "email_open", "staged"),
        "marketo:1002": ("marketo:104", "email_open", "staged"),  # merged-away lead 106
        "marketo:1003": ("marketo:999", "email_open", "unknown_lead"),
        "marketo:2001": ("salesforce:00Q000000000002AAA", "email_click", "staged"),
        "marketo:3001": ("marketo:104", "email_bounce", "staged"),
        "marketo:4001": ("marketo:108", "unsubscribe", "staged"),
        "marketo:7001": ("marketo:104", "demo_request", "staged"),
        "marketo:7002": ("salesforce:00Q000000000005AAA", "content_download", "staged"),
        "marketo:7003": ("marketo:104", "newsletter_signup", "staged"),  # unmapped form: kept
        "marketo:8001": ("marketo:104", "pricing_page_view", "staged"),
        "marketo:8002": ("marketo:104", "page_view", "staged"),
    }  # send (5001) and delivered (6001): counted, not scored
    assert _rows(
        marketo_con,
        "select raw_table, row_count from staging.stg_marketo__row_outcomes"
        " where outcome_reason = 'not_engagement' order by 1",
    ) == [("marketo.activity_email_delivered", 1), ("marketo.activity_send_email", 1)]
    assert _rows(
        marketo_con,
        "select asset, campaign_id from staging.stg_raw__activities where activity_id = 'marketo:1001'",
    ) == [("Q4 Newsletter", "marketo:program:601")]


def test_marketo_status_changes_map(marketo_con):
    assert _rows(
        marketo_con,
        "select lead_id, status, reason from staging.base_raw__lead_status_history"
        " where lead_id like 'marketo:%' order by 1",
    ) == [("marketo:104", "working", "Changed by sales"), ("marketo:108", "accepted", "Accepted by sales")]


# --- Fivetran's own seeds -------------------------------------------------------------------------


def _fivetran_copy(target: Path) -> tuple[Path, Path]:
    """Fivetran's seeds under their table names (`contact_data.csv` -> contact.csv,
    `marketo_lead_data.csv` -> lead.csv), byte for byte."""
    hubspot, marketo = target / "hubspot", target / "marketo"
    hubspot.mkdir()
    marketo.mkdir()
    for file in fivetran_seeds("dbt_hubspot").glob("*_data.csv"):
        shutil.copyfile(file, hubspot / (file.name.removesuffix("_data.csv") + ".csv"))
    for file in fivetran_seeds("dbt_marketo").glob("marketo_*_data.csv"):
        shutil.copyfile(file, marketo / (file.name.removeprefix("marketo_").removesuffix("_data.csv") + ".csv"))
    return hubspot, marketo


@pytest.fixture(scope="module")
def fivetran_con(tmp_path_factory):
    hubspot, marketo = _fivetran_copy(tmp_path_factory.mktemp("fivetran_seeds"))
    db = _build(
        tmp_path_factory,
        "fivetran",
        {
            "lead_funnel_sources": ["hubspot", "marketo"],
            "hubspot_path": str(hubspot),
            "marketo_path": str(marketo),
            # tables the seeds do not have
            "hubspot__contact_company_enabled": False,
            "marketo__activity_fill_out_form_enabled": False,
            "marketo__activity_visit_webpage_enabled": False,
            # the seeds are independent samples (no activity matches a lead, hashed emails): the
            # data-quality monitors would rightly fail; this checks shapes, not numbers
            "monitor_error_share": {"default": 1.0},
        },
    )
    con = duckdb.connect(str(db), read_only=True)
    yield con, hubspot, marketo
    con.close()


def test_fivetran_seeds_every_row_has_an_outcome(fivetran_con):
    con, hubspot, marketo = fivetran_con
    counted = {
        row[0]: row[1]
        for row in _rows(
            con,
            "select raw_table, sum(row_count) from ("
            " select raw_table, row_count from staging.stg_hubspot__row_outcomes union all"
            " select raw_table, row_count from staging.stg_marketo__row_outcomes) group by 1",
        )
    }
    for source, folder in (("hubspot", hubspot), ("marketo", marketo)):
        for file in folder.glob("*.csv"):
            table = f"{source}.{file.stem}"
            if table not in counted:
                continue  # a table lead_funnel does not read (contact_list, deal_stage, ...)
            rows = con.execute(
                "select count(*) from read_csv(?, header = true, all_varchar = true)", [str(file)]
            ).fetchone()[0]
            assert counted[table] == rows, table
    assert len(counted) == 29  # 16 HubSpot + 13 Marketo tables read from the seeds
    # what the seeds exercise: soft deletes, a history-mode duplicate
    reasons = {
        (row[0], row[1])
        for row in _rows(
            con,
            "select raw_table, outcome_reason from staging.stg_hubspot__row_outcomes union all"
            " select raw_table, outcome_reason from staging.stg_marketo__row_outcomes",
        )
    }
    assert ("hubspot.deal_pipeline_stage", "deleted_in_source") in reasons
    assert ("marketo.email_template_history", "id_duplicate") in reasons
    # the seeds' engagement row has no time of its own: it takes its engagement_call row's (issue #14)
    assert ("hubspot.engagement", "invalid_occurred_at") not in reasons
    assert _rows(
        con,
        "select cast(occurred_at as varchar) from staging.stg_hubspot__engagement"
        " where engagement_id = '19732910159'",
    ) == [("2014-08-27 20:50:44.778",)]


def test_fivetran_seeds_meeting_times_read_as_their_instants(fivetran_con):
    """The seeds' engagement_meeting.start_time of 7 meetings is an epoch in seconds a loader read
    as milliseconds (`1970-01-19 07:11:34.800`): repaired to the meeting's instant (on the hour, as
    the other meetings), and no detail time is before min_plausible_date."""
    con, _, _ = fivetran_con
    times = dict(
        _rows(con, "select engagement_id, cast(occurred_at as varchar) from staging.base_hubspot__engagement_detail_times")
    )
    assert times["5105154709"] == "2020-02-07 17:00:00"  # 1970-01-19 07:11:34.800 in the seed
    assert times["3416212491"] == "2019-09-26 13:00:00"  # a well-formed start_time, as it is
    assert _rows(
        con,
        "select count(*), min(year(occurred_at)) > 2000 from staging.base_hubspot__engagement_detail_times",
    ) == [(102, True)]


@pytest.mark.dbt
def test_epochs_read_by_magnitude_as_utc_instants(tmp_path):
    """One macro reads an epoch number (typed or text) by magnitude; repair_misread_epoch turns a
    seconds-read-as-milliseconds 1970 timestamp back into its instant and leaves others alone.
    `dbt show --inline` on the session's parse of raw_path and as_of (conftest.parsed_once), no build."""
    sql = (
        "select v, cast({{ lead_funnel.timestamp_from_epoch_number('v') }} as varchar) as t from (values"
        " ('1583517600'), ('1583517600000'), ('1583517600.5'), ('1583517600000.0'), ('99999999999999999')) as e(v)"
        " union all select 'bigint ms', cast({{ lead_funnel.timestamp_from_epoch_number('cast(1583517600000 as bigint)') }} as varchar)"
        " union all select 'double s', cast({{ lead_funnel.timestamp_from_epoch_number('cast(1583517600 as double)') }} as varchar)"
        " union all select m, cast({{ lead_funnel.repair_misread_epoch('cast(m as timestamp)') }} as varchar) from (values"
        " ('1970-01-19 07:51:57.6'), ('1970-01-02 00:00:00'), ('1999-12-31 00:00:00'), ('2020-03-06 18:00:00')) as r(m)"
    )
    db, vars_ = tmp_path / SHARED_DB_NAME, {"raw_path": str(PROJECT_DIR / "fixtures" / "edge_cases"), "as_of": FIXTURE_AS_OF}
    result = run_dbt(["show", "--inline", sql, "--limit", "-1"], db, tmp_path / "target", vars_,
                     manifest=parsed_once(db, tmp_path / "target", vars_))
    assert result.success, failure_messages(result)
    assert {row["v"]: row["t"] for row in result.result.results[0].agate_table.rows} == {
        "1583517600": "2020-03-06 18:00:00",  # seconds
        "1583517600000": "2020-03-06 18:00:00",  # milliseconds
        "1583517600.5": "2020-03-06 18:00:00.5",
        "1583517600000.0": "2020-03-06 18:00:00",
        "99999999999999999": None,  # no epoch
        "bigint ms": "2020-03-06 18:00:00",  # a typed (Parquet, warehouse) column
        "double s": "2020-03-06 18:00:00",
        "1970-01-19 07:51:57.6": "2020-03-06 18:00:00",  # repaired
        "1970-01-02 00:00:00": "1970-01-02 00:00:00",  # as seconds before min_plausible_date: kept (implausible)
        "1999-12-31 00:00:00": "1999-12-31 00:00:00",
        "2020-03-06 18:00:00": "2020-03-06 18:00:00",
    }


def test_fivetran_seeds_reach_the_contract_pipeline(fivetran_con):
    con, _, _ = fivetran_con
    outcomes = dict(
        ((row[0], row[1]), row[2])
        for row in _rows(
            con, "select raw_table, outcome_reason, row_count from staging.stg_raw__row_outcomes"
        )
    )
    # hashed HubSpot emails fail validation; the Marketo leads (clear emails) are staged
    assert outcomes[("leads", "malformed_email")] == 19
    assert outcomes[("leads", "staged")] == 100
    # no seed activity names a lead of the seeds (Fivetran's samples are independent)
    assert outcomes[("activities", "unknown_lead")] == 406  # incl. the CALL timed by engagement_call
    assert outcomes[("activities", "missing_lead_id")] == 90  # hashed recipients match no contact
    assert _rows(con, "select count(*) from marts.dim_leads where source_system = 'marketo'") == [(100,)]
