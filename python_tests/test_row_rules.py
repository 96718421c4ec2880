"""tests/generic/row_rules.sql (issue #18): one scan of a view checks its unique key, not_null
columns, accepted values and SQL expressions. On a view broken once per kind of rule, the test
fails with one row per broken key, and `failed_rules` names each rule and column that failed."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from .conftest import FIXTURE_AS_OF, FIXTURES_RAW, failure_messages, parsed_once, run_dbt

pytestmark = pytest.mark.dbt

# int_lead_funnel_stages, three leads broken (lead_id order): lead 1 loses lead_at, lead 2 gets an
# entry_path outside the accepted values, lead 3 appears twice
BREAK_FUNNEL_STAGES = """
create view intermediate.int_lead_funnel_stages as
with ranked as (
    select *, row_number() over (order by lead_id) as n from intermediate.int_lead_funnel_stages_ok
)
select * exclude (n) replace (
    case when n = 1 then null else lead_at end as lead_at,
    case when n = 2 then 'bogus' else entry_path end as entry_path
)
from ranked
union all
select * exclude (n) from ranked where n = 3
"""

# int_aql_account_contacts (a table, not downstream of the view above): every contact becomes a free-mail
# lead, an email type var aql_excluded_email_types excludes (expression rule)
BREAK_ACCOUNT_CONTACTS = """
create view intermediate.int_aql_account_contacts as
select * replace ('free_mail' as email_type) from intermediate.int_aql_account_contacts_ok
"""


def test_row_rules_fail_on_a_broken_view_naming_rule_and_column(fixture_db, tmp_path):
    db = tmp_path / fixture_db.name  # same file name: the same database name in every relation
    shutil.copy2(fixture_db, db)
    with duckdb.connect(str(db)) as con:
        for view, broken in (("int_lead_funnel_stages", BREAK_FUNNEL_STAGES), ("int_aql_account_contacts", BREAK_ACCOUNT_CONTACTS)):
            # a view or (int_aql_account_contacts since session 18) a table: renamed either way
            kind = con.execute("select count(*) from duckdb_views() where schema_name = 'intermediate' "
                               "and view_name = ?", [view]).fetchone()[0]
            con.execute(f"alter {'view' if kind else 'table'} intermediate.{view} rename to {view}_ok")
            con.execute(broken)
        first_leads = [row[0] for row in con.execute(
            "select lead_id from intermediate.int_lead_funnel_stages_ok order by lead_id limit 3").fetchall()]
        contacts = con.execute("select count(*) from intermediate.int_aql_account_contacts_ok").fetchone()[0]
    assert len(first_leads) == 3 and contacts > 0

    target = tmp_path / "target"
    vars_ = {"raw_path": str(FIXTURES_RAW), "as_of": FIXTURE_AS_OF}
    result = run_dbt(["test", "--select", "test_name:row_rules,int_lead_funnel_stages", "test_name:row_rules,int_aql_account_contacts"],
                     db, target, vars_, manifest=parsed_once(db, target, vars_))
    assert result.exception is None, failure_messages(result)
    tests = {r.node.attached_node.split(".")[-1]: r for r in result.result.results if r.node.resource_type == "test"}
    assert set(tests) == {"int_lead_funnel_stages", "int_aql_account_contacts"}
    assert {name: str(r.status) for name, r in tests.items()} == {name: "fail" for name in tests}

    with duckdb.connect(str(db), read_only=True) as con:
        stages = dict(con.execute(
            f"select lead_id, failed_rules from ({tests['int_lead_funnel_stages'].node.compiled_code}) as failures"
        ).fetchall())
        excluded = con.execute(
            f"select distinct failed_rules from ({tests['int_aql_account_contacts'].node.compiled_code}) as failures"
        ).fetchall()
    assert stages == {
        first_leads[0]: "not_null(lead_at); ",
        first_leads[1]: "accepted_values(entry_path); ",
        first_leads[2]: "unique(lead_id); ",
    }
    assert tests["int_lead_funnel_stages"].failures == 3
    assert excluded == [("expression(email_type_not_excluded); ",)]
    assert tests["int_aql_account_contacts"].failures == contacts
