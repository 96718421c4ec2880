"""Staging on generated data with every bad-input class injected (--dirty): each class lands in
its named outcome, at scale, and the reconciliation tests pass."""

from __future__ import annotations

import json

import duckdb
import pytest

from lead_funnel.generate import generate

from .conftest import SHARED_DB_NAME, failure_messages, parsed_once, run_dbt

# manifest class -> (SQL counting rows with the expected outcome, share of injected rows that must
# reach it; below 1 where an injected row can hit an earlier rule first, e.g. a duplicate of an
# activity whose lead was itself quarantined)
QUARANTINED = "select count(*) from staging.base_raw__{t} where rejection_reason = '{r}'"
DUPLICATE = "select count(*) from staging.base_raw__{t} where duplicate_kind = '{r}'"
STAGED_WHERE = "select count(*) from staging.stg_raw__{t} where {r}"
EXPECTED = {
    "accounts.is_deleted": (QUARANTINED, "deleted_in_source"),
    "activities.duplicate_id_different_content": (DUPLICATE, "id_duplicate"),
    "activities.duplicate_id_same_content": (DUPLICATE, "exact_duplicate"),
    "activities.future_dated": (QUARANTINED, "future_dated"),
    "activities.null_occurred_at": (QUARANTINED, "invalid_occurred_at"),
    "activities.unparseable_occurred_at": (QUARANTINED, "invalid_occurred_at"),
    "activities.unknown_activity_type": (STAGED_WHERE, "not is_known_activity_type"),
    "activities.unknown_lead_id": (QUARANTINED, "unknown_lead"),
    "campaign_spend.null_spend_date": (QUARANTINED, "invalid_spend_date"),
    "campaign_spend.unparseable_spend_date": (QUARANTINED, "invalid_spend_date"),
    "lead_status_history.status_before_lead_creation": (QUARANTINED, "before_lead_created"),
    "lead_status_history.null_changed_at": (QUARANTINED, "invalid_changed_at"),
    "lead_status_history.unparseable_changed_at": (QUARANTINED, "invalid_changed_at"),
    "lead_status_history.unknown_status": (STAGED_WHERE, "not is_known_status"),
    "leads.duplicate_lead_id": (DUPLICATE, "id_duplicate"),
    "leads.email_case_padding_duplicate": (STAGED_WHERE, "duplicate_of_lead_id is not null"),
    "leads.free_mail_domain": (STAGED_WHERE, "is_free_mail_domain"),
    "leads.huge_job_title": (STAGED_WHERE, "has_truncated_text"),
    "leads.is_deleted": (QUARANTINED, "deleted_in_source"),
    "leads.malformed_email": (QUARANTINED, "malformed_email"),
    "leads.null_created_at": (QUARANTINED, "invalid_created_at"),
    "leads.unparseable_created_at": (QUARANTINED, "invalid_created_at"),
    "leads.null_email": (QUARANTINED, "missing_email"),
    "leads.unknown_lead_source": (STAGED_WHERE, "not is_known_lead_source"),
    "opportunities.negative_amount": (QUARANTINED, "negative_amount"),
    "opportunities.null_account_id": (QUARANTINED, "missing_account_id"),
    "opportunities.null_created_at": (QUARANTINED, "invalid_created_at"),
    "opportunities.unparseable_created_at": (QUARANTINED, "invalid_created_at"),
    "opportunities.won_null_closed_at": (QUARANTINED, "won_without_closed_at"),
    "opportunities.unknown_stage": (STAGED_WHERE, "not is_known_stage"),
}
# cased known values must NOT be flagged unknown: unknown flags stay within the injected unknowns
CASED = {
    "activities.cased_activity_type": ("activities", "is_known_activity_type", "activities.unknown_activity_type"),
    "lead_status_history.cased_status": ("lead_status_history", "is_known_status", "lead_status_history.unknown_status"),
    "leads.cased_lead_source": ("leads", "is_known_lead_source", "leads.unknown_lead_source"),
    "opportunities.cased_stage": ("opportunities", "is_known_stage", "opportunities.unknown_stage"),
}


@pytest.fixture(scope="module")
def dirty_build(tmp_path_factory):
    work = tmp_path_factory.mktemp("dirty")
    raw = work / "raw"
    generate(raw, leads=5000, seed=7, end_date="2026-06-30", dirty=0.02, progress=False)
    manifest = json.loads((raw / "_truth" / "dirty_manifest.json").read_text())["classes"]
    db = work / SHARED_DB_NAME  # conftest.parsed_once: the session's parse of raw_path and as_of
    vars_ = {"raw_path": str(raw), "as_of": "2026-06-30 23:59:59"}
    result = run_dbt(
        ["build", "--select", "+path:models/staging", "--indirect-selection", "cautious"],
        db,
        work / "target",
        vars_,
        manifest=parsed_once(db, work / "target", vars_),
    )
    assert result.success, "\n".join(failure_messages(result))
    con = duckdb.connect(str(db), read_only=True)
    yield manifest, con
    con.close()


@pytest.mark.dbt
@pytest.mark.slow
@pytest.mark.parametrize("injected_class", sorted(EXPECTED))
def test_injected_class_reaches_its_outcome(dirty_build, injected_class):
    manifest, con = dirty_build
    injected = manifest.get(injected_class, 0)
    assert injected > 0, f"generator injected no {injected_class}"
    query, reason = EXPECTED[injected_class]
    table = injected_class.split(".")[0]
    landed = con.execute(query.format(t=table, r=reason)).fetchone()[0]
    # collisions with an earlier rule (or, for natural classes, more than was injected) are fine;
    # most injected rows must land where their class says
    assert landed >= 0.75 * injected, f"{injected_class}: {landed} of {injected} landed as {reason}"


@pytest.mark.dbt
@pytest.mark.slow
@pytest.mark.parametrize("cased_class", sorted(CASED))
def test_cased_known_values_are_not_flagged_unknown(dirty_build, cased_class):
    manifest, con = dirty_build
    table, flag, unknown_class = CASED[cased_class]
    assert manifest.get(cased_class, 0) > 0
    flagged = con.execute(f"select count(*) from staging.stg_raw__{table} where not {flag}").fetchone()[0]
    assert flagged <= manifest[unknown_class]
