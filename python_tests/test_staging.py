"""Staging: every raw row is staged, quarantined with a reason, or counted as a duplicate.

Each bad-input class has a fixture row in fixtures/edge_cases and an expected outcome in
fixtures/edge_cases/_expected/staging_outcomes.csv.
"""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest

from .conftest import FIXTURE_AS_OF, FIXTURES_RAW, failure_messages, parsed_once, run_dbt

RAW_TABLES = ["accounts", "leads", "activities", "opportunities", "lead_status_history", "campaign_spend"]
EXPECTED = list(csv.DictReader(open(FIXTURES_RAW / "_expected" / "staging_outcomes.csv")))


@pytest.mark.dbt
@pytest.mark.parametrize("case", EXPECTED, ids=[f"{c['raw_table']}:{c['bad_input_class']}" for c in EXPECTED])
def test_bad_input_has_named_outcome(fixture_con, case):
    rows = fixture_con.execute(
        f"""
        select row_outcome, coalesce(rejection_reason, duplicate_kind, 'staged')
        from staging.base_raw__{case['raw_table']}
        where cast({case['key_column']} as varchar) = ?
        """,
        [case["key_value"]],
    ).fetchall()
    assert rows, f"no raw row matched {case}"
    assert (case["row_outcome"], case["outcome_reason"]) in rows


@pytest.mark.dbt
@pytest.mark.parametrize("raw_table", RAW_TABLES)
def test_every_raw_row_is_accounted_for(fixture_con, raw_table):
    raw_rows = fixture_con.execute(
        f"select count(*) from read_csv('{FIXTURES_RAW / raw_table}.csv', header = true, "
        "all_varchar = true, quote = '\"', escape = '\"', max_line_size = 16777216)"
    ).fetchone()[0]
    staged = fixture_con.execute(f"select count(*) from staging.stg_raw__{raw_table}").fetchone()[0]
    quarantined = fixture_con.execute(
        f"select count(*) from staging.stg_raw__{raw_table}_quarantine"
    ).fetchone()[0]
    summary = dict(
        fixture_con.execute(
            "select row_outcome, sum(row_count) from staging.stg_raw__row_outcomes "
            "where raw_table = ? group by 1",
            [raw_table],
        ).fetchall()
    )
    assert raw_rows == staged + quarantined + summary.get("duplicate", 0)
    assert summary.get("staged", 0) == staged
    assert summary.get("quarantined", 0) == quarantined


@pytest.mark.dbt
def test_normalisation(fixture_con):
    lead = dict(
        zip(
            ["email", "email_domain", "lead_source", "is_known_lead_source"],
            fixture_con.execute(
                "select email, email_domain, lead_source, is_known_lead_source "
                "from staging.stg_raw__leads where lead_id = 'L010'"
            ).fetchone(),
        )
    )
    assert lead == {
        "email": "tok@acme-software.com",
        "email_domain": "acme-software.com",
        "lead_source": "tiktok",
        "is_known_lead_source": False,
    }
    assert fixture_con.execute(
        "select domain from staging.stg_raw__accounts where account_id = 'A001'"
    ).fetchone() == ("acme-software.com",)
    # text timestamps with an offset are converted to UTC
    assert str(
        fixture_con.execute(
            "select occurred_at from staging.stg_raw__activities where activity_id = 'ACT_TZ'"
        ).fetchone()[0]
    ) == "2026-01-05 11:45:10"
    # the latest updated_at wins among duplicate lead_ids
    assert fixture_con.execute(
        "select job_title from staging.stg_raw__leads where lead_id = 'L002'"
    ).fetchone() == ("VP Revenue Operations",)
    # same person, differently cased/padded email: flagged, pointing at the earlier lead
    assert fixture_con.execute(
        "select duplicate_of_lead_id from staging.stg_raw__leads where lead_id = 'L004'"
    ).fetchone() == ("L003",)
    # quoted newline survives the CSV reader; a 1 MB title is truncated, not dropped
    assert fixture_con.execute(
        "select company_name from staging.stg_raw__leads where lead_id = 'L012'"
    ).fetchone() == ("Initech\nLabs, Inc.",)
    assert fixture_con.execute(
        "select length(job_title), has_truncated_text from staging.stg_raw__leads where lead_id = 'L011'"
    ).fetchone() == (1000, True)


@pytest.fixture(scope="module")
def broken_raw(tmp_path_factory):
    """One raw_path, DuckDB path and target for the broken-file cases; their runs share one parse
    (conftest.parsed_once), as does the conservation case (a file of the same name)."""
    work = tmp_path_factory.mktemp("broken_raw")
    return work / "raw", work / "w.duckdb", work / "target"


def _copy_fixtures(raw, db):
    shutil.rmtree(raw, ignore_errors=True)
    for stale in (db, db.parent / f"{db.name}.wal"):
        stale.unlink(missing_ok=True)
    shutil.copytree(FIXTURES_RAW, raw, ignore=shutil.ignore_patterns("_expected"))
    return raw


@pytest.mark.dbt
def test_missing_raw_file_fails_naming_the_file(broken_raw):
    raw, db, target = broken_raw
    _copy_fixtures(raw, db)
    (raw / "activities.csv").unlink()
    vars_ = {"raw_path": str(raw), "as_of": FIXTURE_AS_OF}
    result = run_dbt(["build"], db, target, vars_, manifest=parsed_once(db, target, vars_))
    assert not result.success
    message = "\n".join(failure_messages(result))
    assert "activities.parquet" in message and "activities.csv" in message, message


@pytest.mark.dbt
def test_unreadable_raw_file_fails_naming_the_file(broken_raw):
    raw, db, target = broken_raw
    _copy_fixtures(raw, db)
    (raw / "leads.csv").unlink()
    (raw / "leads.parquet").write_bytes(b"this is not parquet at all")
    vars_ = {"raw_path": str(raw), "as_of": FIXTURE_AS_OF}
    result = run_dbt(["build"], db, target, vars_, manifest=parsed_once(db, target, vars_))
    assert not result.success
    message = "\n".join(failure_messages(result))
    assert "leads.parquet" in message, message


@pytest.mark.dbt
def test_conservation_test_fails_when_a_row_goes_missing(fixture_db, tmp_path):
    """The reconciliation data test is real: drop one staged row and it must fail."""
    broken = tmp_path / "w.duckdb"  # broken_raw's file name: the run reuses its parse
    shutil.copy(fixture_db, broken)
    con = duckdb.connect(str(broken))
    con.execute(
        "delete from staging.base_raw__activities where raw_row_id = "
        "(select min(raw_row_id) from staging.base_raw__activities where row_outcome = 'staged')"
    )
    con.close()
    vars_ = {"raw_path": str(FIXTURES_RAW), "as_of": FIXTURE_AS_OF}
    result = run_dbt(["test", "--select", "stg_raw__activities,test_name:conserves_raw_rows"], broken,
                     tmp_path / "target", vars_, manifest=parsed_once(broken, tmp_path / "target", vars_))
    assert not result.success
    # the test ran and FAILED on the missing row (an error, e.g. a compilation error, is not a proof)
    messages = failure_messages(result)
    assert any("conserves_raw_rows" in m and ": fail " in m for m in messages), messages
