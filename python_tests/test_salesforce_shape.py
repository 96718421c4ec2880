"""The generator's Salesforce shape holds the same planted world as the contract shape (issue #13).

* Without dbt: `--shape salesforce` is deterministic, has every Salesforce feature the connector
  must handle (converted leads, contacts without lead, merges, soft deletes, campaign members,
  tasks, events, lead history), and every value maps back through the value maps to the contract
  world; `--shape salesforce-airbyte` holds the same rows under the API column names, and the
  connector stages them into the same contract-shaped outputs and row outcomes as Fivetran's.
* The equality proof: the contract world without what Salesforce cannot hold (named in
  generator.shapes.NOT_EXPRESSED, README "Salesforce shape: what it cannot express") built with
  `lead_funnel_sources: ['contract']`, and the Salesforce shape of the same world built with
  `lead_funnel_sources: ['salesforce']`, give the same contracted marts row by row
  (devtools.parity.compare_rows), once the Salesforce keys are mapped back to the contract's
  (`_truth/salesforce_keys.parquet`). Excluded by name only: the row keys hashed from the mapped
  keys (compared through their natural key columns instead) and dim_leads' CRM columns (checked
  against the key map on their own).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from devtools.parity import compare_rows, contracted_marts
from lead_funnel.generator import generate
from lead_funnel.generator.shapes import (
    CAMPAIGN_SHAPES, KEY_PREFIX, NOT_EXPRESSED, TRUTH_KEYS, expressible_contract, load_maps,
    not_expressed_activity_types,
)
from python_tests.conftest import NO_UNIT_OR_SEED_TESTS, failure_messages, parsed_once, run_dbt

SEED = 7
LEADS = 1_500
END_DATE = dt.date(2026, 1, 31)
MONTHS = 12
AS_OF = f"{END_DATE} 23:59:59"
SALESFORCE_TABLES = ("account", "lead", "contact", "opportunity", "opportunity_contact_role", "task", "event",
                     "campaign", "campaign_member", "lead_history", "user")
# row keys hashed from keys the Salesforce build spells `salesforce:<id>`: not comparable as values,
# compared through the natural key columns they are hashed from (which are compared, mapped)
HASHED_ROW_KEYS = {
    "fct_mql_events": ("mql_event_id", ("lead_id", "mql_sequence")),
    "fct_funnel_transitions": ("funnel_transition_id", ("lead_id", "stage")),
    "fct_aql_events": ("aql_event_id", ("account_id", "trigger_activity_id")),
    "fct_lead_score_components": ("lead_score_component_id", ("lead_id", "component_type", "component")),
    "fct_lead_score_daily": ("lead_score_change_id", ("lead_id", "changed_at", "change_order")),
    "ml_lead_training_extra_features": ("lead_extra_feature_id", ("lead_id", "feature_type", "feature")),
}
# columns ordered by a hash of the key as the build spells it (`salesforce:<id>` vs the contract's id):
# not comparable across shapes; what they decide is (is_in_training_sample, the weights)
KEY_SPELLING_COLUMNS = {
    "ml_lead_training_sample": ("sampling_rank",),
}
# where the Salesforce build says which CRM record a lead is: checked against the key map apart
CRM_COLUMNS = ("source_system", "crm_lead_id", "crm_contact_id")


def _generate(path: Path, shape: str) -> Path:
    generate(path, leads=LEADS, seed=SEED, end_date=END_DATE, months=MONTHS, progress=False, shape=shape)
    return path


def _read(folder: Path, table: str) -> pd.DataFrame:
    return pq.read_table(folder / f"{table}.parquet").to_pandas()


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("salesforce_shape")
    out = {shape: _generate(root / shape, shape) for shape in ("contract", "salesforce", "salesforce-airbyte")}
    expressible_contract(out["contract"], root / "reference", SEED, END_DATE)
    out["reference"] = root / "reference"
    return out


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*.parquet")):
        h.update(path.name.encode())
        h.update(pq.read_table(path).to_pandas().to_csv(index=False).encode())
    return h.hexdigest()


def test_same_seed_same_salesforce_tables(worlds, tmp_path):
    again = _generate(tmp_path / "again", "salesforce")
    assert _digest(again) == _digest(worlds["salesforce"])


def test_salesforce_shape_holds_every_feature_the_connector_must_handle(worlds):
    sf = worlds["salesforce"]
    assert sorted(p.stem for p in sf.glob("*.parquet")) == sorted(SALESFORCE_TABLES)
    lead, contact, opp = _read(sf, "lead"), _read(sf, "contact"), _read(sf, "opportunity")
    converted = lead[lead.is_converted]
    assert len(converted) > 10
    # a converted lead names its contact, account and opportunity, which exist
    assert converted.converted_contact_id.isin(contact.id).all()
    assert converted.converted_opportunity_id.isin(opp.id).all()
    assert converted.converted_date.notna().all()
    # contacts without a lead
    assert (~contact.id.isin(lead.converted_contact_id)).sum() > 50
    # merged duplicates: deleted, pointing at a live master that is a lead
    merged = lead[lead.master_record_id.notna()]
    assert len(merged) >= 1 and merged.is_deleted.all() and merged.master_record_id.isin(lead.id).all()
    task = _read(sf, "task")
    assert task.who_id.isin(merged.id).any(), "a task still points at a merged lead"
    # soft deletes in both spellings, in the tables that carry activity and status
    for table in ("lead", "task", "campaign_member", "lead_history"):
        frame = _read(sf, table)
        assert frame.is_deleted.any() and frame._fivetran_deleted.any(), table
        assert frame._fivetran_synced.notna().all()
    # activities on the contact of a converted lead, and on the lead
    member = _read(sf, "campaign_member")
    assert member.contact_id.notna().any() and member.lead_id.notna().any()
    assert set(task.task_subtype) == set(load_maps().task_subtypes.values())
    assert len(_read(sf, "event")) > 0
    history = _read(sf, "lead_history")
    assert (history.field == "Status").all() and history.old_value.notna().all()
    # a registrant updated to Attended on a later day: created before it responded
    attended = member[member.status == "Attended"]
    assert (attended.created_date.dt.date < attended.first_responded_date).any()
    # responses known by their date only: neither created nor last modified on the response day
    responded = member[member.has_responded]
    assert ((responded.created_date.dt.date != responded.first_responded_date)
            & (responded.last_modified_date.dt.date != responded.first_responded_date)).any()
    assert (task.completed_date_time.isna() & task.activity_date.notna()).any()
    # merged contacts, with a campaign member still on the merged record
    merged_contacts = contact[contact.master_record_id.notna()]
    assert len(merged_contacts) >= 1 and merged_contacts.is_deleted.all()
    assert member.contact_id.isin(merged_contacts.id).any()
    # opportunity links: primary roles, an earlier non-primary one of another contact, non-primary
    # only roles, and converted opportunities without any role
    role = _read(sf, "opportunity_contact_role")
    role = role[~role.is_deleted & ~role._fivetran_deleted]
    assert role.is_primary.any() and (role.role == "Influencer").any()
    assert (role.groupby("opportunity_id").is_primary.sum() == 0).any()
    assert (~converted.converted_opportunity_id.isin(role.opportunity_id)).any()


def test_every_salesforce_value_maps_back_to_the_contract_world(worlds):
    """The inverse maps: statuses, lead sources, stages and campaign members read through the value
    maps (seeds/maps/salesforce_*.csv, else the issue's defaults) give the contract's values."""
    maps = load_maps()
    sf, contract = worlds["salesforce"], worlds["contract"]
    keys = pq.read_table(sf / "_truth" / TRUTH_KEYS).to_pandas()
    to_contract = dict(zip(keys.salesforce_id, keys.contract_id))
    # activities: every live campaign member maps (type, name, status) to the contract activity type
    member = _read(sf, "campaign_member")
    member = member[~member.is_deleted & ~member._fivetran_deleted]
    campaign = _read(sf, "campaign").set_index("id")
    got = [maps.campaign_activity(campaign.type[c], campaign.name[c], s)
           for c, s in zip(member.campaign_id, member.status)]
    acts = _read(contract, "activities").set_index("activity_id")
    expected = acts.activity_type[member.id.map(to_contract)].to_numpy()
    assert list(got) == list(expected)
    # statuses: current status of each live lead
    status = _read(contract, "lead_status_history").sort_values(["lead_id", "changed_at"])
    last = status.groupby("lead_id").status.last()
    lead = _read(sf, "lead")
    lead = lead[~lead.is_deleted & ~lead._fivetran_deleted]
    assert [maps.status[s] for s in lead.status] == list(last[lead.id.map(to_contract)])
    sources = _read(contract, "leads").set_index("lead_id").lead_source[lead.id.map(to_contract)]
    mapped = [maps.lead_source.get(s, s.lower().replace(" ", "_")) for s in lead.lead_source]
    assert mapped == list(sources)
    # spend: per day and lead source, the campaigns' actual cost spread evenly over start..end is the
    # spend of the reference world (the contract's, except that a run of days held as one campaign
    # holds its total evenly: spend_spread_over_campaign_days)
    reference = _read(worlds["reference"], "campaign_spend")
    spend = reference.groupby(["spend_date", "lead_source"]).amount_usd.sum().round(2)
    camp = _read(sf, "campaign")
    camp = camp[camp.actual_cost.notna()].copy()
    camp["days"] = (pd.to_datetime(camp.end_date) - pd.to_datetime(camp.start_date)).dt.days + 1
    assert (camp.days > 1).any() and (camp.days == 1).any()
    # a lead source no campaign type maps to is spelled as itself (kept, flagged unknown by the map)
    camp["lead_source"] = [maps.spend_type.get(t, t.lower().replace(" ", "_")) for t in camp.type]
    camp["spend_date"] = [[start + dt.timedelta(days=i) for i in range(days)]
                          for start, days in zip(camp.start_date, camp.days)]
    daily = camp.explode("spend_date").assign(amount=lambda f: f.actual_cost / f.days)
    got_spend = daily.groupby(["spend_date", "lead_source"]).amount.sum().round(2)
    assert got_spend.to_dict() == spend.to_dict()
    total = _read(contract, "campaign_spend").amount_usd.sum()
    assert abs(camp.actual_cost.sum() - total) < 1e-6 * total


def test_airbyte_shape_is_the_same_rows_under_api_names(worlds):
    for table in SALESFORCE_TABLES:
        fivetran = _read(worlds["salesforce"], table)
        airbyte = _read(worlds["salesforce-airbyte"], table)
        assert len(fivetran) == len(airbyte), table
        assert "Id" in airbyte.columns and "_airbyte_extracted_at" in airbyte.columns
        assert not any(c.startswith("_fivetran") for c in airbyte.columns)
        for snake in ("created_date", "who_id", "is_deleted"):
            if snake in fivetran.columns:
                api = "".join(p.capitalize() for p in snake.split("_"))
                assert api in airbyte.columns, (table, api)
        if "is_deleted" in fivetran.columns:
            assert (airbyte.IsDeleted == (fivetran.is_deleted | fivetran._fivetran_deleted)).all()


def test_not_expressed_is_a_named_list(worlds):
    """What the reference drops is named (README table), and nothing else is dropped."""
    maps = load_maps()
    gone = not_expressed_activity_types(maps)
    assert set(gone).isdisjoint({r.activity_type for r in maps.campaign_rules} & set(CAMPAIGN_SHAPES))
    assert "page_view" in gone and "sales_call" not in gone
    ne = pq.read_table(worlds["salesforce"] / "_truth" / "salesforce_not_expressed.parquet").to_pandas()
    assert set(ne["class"].str.split(":").str[0]) <= set(NOT_EXPRESSED)
    contract, reference = worlds["contract"], worlds["reference"]
    for table in ("accounts", "leads", "opportunities", "campaign_spend"):
        assert len(_read(contract, table)) == len(_read(reference, table)), table
    kept = _read(reference, "activities")
    assert not kept.activity_type.isin(gone).any()
    dropped = ne["class"].str.startswith("activity_type:") | (ne["class"] == "webinar_registration_superseded")
    assert len(kept) == len(_read(contract, "activities")) - int(dropped.sum())
    # date-only activities keep their day, at 00:00 UTC
    day_only = kept[kept.activity_id.isin(ne.contract_id[ne["class"].str.endswith("_date_only")])]
    assert len(day_only) > 0 and (day_only.occurred_at == day_only.occurred_at.dt.floor("D")).all()
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for name in NOT_EXPRESSED:
        assert f"| `{name}` |" in readme, f"README must list {name}"
    for activity_type in gone:
        assert f"`{activity_type}`" in readme.split("Salesforce shape: what it cannot express")[1][:3000]


# --- the equality proof -------------------------------------------------------------------------


def _build(folder: Path, work: Path, sources: list[str], path_var: str, tests: bool = True) -> Path:
    """dbt build of `folder` into its own DuckDB file: models and data tests (unit and seed tests never:
    they do not read the data; make test-dbt-fixtures runs them), without data tests: `tests=False` (then
    only the contracted marts the comparison reads, and their parents)."""
    db = work / "warehouse.duckdb"
    # without tests (the reference): what the comparison reads, the contracted marts and their parents
    args = (["build", *NO_UNIT_OR_SEED_TESTS] if tests else
            ["build", "--select", "+config.contract.enforced:true", "--exclude-resource-type", "test", "unit_test"])
    vars_ = {"lead_funnel_sources": sources, path_var: str(folder), "as_of": AS_OF}
    # builds with the same sources share one parse (conftest.parsed_once: the same file name, the
    # path vars are read at run time), here and in test_hubspot_shape / test_marketo_salesforce_shape
    result = run_dbt(args, db, work / "target", vars_, manifest=parsed_once(db, work / "target", vars_))
    assert result.success, f"dbt build ({sources}) failed:\n" + "\n".join(failure_messages(result)[:30])
    return db


def _marts_equal(reference_db: Path, reference_target: Path, salesforce_db: Path, keys: pd.DataFrame,
                 label: str, prefixes: tuple[str, ...] = (KEY_PREFIX,),
                 skip: dict[str, tuple[str, ...]] | None = None) -> tuple[list, int]:
    """Contracted marts of both builds compared row by row, connector keys (`prefixes`) mapped back
    by `keys`; `skip`: mart -> columns left out by name (`()`: the whole mart). Also used by
    test_hubspot_shape and test_marketo_salesforce_shape."""
    skip = skip or {}
    to_contract = dict(zip(keys.key, keys.contract_id))

    def mapped(value):
        if isinstance(value, str) and value.startswith(prefixes):
            return to_contract.get(value, value)
        return value

    differences, rows = [], 0
    left, right = duckdb.connect(str(reference_db), read_only=True), duckdb.connect(str(salesforce_db),
                                                                                   read_only=True)
    try:
        for mart in contracted_marts(reference_target / "manifest.json"):
            if skip.get(mart.name) == ():
                continue
            sql = f'select * from "{mart.schema}"."{mart.identifier}"'
            res_l, res_r = left.execute(sql), right.execute(sql)
            cols_l, rows_l = [d[0] for d in res_l.description], res_l.fetchall()
            cols_r, rows_r = [d[0] for d in res_r.description], res_r.fetchall()
            rows_r = [tuple(mapped(v) for v in row) for row in rows_r]
            drop = set(CRM_COLUMNS) | set(skip.get(mart.name, ())) | set(KEY_SPELLING_COLUMNS.get(mart.name, ()))
            key = mart.key_columns
            if mart.name in HASHED_ROW_KEYS:
                hashed, key = HASHED_ROW_KEYS[mart.name]
                drop.add(hashed)
            keep_l = [i for i, c in enumerate(cols_l) if c not in drop]
            keep_r = [i for i, c in enumerate(cols_r) if c not in drop]
            found = compare_rows(
                mart.name, [cols_l[i] for i in keep_l], [tuple(r[i] for i in keep_l) for r in rows_l],
                [cols_r[i] for i in keep_r], [tuple(r[i] for i in keep_r) for r in rows_r], key,
                names=("contract", label))
            rows += len(rows_l)
            differences.extend(found)
    finally:
        left.close()
        right.close()
    return differences, rows


@pytest.fixture(scope="module")
def salesforce_build(worlds, tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("salesforce_build")
    return _build(worlds["salesforce"], work, ["salesforce"], "salesforce_path")


@pytest.mark.dbt
@pytest.mark.slow
def test_marts_from_salesforce_shape_equal_marts_from_contract(worlds, salesforce_build, tmp_path_factory):
    reference_work = tmp_path_factory.mktemp("reference_build")
    # the reference's tests are the contract path's, run by the fixtures build: models only here
    reference_db = _build(worlds["reference"], reference_work, ["contract"], "raw_path", tests=False)
    keys = pq.read_table(worlds["salesforce"] / "_truth" / TRUTH_KEYS).to_pandas()
    differences, rows = _marts_equal(reference_db, reference_work / "target", salesforce_build, keys, "salesforce")
    assert rows > 1_000
    assert not differences, (f"{len(differences)} difference(s) between the contract and salesforce builds:\n"
                             + "\n".join(str(d) for d in differences[:40]))
    with duckdb.connect(str(salesforce_build), read_only=True) as con:
        crm = con.execute(_dim_leads_crm_sql(con)).fetchall()
    _check_crm_columns(crm, keys, _read(worlds["salesforce"], "lead"))


@pytest.mark.dbt
@pytest.mark.slow
def test_airbyte_shape_stages_as_the_fivetran_shape(worlds, salesforce_build, tmp_path_factory):
    """The same rows under Airbyte's API column names give the same contract-shaped connector
    outputs and row outcomes as Fivetran's snake_case (everything downstream reads only these,
    so the marts are equal too): built up to the connector's staging only, to stay fast."""
    work = tmp_path_factory.mktemp("airbyte_build")
    db = work / "warehouse.duckdb"
    # cautious: only the tests whose every parent is built (not the contract staging's tests)
    vars_ = {"lead_funnel_sources": ["salesforce"], "salesforce_path": str(worlds["salesforce-airbyte"]),
             "as_of": AS_OF}
    result = run_dbt(["build", "--select", "+path:models/staging/salesforce", "--indirect-selection", "cautious"],
                     db, work / "target", vars_, manifest=parsed_once(db, work / "target", vars_))
    assert result.success, "dbt build (airbyte) failed:\n" + "\n".join(failure_messages(result)[:30])
    compared = 0
    with duckdb.connect(str(salesforce_build), read_only=True) as left, \
            duckdb.connect(str(db), read_only=True) as right:
        relations = right.execute(
            "select table_schema, table_name from information_schema.tables where table_name like "
            "'stg_salesforce__as_contract_%' or table_name = 'stg_salesforce__row_outcomes' order by 2").fetchall()
        assert len(relations) >= 7
        for schema, name in relations:
            sql = f'select * from "{schema}"."{name}"'
            res_l, res_r = left.execute(sql), right.execute(sql)
            found = compare_rows(name, [d[0] for d in res_l.description], res_l.fetchall(),
                                 [d[0] for d in res_r.description], res_r.fetchall(), (),
                                 names=("fivetran", "airbyte"))
            assert not found, "\n".join(str(d) for d in found[:20])
            compared += 1
    assert compared == len(relations)


def _dim_leads_crm_sql(con) -> str:
    schema = con.execute("select table_schema from information_schema.tables where table_name = 'dim_leads'"
                         ).fetchone()[0]
    return f'select lead_id, source_system, crm_lead_id, crm_contact_id from "{schema}".dim_leads'


def _check_crm_columns(rows, keys: pd.DataFrame, sf_leads: pd.DataFrame) -> None:
    """Every Salesforce person carries its CRM ids: the lead's id (persons that started as leads)
    and the contact's id (contacts without lead; converted leads: the contact they became)."""
    person = keys[keys.contract_table == "leads"].set_index("key")
    contact_of = sf_leads[sf_leads.is_converted].set_index("id").converted_contact_id
    assert len(rows) == len(person)
    for lead_id, source_system, crm_lead_id, crm_contact_id in rows:
        assert source_system == "salesforce", lead_id
        sf_id = lead_id.removeprefix(KEY_PREFIX)
        if person.salesforce_table.get(lead_id) == "contact":
            assert (crm_lead_id, crm_contact_id) == (None, sf_id), lead_id
        else:
            assert (crm_lead_id, crm_contact_id) == (sf_id, contact_of.get(sf_id)), lead_id


def test_cli_writes_the_shape(tmp_path):
    from lead_funnel.cli import main

    out = tmp_path / "airbyte"
    assert main(["generate", "--leads", "300", "--seed", "3", "--end-date", "2026-01-31", "--months", "6",
                 "--shape", "salesforce-airbyte", "--out", str(out), "--quiet"]) == 0
    assert sorted(p.stem for p in out.glob("*.parquet")) == sorted(SALESFORCE_TABLES)
    assert "WhoId" in pq.read_schema(out / "task.parquet").names
    assert not list(out.glob(".contract-*")), "the intermediate contract world is removed"
    with pytest.raises(SystemExit):
        main(["generate", "--shape", "no-such-crm", "--out", str(tmp_path / "x")])
