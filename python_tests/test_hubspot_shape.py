"""The generator's HubSpot shape holds the same planted world as the contract shape (issue #14).

* Without dbt: `--shape hubspot` is deterministic, writes every table and feature the connector
  must handle (merges incl. a chain, associations, e-mail events by recipient, forms, engagements
  timed only by their detail table, property history, deals with a merged and deleted copy), and
  names what it cannot hold (generator.shape_hubspot.NOT_EXPRESSED, README "HubSpot shape: what it
  cannot express").
* The equality proof: the contract world without what HubSpot cannot hold, built with
  `lead_funnel_sources: ['contract']`, and the HubSpot shape of the same world, built with
  `['hubspot']`, give the same contracted marts row by row (devtools.parity.compare_rows), once the
  `hubspot:<id>` keys are mapped back (`_truth/hubspot_keys.parquet`). Excluded by name only, as in
  test_salesforce_shape: the row keys hashed from mapped keys and dim_leads' CRM columns.

Cost: a 600-lead world (~10 s for the three folders; the non-dbt tests take ~15 s); two `dbt build`s
of the contracted marts and their parents only (seeds and models, no data or unit tests: ~140
nodes, ~1 min each): measured 3.7 min for the equality test on 2 cores shared with four other
builds, so about 2.5 min on quiet ones. Marked slow + dbt.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from lead_funnel.generator import generate
from lead_funnel.generator.shape_hubspot import (
    KEY_PREFIX, NOT_EXPRESSED, TRUTH_KEYS, expressible_contract, load_maps, not_expressed_activity_types,
)
from python_tests.conftest import failure_messages, parsed_once, run_dbt
from python_tests.test_salesforce_shape import _digest, _marts_equal, _read

SEED = 11
LEADS = 600
END_DATE = dt.date(2026, 1, 31)
MONTHS = 12
AS_OF = f"{END_DATE} 23:59:59"
HUBSPOT_TABLES = (
    "contact", "contact_merge_audit", "company", "contact_company", "email_event", "email_event_status_change",
    "email_campaign", "contact_form_submission", "form", "engagement", "engagement_contact", "engagement_call",
    "engagement_email", "engagement_meeting", "contact_property_history", "deal", "deal_contact", "deal_company",
    "deal_pipeline_stage", "merged_deal",
)
# the contracted marts and every parent: nothing else is built
MARTS = "+config.contract.enforced:true"


def _generate(path: Path, shape: str) -> Path:
    generate(path, leads=LEADS, seed=SEED, end_date=END_DATE, months=MONTHS, progress=False, shape=shape)
    return path


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hubspot_shape")
    out = {shape: _generate(root / shape, shape) for shape in ("contract", "hubspot")}
    expressible_contract(out["contract"], root / "reference", SEED, END_DATE)
    out["reference"] = root / "reference"
    return out


def test_same_seed_same_hubspot_tables(worlds, tmp_path):
    assert _digest(_generate(tmp_path / "again", "hubspot")) == _digest(worlds["hubspot"])


def test_hubspot_shape_holds_every_feature_the_connector_must_handle(worlds):
    hs = worlds["hubspot"]
    assert sorted(p.stem for p in hs.glob("*.parquet")) == sorted(HUBSPOT_TABLES)
    contact = _read(hs, "contact")
    live = contact[~contact._fivetran_deleted]
    # merges: listed ids (new and old `id:epoch_ms` spelling), the audit, a chain through the audit
    listed = live.property_hs_merged_object_ids.dropna()
    assert listed.str.contains(":").any() and (~listed.str.contains(":")).any()
    audit = _read(hs, "contact_merge_audit")
    assert audit.canonical_vid.isin(live.id).any() and (~audit.canonical_vid.isin(live.id)).any()
    absorbed = set(listed.str.split(";").explode().str.split(":").str[0]) | set(audit.vid_to_merge)
    assert _read(hs, "engagement_contact").contact_id.isin(absorbed).any()
    # a non-primary association beside the primary one; country names, not codes
    association = _read(hs, "contact_company")
    assert (~association.is_primary).any() and association.is_primary.any()
    assert live.property_country.isin(["United States"]).any()
    assert _read(hs, "company").property_country.str.len().gt(2).all()
    # e-mail events: engagement and not (SENT, DELIVERED, filtered bots); unsubscribes by status change
    event = _read(hs, "email_event")
    assert {"OPEN", "CLICK", "BOUNCE", "STATUSCHANGE", "SENT", "DELIVERED"} <= set(event.type)
    assert event.filtered_event.any()
    changes = _read(hs, "email_event_status_change")
    assert set(changes.id) <= set(event.id[event.type == "STATUSCHANGE"])
    # engagements timed only by their detail table
    engagement = _read(hs, "engagement")
    untimed = engagement[engagement.timestamp.isna() & ~engagement._fivetran_deleted]
    assert len(untimed) > 10
    details = pd.concat([_read(hs, t).engagement_id for t in ("engagement_call", "engagement_email",
                                                             "engagement_meeting")])
    assert untimed.id.isin(details).all()
    # deals: a merged duplicate and soft deletes
    deal = _read(hs, "deal")
    assert _read(hs, "merged_deal").merged_deal_id.isin(deal.deal_id).all()
    assert (deal.is_deleted | deal._fivetran_deleted).any()
    history = _read(hs, "contact_property_history")
    assert {"hs_lead_status", "lifecyclestage"} == set(history.name)


def test_not_expressed_is_a_named_list(worlds):
    gone = not_expressed_activity_types(load_maps())
    assert "page_view" in gone and "webinar_attended" in gone and "sales_call" not in gone
    ne = pq.read_table(worlds["hubspot"] / "_truth" / "hubspot_not_expressed.parquet").to_pandas()
    assert set(ne["class"].str.split(":").str[0]) <= set(NOT_EXPRESSED)
    assert len(_read(worlds["reference"], "campaign_spend")) == 0
    for table in ("accounts", "leads", "opportunities"):
        assert len(_read(worlds["contract"], table)) == len(_read(worlds["reference"], table)), table
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("**HubSpot shape: what it cannot express.**")[1][:5000]
    for name in NOT_EXPRESSED:
        assert f"| `{name}` |" in section, f"README must list {name}"
    for activity_type in gone:
        assert f"`{activity_type}`" in section


def _run(folder: Path, work: Path, sources: list[str], path_var: str) -> Path:
    db = work / "warehouse.duckdb"
    vars_ = {"lead_funnel_sources": sources, path_var: str(folder), "as_of": AS_OF}
    # conftest.parsed_once: shared with the builds of the same sources in test_connectors_hubspot_marketo
    # and test_salesforce_shape (same file name; the path vars are read at run time)
    result = run_dbt(["build", "--select", MARTS, "--exclude-resource-type", "test", "unit_test"], db, work / "target",
                     vars_, manifest=parsed_once(db, work / "target", vars_))
    assert result.success, f"dbt build ({sources}) failed:\n" + "\n".join(failure_messages(result)[:30])
    return db


@pytest.mark.dbt
@pytest.mark.slow
def test_marts_from_hubspot_shape_equal_marts_from_contract(worlds, tmp_path_factory):
    reference_work, hubspot_work = tmp_path_factory.mktemp("reference_run"), tmp_path_factory.mktemp("hubspot_run")
    reference_db = _run(worlds["reference"], reference_work, ["contract"], "raw_path")
    hubspot_db = _run(worlds["hubspot"], hubspot_work, ["hubspot"], "hubspot_path")
    keys = pq.read_table(worlds["hubspot"] / "_truth" / TRUTH_KEYS).to_pandas()
    differences, rows = _marts_equal(reference_db, reference_work / "target", hubspot_db, keys, "hubspot",
                                     prefixes=(KEY_PREFIX,))
    assert rows > 1_000
    assert not differences, (f"{len(differences)} difference(s) between the contract and hubspot builds:\n"
                             + "\n".join(str(d) for d in differences[:40]))
