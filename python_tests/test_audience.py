"""The look-alike audience export (mql_audience_export, lead_funnel.audience).

* one row per current MQL (dim_leads.meets_mql_criteria), hashed as SHA-256 of the trimmed, lowercased raw
  email - checked against Python's hashlib on the raw fixture emails (padding and case included);
* the CSV the command writes holds only 64-hex hashes: no raw or normalised email of any lead;
* the command refuses to write a value that is not a hash.
"""

from __future__ import annotations

import csv

import duckdb
import pandas as pd
import pytest

from lead_funnel import audience
from python_tests.ecosystem_helpers import copy_fixture_build

from .conftest import FIXTURES_RAW

pytestmark = pytest.mark.dbt


@pytest.fixture(scope="module")
def warehouse(fixture_db, tmp_path_factory):
    db, _ = copy_fixture_build(fixture_db, tmp_path_factory.mktemp("audience"))
    return db


def _query(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_audience_is_the_current_mqls_with_hashed_normalised_emails(warehouse):
    rows = _query(warehouse, "select lead_id, email_sha256 from export.mql_audience_export")
    mqls = _query(warehouse, "select lead_id from marts.dim_leads where meets_mql_criteria")
    assert rows and {lead for lead, _ in rows} == {lead for (lead,) in mqls}

    raw = pd.read_csv(FIXTURES_RAW / "leads.csv", dtype=str, keep_default_na=False)
    emails_by_lead = raw.groupby("lead_id")["email"].apply(list).to_dict()
    for lead_id, email_sha256 in rows:
        candidates = {audience.normalised_email_sha256(email) for email in emails_by_lead[lead_id]}
        assert email_sha256 in candidates, lead_id
    # the normalisation matters: at least one exported email is padded or not lowercase in the raw file
    exported = {lead for lead, _ in rows}
    assert any(email != email.strip().lower()
               for lead in exported for email in emails_by_lead[lead]) or len(exported) < 3


def test_export_writes_only_hashes(warehouse, tmp_path):
    out = tmp_path / "audience.csv"
    assert audience.main(["--database", str(warehouse), "--out", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["email_sha256"]
    values = [row[0] for row in table[1:]]
    assert len(values) == len(_query(warehouse, "select * from export.mql_audience_export"))
    assert all(audience.SHA256_HEX.match(value) for value in values)
    text = out.read_text(encoding="utf-8").lower()
    assert "@" not in text
    raw = pd.read_csv(FIXTURES_RAW / "leads.csv", dtype=str, keep_default_na=False)
    for email in raw["email"]:
        if email.strip():
            assert email.strip().lower() not in text

    segment_out = tmp_path / "smb.csv"
    assert audience.main(["--database", str(warehouse), "--out", str(segment_out), "--segment", "smb",
                          "--with-segment", "--header", "Email"]) == 0
    with open(segment_out, newline="", encoding="utf-8") as handle:
        smb = list(csv.reader(handle))
    assert smb[0] == ["Email", "segment"] and all(row[1] == "smb" for row in smb[1:])


def test_export_refuses_values_that_are_not_hashes(tmp_path):
    db = tmp_path / "leaky.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema export")
    con.execute("create table export.mql_audience_export as select 'dana@acme.com' as email_sha256, 'smb' as segment")
    con.close()
    out = tmp_path / "audience.csv"
    with pytest.raises(audience.AudienceError, match="not SHA-256"):
        audience.export_audience(db, out)
    assert not out.exists()
