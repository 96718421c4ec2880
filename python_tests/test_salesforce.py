"""The Salesforce connector (issue #13, README "Connectors"): the hand-written Salesforce-shaped
fixture (fixtures/salesforce) built with `lead_funnel_sources: [salesforce]` gives the right
persons, statuses, opportunities and touches; the same tables with Airbyte's API column names
build alike; Fivetran's own seeds build with every row accounted for.

The fixture's build is a whole `dbt build` but for the unit and seed tests (they do not read the data;
~1 min here; in make test the models only: test-integration has run the data tests on the same
fixture); the Airbyte and Fivetran builds build what their tests read: the staging and
dim_leads with its upstream, with those models' data tests (~30 s each). Hence `slow`.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import (
    FIXTURE_AS_OF,
    NO_UNIT_OR_SEED_TESTS,
    PROJECT_DIR,
    failure_messages,
    fivetran_seeds,
    only,
    parsed_once,
    run_dbt,
)

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

SALESFORCE_FIXTURE = PROJECT_DIR / "fixtures" / "salesforce"
OPTIONAL_TABLES = ["lead_history", "campaign", "campaign_member", "opportunity_contact_role", "task", "event"]

L1, L2, L3, L5, L7, L8 = (f"00Q00000000000{n}AAA" for n in (1, 2, 3, 5, 7, 8))
C1, C2 = "003000000000001AAA", "003000000000002AAA"


def sf(record_id: str) -> str:
    return f"salesforce:{record_id}"


# what the Airbyte and Fivetran tests read: the staging (and its seeds), dim_leads and its upstream
STAGING_AND_DIM_LEADS = only("+path:models/staging", "+dim_leads")


def build(tmp_path: Path, salesforce_path: Path, selection: list[str] = NO_UNIT_OR_SEED_TESTS,
          **extra_vars) -> duckdb.DuckDBPyConnection:
    # the file name and vars of test_salesforce_shape's Salesforce build (salesforce_path and as_of
    # are read at run time): without extra vars, the two share one parse (conftest.parsed_once)
    db = tmp_path / "warehouse.duckdb"
    vars_ = {
        "lead_funnel_sources": ["salesforce"],
        "salesforce_path": str(salesforce_path),
        "as_of": FIXTURE_AS_OF,
        **extra_vars,
    }
    manifest = None if extra_vars else parsed_once(db, tmp_path / "target", vars_)
    result = run_dbt(["build", *selection], db, tmp_path / "target", vars_, manifest=manifest)
    assert result.success, "dbt build failed:\n" + "\n".join(failure_messages(result))
    return duckdb.connect(str(db), read_only=True)


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def csv_row_counts(folder: Path) -> dict[str, int]:
    counts = {}
    for path in folder.glob("*.csv"):
        with path.open(newline="", encoding="utf-8-sig") as handle:
            counts[path.stem] = sum(1 for _ in csv.DictReader(handle))
    return counts


def assert_every_row_has_an_outcome(con, folder: Path) -> None:
    outcomes = dict(rows(con, """
        select replace(raw_table, 'salesforce.', ''), sum(row_count)
        from staging.stg_salesforce__row_outcomes group by 1
    """))
    assert outcomes == csv_row_counts(folder)


# make test sets this: its test-integration stage has just built the same fixture with the same vars
# (lead_funnel as a package: lead_funnel_sources [salesforce], salesforce_path fixtures/salesforce,
# the same as_of) and run every data test (and unit test) on it; the fixture's build here then
# builds what the tests below read, the seeds and models, and leaves the data tests to that stage
# (1,085 tests there; here 126 -> 67 CPU s). Without it (make test-python, a lone pytest) they run here.
DATA_TESTS_RUN_BY_INTEGRATION = os.environ.get("LEAD_FUNNEL_SALESFORCE_TESTED_BY_INTEGRATION") == "1"
# then only the models the tests below read and their upstream (that stage builds every model too)
MODELS_READ = ["--select", "+path:models/staging", "+dim_leads", "+fct_lead_funnel",
               "--exclude-resource-type", "test", "unit_test"]


@pytest.fixture(scope="module")
def fixture_con(tmp_path_factory):
    con = build(tmp_path_factory.mktemp("salesforce_fixture"), SALESFORCE_FIXTURE,
                MODELS_READ if DATA_TESTS_RUN_BY_INTEGRATION else NO_UNIT_OR_SEED_TESTS)
    yield con
    con.close()


def test_persons_one_per_human(fixture_con):
    leads = {row[0]: row[1:] for row in rows(fixture_con, """
        select lead_id, source_system, crm_lead_id, crm_contact_id from marts.dim_leads
    """)}
    # converted lead + its contact: one person keyed by the lead; a contact without a lead (and
    # the lead later converted into it) keyed by the contact; merged and deleted records are no person
    assert leads == {
        sf(L1): ("salesforce", L1, C1),
        sf(L2): ("salesforce", L2, None),
        sf(L5): ("salesforce", L5, None),
        sf(L7): ("salesforce", L7, None),
        sf(L8): ("salesforce", L8, None),
        sf(C2): ("salesforce", None, C2),
    }
    identities = dict(rows(fixture_con, "select source_id, person_key from staging.stg_salesforce__person_identities"))
    assert identities["00Q000000000003AAA"] == sf(L2)  # merged into L2
    assert identities["00Q000000000006AAA"] == sf(C2)  # converted into an older contact
    assert identities["003000000000003AAA"] == sf(C2)  # merged into C2
    assert identities[C1] == sf(L1)
    quarantined = dict(rows(fixture_con, "select id, rejection_reason from staging.stg_salesforce__lead_quarantine"))
    assert quarantined == {"00Q000000000003AAA": "merged_into_master", "00Q000000000004AAA": "deleted_in_source"}


def test_lead_source_mapped_unknown_kept_and_flagged(fixture_con):
    sources = dict(rows(fixture_con, "select lead_id, lead_source from staging.stg_raw__leads"))
    assert sources[sf(L1)] == "direct"  # Web
    assert sources[sf(L2)] == "trade_show"
    assert sources[sf(L7)] == "paid_search"  # Advertisement
    assert sources[sf(L8)] == "event"  # Seminar - Partner
    assert sources[sf(C2)] == "referral"  # the contact's Employee Referral
    known = dict(rows(fixture_con, "select lead_id, is_known_lead_source from staging.stg_raw__leads"))
    assert sources[sf(L5)] == "podcast" and known[sf(L5)] is False


def test_touches_count_for_the_person_at_the_right_time(fixture_con):
    activities = {row[0]: row[1:] for row in rows(fixture_con, """
        select activity_id, lead_id, activity_type, occurred_at from staging.stg_raw__activities
    """)}
    ts = datetime.fromisoformat
    assert activities == {
        # registered (did not respond): at creation
        sf("00v000000000001AAA"): (sf(L2), "webinar_registered", ts("2025-11-05 10:00:00")),
        # registrant updated to Attended: last_modified_date falls on first_responded_date
        sf("00v000000000002AAA"): (sf(L1), "webinar_attended", ts("2025-11-20 15:30:00")),
        # web form: responded the day it was created
        sf("00v000000000003AAA"): (sf(L5), "demo_request", ts("2025-12-05 14:00:00")),
        # responded on another day than created/modified: the date at 00:00 (flagged)
        sf("00v000000000004AAA"): (sf(C2), "content_download", ts("2025-10-03 00:00:00")),
        sf("00v000000000006AAA"): (sf(L2), "email_click", ts("2025-12-02 09:00:00")),
        # the merged lead's registration counts for its master
        sf("00v000000000008AAA"): (sf(L2), "webinar_registered", ts("2025-11-06 10:00:00")),
        # a call logged on the contact counts for the person who started as the lead
        sf("00T000000000001AAA"): (sf(L1), "sales_call", ts("2025-11-11 10:00:00")),
        # no completed time: activity_date at 00:00 (flagged)
        sf("00T000000000002AAA"): (sf(L2), "sales_email", ts("2025-11-03 00:00:00")),
        sf("00U000000000001AAA"): (sf(L2), "meeting_held", ts("2025-11-15 14:00:00")),
    }
    date_only = dict(rows(fixture_con, "select source_id, is_date_only from staging.stg_salesforce__activities"))
    assert date_only["00v000000000004AAA"] and date_only["00T000000000002AAA"]
    assert not date_only["00v000000000002AAA"]
    # a Sent member and a to-do are kept, flagged, not activities; a call on an unknown id is quarantined
    not_activities = {r[0] for r in rows(fixture_con, "select source_id from staging.stg_salesforce__activities where not is_activity")}
    assert not_activities == {"00v000000000005AAA", "00T000000000003AAA"}
    assert rows(fixture_con, "select activity_id, rejection_reason from staging.stg_raw__activities_quarantine") == [
        (sf("00T000000000004AAA"), "unknown_lead")
    ]


def test_status_history(fixture_con):
    history = rows(fixture_con, f"""
        select status, changed_at from staging.stg_raw__lead_status_history
        where lead_id = '{sf(L1)}' order by changed_at
    """)
    ts = datetime.fromisoformat
    assert history == [
        ("open", ts("2025-10-01 09:00:00")),  # status at creation: the first change's old value
        ("working", ts("2025-10-05 10:00:00")),
        ("accepted", ts("2025-11-09 09:00:00")),  # SAL
        ("qualified", ts("2025-11-10 00:00:00")),  # converted_date: history never said qualified
    ]
    assert rows(fixture_con, f"select status from staging.stg_raw__lead_status_history where lead_id = '{sf(L7)}'") == [
        ("nurture",)
    ]


def test_opportunities(fixture_con):
    opportunities = {row[0]: row[1:] for row in rows(fixture_con, """
        select opportunity_id, lead_id, stage, closed_at, is_won from staging.stg_raw__opportunities
    """)}
    ts = datetime.fromisoformat
    assert opportunities == {
        # no contact role: the lead converted into it; close_date is the won date
        sf("006000000000001AAA"): (sf(L1), "closed_won", ts("2025-12-20 00:00:00"), True),
        # only non-primary roles: the earliest
        sf("006000000000002AAA"): (sf(C2), "negotiation", None, False),
        # closed the day it was created: not "closed before created"
        sf("006000000000003AAA"): (None, "closed_lost", ts("2025-12-10 15:00:00"), False),
        # the primary role wins over an earlier one
        sf("006000000000004AAA"): (sf(L1), "proposal", None, False),
    }
    assert rows(fixture_con, "select id, rejection_reason from staging.stg_salesforce__opportunity_quarantine") == [
        ("006000000000005AAA", "deleted_in_source")
    ]
    won = rows(fixture_con, f"select won_at is not null from marts.fct_lead_funnel where lead_id = '{sf(L1)}'")
    assert won == [(True,)]


def test_spend_spread_over_the_campaign(fixture_con):
    spend = rows(fixture_con, """
        select campaign_id, lead_source, count(*), round(sum(amount_usd), 6), round(max(amount_usd), 6)
        from staging.stg_raw__campaign_spend group by 1, 2 order by 1
    """)
    assert spend == [
        (sf("701000000000001AAA"), "webinar", 30, 3000.0, 100.0),
        (sf("701000000000003AAA"), "outbound", 1, 100.0, 100.0),
        (sf("701000000000004AAA"), "other", 10, 500.0, 50.0),  # type Other: kept, flagged unknown
    ]


def test_every_fixture_row_has_an_outcome(fixture_con):
    assert_every_row_has_an_outcome(fixture_con, SALESFORCE_FIXTURE)


def api_name(column: str) -> str:
    """created_date -> CreatedDate, the API names Airbyte keeps (Fivetran's own columns stay)."""
    if column.startswith("_"):
        return column
    return "".join(part.capitalize() for part in column.split("_"))


def test_airbyte_api_names_and_lossy_status_without_lead_history(tmp_path, fixture_con):
    folder = tmp_path / "airbyte"
    folder.mkdir()
    for path in SALESFORCE_FIXTURE.glob("*.csv"):
        if path.stem == "lead_history":
            continue
        lines = path.read_text().splitlines(keepends=True)
        header = ",".join(api_name(c) for c in lines[0].strip().split(","))
        (folder / path.name).write_text(header + "\n" + "".join(lines[1:]))
    con = build(tmp_path, folder, STAGING_AND_DIM_LEADS, salesforce__lead_history_enabled=False)
    try:
        query = "select lead_id, crm_lead_id, crm_contact_id, account_id from marts.dim_leads order by 1"
        assert rows(con, query) == rows(fixture_con, query)
        query = "select activity_id, lead_id, activity_type, occurred_at from staging.stg_raw__activities order by 1"
        assert rows(con, query) == rows(fixture_con, query)
        lossy = rows(con, f"""
            select status, changed_at, is_lossy, status_origin from staging.stg_salesforce__lead_statuses
            where lead_id = '{sf(L2)}'
        """)
        assert lossy == [("working", datetime.fromisoformat("2025-11-03 09:00:00"), True, "current")]
    finally:
        con.close()


def test_fivetran_seeds_build_with_every_row_accounted_for(tmp_path):
    folder = tmp_path / "fivetran"
    folder.mkdir()
    for path in fivetran_seeds("dbt_salesforce").glob("sf_*_data.csv"):
        table = re.fullmatch(r"sf_(.+)_data", path.stem).group(1)
        if table.endswith("_history"):  # Fivetran history mode: not read
            continue
        shutil.copyfile(path, folder / f"{table}.csv")  # the originals stay untouched
    missing = [t for t in OPTIONAL_TABLES if not (folder / f"{t}.csv").exists()]
    assert set(missing) == {"lead_history", "campaign", "campaign_member", "opportunity_contact_role"}
    # scrambled values (base64 lead sources, statuses): the unknown-value monitors warn, as they
    # should; their error level is lifted so the build proves the connector, not the data
    con = build(
        tmp_path, folder, STAGING_AND_DIM_LEADS, monitor_error_share={"default": 1.0},
        **{f"salesforce__{t}_enabled": False for t in missing},
    )
    try:
        assert_every_row_has_an_outcome(con, folder)
        assert rows(con, "select count(*) from marts.dim_leads")[0][0] >= 1
    finally:
        con.close()
