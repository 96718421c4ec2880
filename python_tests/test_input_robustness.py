"""Input robustness (issue #15): values, numbers and times as exported, whole-file failures that
name the fix, data-quality monitors, little data, and time-zone independence.

- fixtures/input_values/: a small world of values as CRM/MAP exports spell them; every row's
  expected outcome (and staged value) is in _expected/staging_outcomes.csv.
- fixtures/hostile/<case>/: files laid over a copy of fixtures/edge_cases (and vars, in case.json);
  the on-run-start pre-flight checks must fail with the asserted message (or pass: expect null).
- fixtures/empty/<table>/: header-only files (zero leads also means zero activities and status
  changes: activities of leads that are not there fail the monitors, as they should): every model
  builds (those reading an emptied table rebuilt on a copy of the fixtures build) and its data
  tests pass.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from .conftest import (
    FIXTURE_AS_OF,
    FIXTURES_RAW,
    NO_UNIT_OR_SEED_TESTS,
    PROJECT_DIR,
    RUN_TIME_VARS,
    SHARED_DB_NAME,
    failure_messages,
    parsed_once,
    run_dbt,
)

INPUT_VALUES = PROJECT_DIR / "fixtures" / "input_values"
HOSTILE = PROJECT_DIR / "fixtures" / "hostile"
EMPTY = PROJECT_DIR / "fixtures" / "empty"
EXPECTED = list(csv.DictReader(open(INPUT_VALUES / "_expected" / "staging_outcomes.csv", encoding="utf-8")))
HOSTILE_CASES = sorted(p.name for p in HOSTILE.iterdir() if p.is_dir())
VARS = {"raw_path": str(INPUT_VALUES), "as_of": FIXTURE_AS_OF}
# input_db's build writes here (then moves the file to input.duckdb): the time-zone build, a dbt
# subprocess, reuses that build's partial parse, which holds only for the same DuckDB path and vars
INPUT_BUILD_PATH = Path("build") / "input.duckdb"


def _all_messages(result) -> str:
    messages = failure_messages(result)
    for node_result in getattr(result.result, "results", []) or []:
        messages.append(str(getattr(node_result, "message", "")))
    return "\n".join(messages)


@pytest.fixture(scope="module")
def input_db(tmp_path_factory) -> Path:
    """dbt build of fixtures/input_values (warnings allowed, no errors; no unit or seed tests: they do
    not read the data, conftest.NO_UNIT_OR_SEED_TESTS)."""
    work = tmp_path_factory.mktemp("input_values")
    built = work / INPUT_BUILD_PATH
    built.parent.mkdir()
    result = run_dbt(["build", *NO_UNIT_OR_SEED_TESTS], built, work / "target", VARS)
    assert result.success, "dbt build on input_values failed:\n" + "\n".join(failure_messages(result))
    db = work / "input.duckdb"
    built.replace(db)  # dbt closed it (checkpointed: no .wal left)
    return db


@pytest.fixture(scope="module")
def input_con(input_db):
    con = duckdb.connect(str(input_db), read_only=True)
    yield con
    con.close()


@pytest.mark.dbt
@pytest.mark.parametrize("case", EXPECTED, ids=[f"{c['raw_table']}:{c['bad_input_class']}" for c in EXPECTED])
def test_value_as_exported_has_expected_outcome(input_con, case):
    value_column = case["value_column"] or "null"
    rows = input_con.execute(
        f"""
        select row_outcome, coalesce(rejection_reason, duplicate_kind, 'staged'),
            lower(cast({value_column} as varchar))
        from staging.base_raw__{case['raw_table']}
        where cast({case['key_column']} as varchar) = ?
        """,
        [case["key_value"]],
    ).fetchall()
    assert rows, f"no raw row matched {case}"
    expected_value = case["expected_value"].lower() if case["value_column"] else None
    assert (case["row_outcome"], case["outcome_reason"], expected_value) in rows, rows


@pytest.mark.dbt
def test_staged_activities_count_as_their_canonical_type(input_con):
    """`Demo Request` as exported scores as a demo request: the MQL counts do not drop silently."""
    assert input_con.execute(
        "select count(*) from staging.stg_raw__activities where activity_type = 'demo_request'"
    ).fetchone() == (4,)
    assert input_con.execute(
        "select count(*) from staging.stg_raw__activities where not is_known_activity_type"
    ).fetchone() == (1,)


@pytest.mark.dbt
def test_monitor_warnings_are_stored_with_table_reason_and_share(input_con):
    """The warn-level monitors return rows that name the table, the reason and the share."""
    tables = [
        name
        for (name,) in input_con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_name like 'monitor_%warn'"
        ).fetchall()
    ]
    assert tables, "no stored monitor warnings"
    messages = [
        message
        for table in tables
        for (message,) in input_con.execute(f"select message from {table}").fetchall()
    ]
    assert any(
        m.startswith("lead_funnel monitor (warn): 18.2% of activities raw rows (2 of 11) are unsupported_time_zone")
        for m in messages
    ), messages
    assert any("of activities staged rows (1 of 8) are unknown activity_type" in m for m in messages), messages


@pytest.mark.dbt
def test_decimal_separator_var(tmp_path):
    """decimal_separator ',' reads European exports; thousands must group by three."""
    values = ["21.800,00", "1.234,50", "21.800", "12,5", "$1.000", "1,2,3"]
    sql = (
        "select v, {{ lead_funnel.parse_number('v') }} as n from (values "
        + ", ".join(f"('{v}')" for v in values)
        + ") as t(v)"
    )
    # on the session's parse of raw_path and as_of (conftest.parsed_once): the macro reads the var
    # when dbt show compiles the inline SQL, as the European values below prove
    db = tmp_path / SHARED_DB_NAME
    result = run_dbt(
        ["show", "--inline", sql, "--limit", "-1"],
        db,
        tmp_path / "target",
        {**VARS, "decimal_separator": ","},
        manifest=parsed_once(db, tmp_path / "target", VARS),
    )
    assert result.success, failure_messages(result)
    table = result.result.results[0].agate_table
    parsed = {row["v"]: (None if row["n"] is None else float(row["n"])) for row in table.rows}
    assert parsed == {
        "21.800,00": 21800.0,
        "1.234,50": 1234.5,
        "21.800": 21800.0,
        "12,5": 12.5,
        "$1.000": 1000.0,
        "1,2,3": None,
    }


@pytest.fixture(scope="module")
def hook_target(tmp_path_factory):
    """One target path for the hostile cases and the escaped raw_path."""
    return tmp_path_factory.mktemp("hostile_target")


@pytest.fixture(scope="module")
def hostile_raw(tmp_path_factory):
    """One raw_path and DuckDB path for every hostile case (each lays its files over a fresh copy,
    in a new file)."""
    return tmp_path_factory.mktemp("hostile") / "raw"


def _hook_run(db: Path, target: Path, variables: dict):
    """`dbt seed` of one small seed: the on-run-start hook (the pre-flight checks) runs before any
    node. On parsed_once's parse of DuckDB file name "w" (the zero-row and monitor builds' too):
    the hook reads raw_path and as_of at run time, so a case's own raw_path/as_of need no parse of
    their own (a cold parse each was ~25 CPU s; a partial one ~5)."""
    parse_vars = {"raw_path": str(FIXTURES_RAW), "as_of": FIXTURE_AS_OF,
                  **{k: v for k, v in variables.items() if k not in RUN_TIME_VARS}}
    return run_dbt(["seed", "--select", "timezone_abbreviations"], db, target, variables,
                   manifest=parsed_once(db, target, parse_vars))


@pytest.mark.dbt
@pytest.mark.parametrize("case", HOSTILE_CASES)
def test_hostile_file_fails_before_any_model_naming_the_fix(tmp_path, hook_target, hostile_raw, case):
    spec = json.loads((HOSTILE / case / "case.json").read_text())
    raw, db = hostile_raw, hostile_raw.parent / "w.duckdb"
    shutil.rmtree(raw, ignore_errors=True)
    for stale in (db, Path(f"{db}.wal")):
        stale.unlink(missing_ok=True)
    shutil.copytree(FIXTURES_RAW, raw, ignore=shutil.ignore_patterns("_expected"))
    for overlay in (HOSTILE / case).iterdir():
        if overlay.name != "case.json":
            shutil.copy(overlay, raw / overlay.name)
    result = _hook_run(db, hook_target, {"raw_path": str(raw), "as_of": FIXTURE_AS_OF, **spec.get("vars", {})})
    message = _all_messages(result)
    if spec["expect"] is None:
        assert result.success, message
        return
    assert not result.success, f"{spec['class']}: the run did not fail"
    for expected in spec["expect"]:
        assert expected in message, f"{spec['class']}: {expected!r} not in\n{message}"


@pytest.mark.dbt
def test_raw_path_with_quotes_spaces_and_brackets(tmp_path, hook_target):
    raw = tmp_path / "O'Brien's exports [2026] & more"
    shutil.copytree(FIXTURES_RAW, raw, ignore=shutil.ignore_patterns("_expected"))
    db = tmp_path / "w.duckdb"
    result = _hook_run(db, hook_target, {"raw_path": str(raw), "as_of": FIXTURE_AS_OF})
    assert result.success, _all_messages(result)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from raw.accounts").fetchone()[0] > 0
    finally:
        con.close()


def _activities_world(tmp_path, rows: list[tuple[str, str, str]]) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(INPUT_VALUES, raw, ignore=shutil.ignore_patterns("_expected"))
    with open(raw / "activities.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["activity_id", "lead_id", "activity_type", "occurred_at", "asset", "campaign_id"])
        for i, (activity_type, occurred_at, lead_id) in enumerate(rows):
            writer.writerow([f"M{i:03d}", lead_id, activity_type, occurred_at, "", "VCMP1"])
    return raw


MONITOR_SELECT = ["--select", "base_raw__activities", "stg_raw__row_outcomes", "--full-refresh"]


@pytest.mark.dbt
def test_monitor_fails_the_build_when_all_activities_are_quarantined(tmp_path, input_db):
    raw = _activities_world(tmp_path, [("page_view", f"10/01/2026 {h:02d}h", "V_L01") for h in range(20)])
    db = tmp_path / "w.duckdb"
    shutil.copy(input_db, db)
    variables = {**VARS, "raw_path": str(raw)}
    result = run_dbt(["build", *MONITOR_SELECT], db, tmp_path / "target", variables,
                     manifest=parsed_once(db, tmp_path / "target", variables))
    assert not result.success
    message = _all_messages(result)
    assert (
        "lead_funnel monitor (error): 100.0% of activities raw rows (20 of 20) are invalid_occurred_at, "
        "above the error threshold of 20.0%"
    ) in message, message


@pytest.mark.dbt
def test_monitor_warns_on_two_percent_unknown_types(tmp_path, input_db):
    rows = [("Page View" if i else "Carrier Pigeon", f"2026-01-10 10:{i:02d}:00", "V_L01") for i in range(50)]
    raw = _activities_world(tmp_path, rows)
    db = tmp_path / "w.duckdb"
    shutil.copy(input_db, db)
    variables = {**VARS, "raw_path": str(raw)}
    result = run_dbt(["build", *MONITOR_SELECT], db, tmp_path / "target", variables,
                     manifest=parsed_once(db, tmp_path / "target", variables))
    assert result.success, _all_messages(result)
    statuses = {r.node.name: str(r.status) for r in result.result.results}
    assert statuses["monitor_unknown_activity_type_share_activities_warn"] == "warn"
    assert statuses["monitor_unknown_activity_type_share_activities_error"] == "pass"
    con = duckdb.connect(str(db), read_only=True)
    try:
        (table,) = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_name = 'monitor_unknown_activity_type_share_activities_warn'"
        ).fetchone()
        assert con.execute(f"select message from {table}").fetchall() == [
            (
                "lead_funnel monitor (warn): 2.0% of activities staged rows (1 of 50) are unknown "
                "activity_type, above the warn threshold of 1.0% (var monitor_warn_share)",
            )
        ]
    finally:
        con.close()


@pytest.mark.dbt
@pytest.mark.slow
@pytest.mark.parametrize("table", sorted(p.name for p in EMPTY.iterdir() if p.is_dir()))
def test_zero_rows_of_a_table_build_every_model(tmp_path, fixture_db, table):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES_RAW, raw, ignore=shutil.ignore_patterns("_expected"))
    emptied = []
    for header_only in (EMPTY / table).iterdir():  # zero leads: no activities or statuses either
        shutil.copy(header_only, raw / header_only.name)
        emptied.append(header_only.name.split(".")[0])
    # On a copy of the fixtures build (the same raw files but the emptied ones, the same as_of):
    # every model that reads an emptied table, directly or not, rebuilt from scratch (--full-refresh:
    # the incremental ones too) with every data test on it (eager: also a test that reads an
    # unselected model); the other models read none of those tables, so they are the fixtures
    # build's, whose tests make test-dbt-fixtures ran (unit tests: they do not read the data). One
    # parse for the three tables and the monitor worlds (same DuckDB file name "w", vars differing
    # in raw_path only).
    db = tmp_path / "w.duckdb"
    shutil.copy(fixture_db, db)
    variables = {"raw_path": str(raw), "as_of": FIXTURE_AS_OF}
    selection = ["--select", *(f"source:raw.{name}+" for name in sorted(emptied)), "--full-refresh",
                 "--exclude", "resource_type:unit_test"]
    result = run_dbt(["build", *selection], db, tmp_path / "target", variables,
                     manifest=parsed_once(db, tmp_path / "target", variables))
    assert result.success, "\n".join(failure_messages(result))
    con = duckdb.connect(str(db), read_only=True)
    try:
        if table == "leads":
            assert con.execute("select count(*) from marts.dim_leads_predicted").fetchone() == (0,)
            assert con.execute("select count(*) from marts.dim_leads").fetchone() == (0,)
        else:
            assert con.execute("select count(*) from marts.dim_leads").fetchone()[0] > 0
    finally:
        con.close()


def _mart_tables(con) -> list[str]:
    return [
        f"{schema}.{name}"
        for schema, name in con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database() and table_schema = 'marts' order by 1, 2"
        ).fetchall()
    ]


@pytest.mark.dbt
@pytest.mark.slow
def test_marts_do_not_depend_on_the_machine_time_zone(tmp_path, input_db):
    """The same fixtures built by a dbt process under TZ=America/New_York give identical marts
    (input_values holds offsets, abbreviations, named zones, epochs and a TIMESTAMPTZ Parquet
    column: lead_status_history.parquet)."""
    # input_db's build path (vacated: its file is input_db now) and its partial parse: the same
    # profile and vars, so the subprocess parses nothing again (a cold parse is ~25 CPU s)
    db = input_db.parent / INPUT_BUILD_PATH
    assert not db.exists()
    (tmp_path / "target").mkdir()
    shutil.copy2(input_db.parent / "target" / "partial_parse.msgpack", tmp_path / "target")
    env = {**os.environ, "TZ": "America/New_York", "DUCKDB_PATH": str(db), "DBT_PROFILES_DIR": str(PROJECT_DIR)}
    completed = subprocess.run(
        [
            str(PROJECT_DIR / ".venv" / "bin" / "dbt"), "build", "--exclude", "resource_type:test",
            "resource_type:unit_test", "--target-path", str(tmp_path / "target"),
            "--vars", json.dumps(VARS),
        ],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout[-4000:]
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute(f"attach '{input_db}' as utc (read_only)")
        tables = _mart_tables(con)
        assert len(tables) >= 10, tables
        differing = []
        for table in tables:
            diff = con.execute(
                f"select count(*) from ((select * from {table} except all select * from utc.{table}) "
                f"union all (select * from utc.{table} except all select * from {table}))"
            ).fetchone()[0]
            if diff:
                differing.append(f"{table}: {diff} rows differ")
        assert not differing, differing
    finally:
        con.close()


@pytest.mark.dbt
def test_run_summary_prints_the_monitor_warnings(input_db):
    from lead_funnel.summary import summarise

    text = summarise(str(input_db))
    assert "Data-quality warnings" in text
    assert "% of activities staged rows (1 of 8) are unknown activity_type" in text, text
    assert "deleted_in_source" not in text.split("Data-quality warnings")[1], "a soft delete is not a quality issue"
