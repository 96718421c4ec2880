"""``--shape marketo_salesforce``: the same planted world as a Marketo + Salesforce team holds it.

Salesforce keeps the CRM: persons (leads, contacts, converted leads, merges), accounts,
opportunities, contact roles, lead status history, sales touches (tasks, events), webinar campaign
members and the spend campaigns: ``shapes.to_salesforce`` writes them, unchanged but for the
campaign members whose engagement moved to Marketo (and their campaigns). Marketo holds the
marketing engagement, in the tables Fivetran's Marketo connector lands (``marketo/``):

* ``lead``: one Marketo lead per person, created a few seconds to minutes after its Salesforce
  record, naming it by ``sfdc_lead_id`` / ``sfdc_contact_id`` (``sfdc_account_id`` the contact's
  account) for most persons; converted persons sometimes name only the lead (synced before the
  conversion); ``EMAIL_ONLY_SHARE`` name nothing and are linked by e-mail only (some e-mails in
  another letter case). ``MARKETO_ONLY_SHARE`` of the leads Salesforce need not hold (unconverted,
  no sales touch, no webinar, no status owner) are in Marketo only (``marketo_only_persons``:
  their own key, statuses from Marketo, account by ``sfdc_account_id``). Extra leads the connector
  must drop: deleted by ``activity_delete_lead`` (with an e-mail open of their own), soft deleted
  (``_fivetran_deleted``).
* engagement: ``activity_open_email`` / ``activity_click_email`` / ``activity_email_bounced`` /
  ``activity_unsubscribe_email`` (with ``email_template_history``), ``activity_fill_out_form``
  (form names the form map turns back into demo_request / contact_form / free_trial_signup /
  content_download, checked by ``_check_round_trip``), ``activity_visit_webpage`` (URLs the URL
  map turns into page_view / pricing_page_view), ``activity_send_email`` /
  ``activity_email_delivered`` before the e-mail engagement (counted, not scored), smart campaigns
  (``campaign``) in ``program``s, one program per contract campaign.
* ``activity_merge_leads``: merged duplicates (one chain, one ``[a, b]``) with one of the
  survivor's activities still on the merged id.
* ``activity_change_data_value``: the lead status of the persons Salesforce holds as contacts
  without a lead (a Contact has no lead status; Marketo's Lead Status field has), with noise on
  another field (``Behavior Score``).

What the shape cannot hold is ``NOT_EXPRESSED`` (README "Marketo + Salesforce shape: what it
cannot express"); ``expressible_marketo_salesforce`` writes the contract world without exactly
those things (python_tests/test_marketo_salesforce_shape.py). Keys: ``_truth/`` + ``TRUTH_KEYS``.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lead_funnel.generator.common import _rng
from lead_funnel.generator.constants import CONTENT
from lead_funnel.generator.shapes import (
    KEY_PREFIX as SALESFORCE_PREFIX, NOT_EXPRESSED as SALESFORCE_NOT_EXPRESSED, TRUTH_KEYS as SALESFORCE_TRUTH_KEYS,
    Plan, SalesforceMaps, _arrow, _date, _number, _plan, _read, _seed_rows, _write, load_maps,
    not_expressed_activity_types, to_salesforce, write_expressible,
)

STREAM = 21  # generator random stream of this shape (shapes.py uses 20)
PREFIX = "marketo:"
TRUTH_KEYS = "marketo_salesforce_keys.parquet"
TRUTH_NOT_EXPRESSED = "marketo_salesforce_not_expressed.parquet"
MARKETO_TABLES = (
    "lead", "activity_open_email", "activity_click_email", "activity_email_bounced", "activity_unsubscribe_email",
    "activity_fill_out_form", "activity_visit_webpage", "activity_send_email", "activity_email_delivered",
    "activity_change_data_value", "activity_delete_lead", "activity_merge_leads", "campaign", "program",
    "email_template_history",
)
# contract activity type -> Marketo activity table and activity_type_id
TYPED_TABLES = {
    "email_open": ("activity_open_email", 10), "email_click": ("activity_click_email", 11),
    "email_bounce": ("activity_email_bounced", 8), "unsubscribe": ("activity_unsubscribe_email", 9),
}
# contract activity type -> form name (``{asset}``: the contract row's asset)
FORM_NAMES = {
    "demo_request": "Request a Demo", "contact_form": "Contact Sales", "free_trial_signup": "Free Trial Signup",
    "content_download": "Download: {asset}",
}
PAGE_TYPES = ("page_view", "pricing_page_view")
MARKETO_ACTIVITY_TYPES = (*TYPED_TABLES, *FORM_NAMES, *PAGE_TYPES)
SITE = "https://www.example.com"
INTEGER_COLUMNS = {"id", "lead_id", "campaign_id", "program_id", "email_template_id", "activity_type_id", "version"}
STATUS_FIELD = "Lead Status"  # dbt var marketo_status_field

EMAIL_ONLY_SHARE = 0.1  # Marketo leads naming no Salesforce record (linked by e-mail)
MARKETO_ONLY_SHARE = 0.25  # of the leads Salesforce need not hold: held by Marketo only
LEAD_ID_ONLY_SHARE = 0.2  # of converted persons: the Marketo lead names only the Salesforce lead
OTHER_CASE_SHARE = 0.1  # e-mails held in upper case
MERGED_SHARE = 0.01
ACTIVITY_ID_BASE = 10 ** 9  # activity ids (keyed marketo:<id> like leads) never equal a lead id
DELETED_LEADS = 3
SCORE_NOISE_SHARE = 0.05  # change_data_value rows on another field than the lead status

# What the shape cannot hold, by name (README table); activity types are added by
# ``not_expressed_activity_types``.
NOT_EXPRESSED = {
    "activity_type": "an activity type neither Marketo's activity tables (e-mail, form, web visit) nor Salesforce's "
                     "tasks, events and webinar campaign members hold (product usage, the ROI calculator)",
    **{name: SALESFORCE_NOT_EXPRESSED[name] for name in (
        "webinar_registration_superseded", "converted_lead_account", "lead_account_of_unconverted_lead",
        "sales_touch_date_only", "spend_spread_over_campaign_days", "opportunity_closed_time")},
    "status_reason": "lead_status_history.reason of a status Salesforce's lead_history holds (Marketo's "
                     "change_data_value reason is kept for the persons whose status Marketo holds)",
}
# Salesforce classes this shape expresses: statuses of contacts without a lead come from Marketo;
# the date-only campaign responses are Marketo activities with their time
EXPRESSED_HERE = ("status_of_contact_without_lead", "campaign_response_date_only")


def not_expressed_types(maps: SalesforceMaps) -> tuple[str, ...]:
    """Activity types neither Marketo nor Salesforce holds."""
    return tuple(t for t in not_expressed_activity_types(maps) if t not in MARKETO_ACTIVITY_TYPES)


def marketo_only_persons(tables: dict, plan: Plan, seed: int) -> np.ndarray:
    """Contract leads Marketo holds and Salesforce never got (MARKETO_ONLY_SHARE of those that
    could be: unconverted leads, not contacts, without an owner on their statuses and with no
    activity Salesforce holds: no sales touch, no webinar)."""
    leads, acts, status = tables["leads"], tables["activities"], tables["lead_status_history"]
    crm_held = acts.lead_id[~acts.activity_type.isin(MARKETO_ACTIVITY_TYPES)]
    owned = status.lead_id[status.owner_id.notna()]
    candidates = (~leads.lead_id.isin(plan.converted.lead_id) & ~leads.lead_id.isin(plan.contact_only)
                  & ~leads.lead_id.isin(crm_held) & ~leads.lead_id.isin(owned)).to_numpy()
    u = _rng(seed, STREAM, 1).random(len(leads))
    return leads.lead_id.to_numpy()[candidates & (u < MARKETO_ONLY_SHARE)]


def marketo_plan(plan: Plan, maps: SalesforceMaps, marketo_only=()) -> Plan:
    """The Salesforce plan of the world with what Marketo expresses taken off its not_expressed
    (a Marketo-only person's account is its lead's sfdc_account_id)."""
    ne = plan.not_expressed
    cls = ne["class"]
    gone = set(not_expressed_types(maps))
    is_type = cls.str.startswith("activity_type:")
    keep = ~cls.isin(EXPRESSED_HERE) & (~is_type | cls.str.removeprefix("activity_type:").isin(gone))
    keep &= ~((cls == "lead_account_of_unconverted_lead") & ne.contract_id.isin(list(marketo_only)))
    date_only = plan.date_only[~plan.date_only.kind.isin(EXPRESSED_HERE)]
    return dataclasses.replace(plan, not_expressed=ne[keep].reset_index(drop=True),
                               date_only=date_only.reset_index(drop=True))


def expressible_marketo_salesforce(contract_dir, out_dir, seed: int, end_date,
                                   maps: SalesforceMaps | None = None) -> dict:
    """The reference: the contract world of `contract_dir` without the NOT_EXPRESSED things."""
    maps = maps or load_maps()
    tables = _read(Path(contract_dir))
    plan = _plan(tables, maps, seed, _date(end_date))
    marketo_only = marketo_only_persons(tables, plan, seed)
    return write_expressible(tables, marketo_plan(plan, maps, marketo_only), out_dir,
                             reason_kept_for=np.concatenate([plan.contact_only, marketo_only]))


# --- value spellings ----------------------------------------------------------------------------


def _spellings(seed: str, key: str, value: str) -> dict[str, list[str]]:
    """contract value -> its Marketo spellings from a map seed (normalised values, spelled as
    Marketo shows them: `paid_search` -> `Paid Search`)."""
    out: dict[str, list[str]] = {}
    for row in _seed_rows(seed, None) or []:
        out.setdefault(row[value].strip(), []).append(row[key].strip().replace("_", " ").title())
    return out


def _spell(options: dict, values: pd.Series, salt) -> np.ndarray:
    salt = np.asarray(salt, dtype=np.int64)
    return np.array([None if not isinstance(v, str) else
                     (options.get(v) or [v.replace("_", " ").title()])[s % len(options.get(v) or [v])]
                     for v, s in zip(values, salt)], dtype=object)


def _form_name(activity_type: str, asset) -> str:
    return FORM_NAMES[activity_type].replace("{asset}", asset if isinstance(asset, str) else "Content")


def _page_url(activity_type: str, asset, salt: int) -> str:
    path = asset if isinstance(asset, str) and asset.startswith("/") else "/"
    if activity_type == "pricing_page_view":
        return SITE + path + ("?plan=pro" if salt % 2 else "")
    return SITE + path


def _check_round_trip() -> None:
    """Every form name and URL the shape writes maps back to its activity through the seeds."""
    forms = sorted((_seed_rows("marketo_form_activity_map", None) or []), key=lambda r: int(r["priority"]))
    urls = sorted((_seed_rows("marketo_url_activity_map", None) or []), key=lambda r: int(r["priority"]))

    def first(rows, column, text):
        return next((r["activity_type"] for r in rows if re.search(r[column], text.lower())), None)

    for activity in FORM_NAMES:
        for asset in (*CONTENT, None):
            got = first(forms, "form_name_pattern", _form_name(activity, asset))
            if got != activity:
                raise ValueError(f"form {_form_name(activity, asset)!r} maps to {got!r}, not {activity!r}")
    for activity, path in (("page_view", "/"), ("page_view", "/docs"), ("pricing_page_view", "/pricing")):
        for salt in (0, 1):
            got = first(urls, "url_pattern", _page_url(activity, path, salt)) or "page_view"
            if got != activity:
                raise ValueError(f"URL {_page_url(activity, path, salt)!r} maps to {got!r}, not {activity!r}")


# --- the transform ------------------------------------------------------------------------------


def _filter_parquet(path: Path, keep) -> int:
    table = pq.read_table(path)
    table = table.filter(pa.array(np.asarray(keep, dtype=bool)))
    _write(path, table)
    return table.num_rows


def _move_engagement_out_of_salesforce(sf: Path, keys: pd.DataFrame, moved: set) -> None:
    """Drop the campaign members whose activity Marketo now holds (with their soft-deleted
    copies: same campaign, person and creation), and the campaigns left empty (spend campaigns stay)."""
    member = pq.read_table(sf / "campaign_member.parquet").to_pandas()
    gone = keys[(keys.salesforce_table == "campaign_member") & keys.contract_id.isin(moved)].salesforce_id
    same = ["campaign_id", "lead_id", "contact_id", "status", "created_date"]
    copy_of_gone = member[same].merge(member.loc[member.id.isin(gone), same].drop_duplicates(), how="left",
                                      on=same, indicator=True)["_merge"].eq("both").to_numpy()
    keep = ~member.id.isin(gone).to_numpy() & ~copy_of_gone
    _filter_parquet(sf / "campaign_member.parquet", keep)
    campaign = pq.read_table(sf / "campaign.parquet").to_pandas()
    _filter_parquet(sf / "campaign.parquet",
                    campaign.id.isin(member.campaign_id[keep]) | campaign.actual_cost.notna())


def _drop_from_salesforce(sf: Path, keys: pd.DataFrame, marketo_only) -> pd.DataFrame:
    """Take the Marketo-only persons out of Salesforce's lead and lead_history (soft-deleted copies
    too: same e-mail / lead id); returns the keys without them."""
    gone = keys[(keys.contract_table == "leads") & keys.contract_id.isin(list(marketo_only))]
    lead = pq.read_table(sf / "lead.parquet").to_pandas()
    emails = set(lead.email[lead.id.isin(gone.salesforce_id)])
    _filter_parquet(sf / "lead.parquet", ~lead.id.isin(gone.salesforce_id) & ~lead.email.isin(emails))
    history = pq.read_table(sf / "lead_history.parquet").to_pandas()
    _filter_parquet(sf / "lead_history.parquet", ~history.lead_id.isin(gone.salesforce_id))
    return keys.drop(gone.index)


def _persons(leads: pd.DataFrame, sf: Path, keys: pd.DataFrame, rng, end_ts, marketo_only) -> pd.DataFrame:
    """One Marketo lead per person, with its Salesforce links (or none: linked by e-mail); a
    Marketo-only person as the contract holds it, its account by sfdc_account_id."""
    person = keys[keys.contract_table == "leads"].set_index("contract_id")
    account_sf = keys[keys.contract_table == "accounts"].set_index("contract_id").salesforce_id
    own = leads.lead_id.isin(list(marketo_only)).to_numpy()
    sf_lead = pq.read_table(sf / "lead.parquet").to_pandas().set_index("id")
    contact = pq.read_table(sf / "contact.parquet").to_pandas().set_index("id")
    sf_id = leads.lead_id.map(person.salesforce_id)
    is_lead = (leads.lead_id.map(person.salesforce_table) == "lead").to_numpy()
    contact_id = np.where(is_lead, sf_id.map(sf_lead.converted_contact_id), sf_id)
    contact_id = pd.Series(contact_id, index=leads.index).where(lambda s: s.notna(), None)
    n = len(leads)
    u, v, w = rng.random(n), rng.random(n), rng.random(n)
    delay = pd.to_timedelta(rng.integers(1, 1800, n), unit="s")
    created = leads.created_at + delay
    # linked by e-mail only when its Salesforce record is the earlier (the earliest key survives)
    email_only = (u < EMAIL_ONLY_SHARE) & (created < end_ts).to_numpy() & ~own
    created = created.where((created < end_ts) & ~own, leads.created_at)
    lead_only = contact_id.notna().to_numpy() & is_lead & (v < LEAD_ID_ONLY_SHARE)
    return pd.DataFrame({
        "id": _number(leads.lead_id), "contract_id": leads.lead_id.to_numpy(),
        "email": np.where((w < OTHER_CASE_SHARE) & ~own, leads.email.str.upper(), leads.email),
        "first_name": leads.first_name, "last_name": leads.last_name, "title": leads.job_title,
        "company": leads.company_name, "country": leads.country,
        "lead_source": _spell(_spellings("marketo_lead_source_map", "source_value", "lead_source"),
                              leads.lead_source, _number(leads.lead_id)),
        "created_at": created, "updated_at": np.where(own, leads.updated_at, np.maximum(leads.updated_at, created)),
        "sfdc_lead_id": np.where(is_lead & ~email_only, sf_id, None),
        "sfdc_contact_id": np.where(contact_id.notna() & ~email_only & ~lead_only, contact_id, None),
        "sfdc_account_id": np.where(own, leads.account_id.map(account_sf),
                                    np.where(~email_only, contact_id.map(contact.account_id), None)),
        "_fivetran_deleted": False,
    }).reset_index(drop=True)


def _activity_frame(A: pd.DataFrame, type_id: int, **columns) -> pd.DataFrame:
    return pd.DataFrame({
        "id": A.num.to_numpy(), "lead_id": A.mk_lead.to_numpy(), "activity_date": A.occurred_at.to_numpy(),
        "activity_type_id": type_id, "campaign_id": A.smart_campaign.to_numpy(),
        **{k: np.asarray(v, dtype=object) for k, v in columns.items()},
    })


def to_marketo_salesforce(contract_dir, out_dir, seed: int, end_date, maps: SalesforceMaps | None = None) -> dict:
    """Write the contract world of `contract_dir` as Salesforce tables (`out_dir`/salesforce) and
    Marketo tables (`out_dir`/marketo); returns row counts per table (`marketo.lead` ...)."""
    maps = maps or load_maps()
    _check_round_trip()
    contract_dir, out = Path(contract_dir), Path(out_dir)
    sf, mk = out / "salesforce", out / "marketo"
    mk.mkdir(parents=True, exist_ok=True)
    end = _date(end_date)
    end_ts = pd.Timestamp(end) + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    counts = {f"salesforce.{k}": v for k, v in to_salesforce(contract_dir, sf, seed, end, maps=maps).items()}
    (out / "_truth").mkdir(exist_ok=True)
    sf_keys = pq.read_table(sf / "_truth" / SALESFORCE_TRUTH_KEYS).to_pandas()
    shutil.rmtree(sf / "_truth")
    tables = _read(contract_dir)
    sf_plan = _plan(tables, maps, seed, end)
    marketo_only = marketo_only_persons(tables, sf_plan, seed)
    plan = marketo_plan(sf_plan, maps, marketo_only)
    leads, acts, status = tables["leads"], tables["activities"], tables["lead_status_history"]
    rng = _rng(seed, STREAM, 0)
    synced = pd.Timestamp(end) + pd.Timedelta(days=1)

    moved_acts = acts[acts.activity_type.isin(MARKETO_ACTIVITY_TYPES)].copy()
    _move_engagement_out_of_salesforce(sf, sf_keys, set(moved_acts.activity_id))
    for name in ("campaign", "campaign_member"):
        counts[f"salesforce.{name}"] = pq.read_metadata(sf / f"{name}.parquet").num_rows
    sf_keys = sf_keys[~((sf_keys.salesforce_table == "campaign_member")
                        & sf_keys.contract_id.isin(moved_acts.activity_id))]

    sf_keys = _drop_from_salesforce(sf, sf_keys, marketo_only)
    for name in ("lead", "lead_history"):
        counts[f"salesforce.{name}"] = pq.read_metadata(sf / f"{name}.parquet").num_rows
    lead = _persons(leads, sf, sf_keys, rng, end_ts, marketo_only)
    mk_of = dict(zip(lead.contract_id, lead.id))
    out_tables: dict[str, pd.DataFrame] = {}

    # programs (one per contract campaign) and their smart campaigns
    cmp = sorted(moved_acts.campaign_id.dropna().unique())
    program_id = dict(zip(cmp, _number(pd.Series(cmp, dtype=object)) if cmp else []))
    out_tables["program"] = pd.DataFrame({
        "id": list(program_id.values()), "name": [f"Program {c}" for c in program_id],
        "channel": "Email Send", "type": "default", "created_at": synced - pd.Timedelta(days=400),
        "updated_at": synced - pd.Timedelta(days=400), "_fivetran_deleted": False,
    })
    out_tables["campaign"] = pd.DataFrame({
        "id": [1000 + p for p in program_id.values()], "name": [f"Smart campaign {c}" for c in program_id],
        "program_id": list(program_id.values()), "type": "trigger", "created_at": synced - pd.Timedelta(days=400),
        "updated_at": synced - pd.Timedelta(days=400), "_fivetran_deleted": False,
    })

    # engagement activities on the person's Marketo lead (some still on a merged-away duplicate)
    A = moved_acts.sort_values("activity_id").reset_index(drop=True)
    A["num"] = ACTIVITY_ID_BASE + _number(A.activity_id)  # Marketo ids: leads and activities apart
    A["mk_lead"] = A.lead_id.map(mk_of).astype(object)
    A["smart_campaign"] = A.campaign_id.map(program_id).map(lambda p: 1000 + p, na_action="ignore").astype(object)
    merges = _merges(A, lead, rng)
    out_tables["activity_merge_leads"] = merges

    email_names = sorted(A.asset[A.activity_type.isin(list(TYPED_TABLES))].dropna().unique())
    template_of = {None: 700}
    template_of.update({a: 701 + i for i, a in enumerate(email_names)})
    A["template"] = [template_of.get(a if isinstance(a, str) else None) for a in A.asset]
    A["email_name"] = [a if isinstance(a, str) else f"Newsletter {c if isinstance(c, str) else ''}".strip()
                       for a, c in zip(A.asset, A.campaign_id)]
    out_tables["email_template_history"] = pd.DataFrame({
        "id": np.repeat(list(template_of.values()), 2), "version": np.tile([1, 2], len(template_of)),
        "name": [n for name in ["Newsletter", *email_names] for n in (f"{name} (draft)", name)],
        "updated_at": np.tile([synced - pd.Timedelta(days=500), synced - pd.Timedelta(days=450)], len(template_of)),
    })
    for activity_type, (table, type_id) in TYPED_TABLES.items():
        T = A[A.activity_type == activity_type]
        extra = {"link": SITE + "/blog"} if activity_type == "email_click" else {}
        out_tables[table] = _activity_frame(T, type_id, primary_attribute_value=T.email_name,
                                            email_template_id=T.template, **extra)
    F = A[A.activity_type.isin(list(FORM_NAMES))]
    out_tables["activity_fill_out_form"] = _activity_frame(
        F, 2, primary_attribute_value=[_form_name(t, a) for t, a in zip(F.activity_type, F.asset)],
        referrer_url=SITE + "/forms")
    V = A[A.activity_type.isin(list(PAGE_TYPES))]
    urls = [_page_url(t, a, s) for t, a, s in zip(V.activity_type, V.asset, V.num)]
    out_tables["activity_visit_webpage"] = _activity_frame(
        V, 1, primary_attribute_value=[u.removeprefix(SITE) for u in urls], webpage_url=urls)

    # sends and deliveries before the e-mail engagement: counted, not scored
    E = (A[A.activity_type.isin(list(TYPED_TABLES))].sort_values("occurred_at")
         .drop_duplicates(["mk_lead", "email_name"]).copy())
    E["occurred_at"] = E.occurred_at - pd.Timedelta(hours=1)
    E["num"] = 10 ** 10 + np.arange(len(E))
    out_tables["activity_send_email"] = _activity_frame(E, 6, primary_attribute_value=E.email_name,
                                                        email_template_id=E.template)
    E["occurred_at"] = E.occurred_at + pd.Timedelta(minutes=1)
    E["num"] = E.num + 10 ** 9
    out_tables["activity_email_delivered"] = _activity_frame(E, 7, primary_attribute_value=E.email_name,
                                                             email_template_id=E.template)
    out_tables["activity_change_data_value"] = _status_changes(
        status, np.concatenate([plan.contact_only, marketo_only]), lead, mk_of, rng)
    out_tables["lead"], out_tables["activity_delete_lead"], extra_open = _deleted_leads(lead, end, rng)
    out_tables["activity_open_email"] = pd.concat([out_tables["activity_open_email"], extra_open],
                                                  ignore_index=True)

    for name in MARKETO_TABLES:
        frame = out_tables[name].drop(columns=["contract_id"], errors="ignore").copy()
        for column in INTEGER_COLUMNS & set(frame.columns):  # Marketo ids are integers
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
        frame["_fivetran_synced"] = synced
        _write(mk / f"{name}.parquet", _arrow(frame))
        counts[f"marketo.{name}"] = len(frame)

    keys = [sf_keys.assign(source_system="salesforce").rename(
        columns={"salesforce_table": "source_table", "salesforce_id": "source_id"})]
    keys.append(pd.DataFrame({"contract_table": "leads", "contract_id": lead.contract_id, "source_system": "marketo",
                              "source_table": "lead", "source_id": lead.id.astype(str)}))
    keys.append(pd.DataFrame({"contract_table": "activities", "contract_id": A.activity_id,
                              "source_system": "marketo", "source_table": A.activity_type.map(
                                  lambda t: TYPED_TABLES.get(t, ("activity_fill_out_form" if t in FORM_NAMES
                                                                 else "activity_visit_webpage",))[0]),
                              "source_id": A.num.astype(str)}))
    keys.append(pd.DataFrame({"contract_table": "campaigns", "contract_id": list(program_id),
                              "source_system": "marketo", "source_table": "program",
                              "source_id": [f"program:{p}" for p in program_id.values()]}))
    key_frame = pd.concat(keys, ignore_index=True)
    key_frame["key"] = np.where(key_frame.source_system == "marketo", PREFIX + key_frame.source_id, key_frame.key)
    _write(out / "_truth" / TRUTH_KEYS, pa.Table.from_pandas(key_frame, preserve_index=False))
    _write(out / "_truth" / TRUTH_NOT_EXPRESSED, pa.Table.from_pandas(plan.not_expressed, preserve_index=False))
    return counts


def _merges(A: pd.DataFrame, lead: pd.DataFrame, rng) -> pd.DataFrame:
    """Merged duplicates: some persons' first activity stays on a merged-away lead id; one chain
    (a duplicate merged into a duplicate, then into the survivor) and one `[a, b]` merge."""
    first = A.drop_duplicates("mk_lead")
    picked = first[rng.random(len(first)) < MERGED_SHARE]
    if len(picked) < 2:
        picked = first.iloc[:2]
    rows = []
    for i, (index, act) in enumerate(picked.iterrows()):
        loser = 5 * 10 ** 8 + int(act.mk_lead)
        A.loc[index, "mk_lead"] = loser
        merge_ids = f"[{loser}]"
        if i == 1:  # two duplicates at once
            merge_ids = f"[{loser}, {6 * 10 ** 8 + int(act.mk_lead)}]"
        rows.append((2 * 10 ** 10 + i, int(act.mk_lead), merge_ids, act.occurred_at + pd.Timedelta(days=1)))
        if i == 0:  # a chain: a second duplicate was merged into the first one before
            second = A[(A.mk_lead == act.mk_lead) & (A.index != index)].head(1)
            if len(second) == 0:
                second = A[A.index == index]
            chained = 7 * 10 ** 8 + int(act.mk_lead)
            A.loc[second.index, "mk_lead"] = chained
            rows.append((2 * 10 ** 10 + 100, loser, f"[{chained}]", act.occurred_at - pd.Timedelta(days=2)))
    names = lead.set_index("id").first_name
    return pd.DataFrame({
        "id": [r[0] for r in rows], "lead_id": [r[1] for r in rows], "merge_ids": [r[2] for r in rows],
        "activity_date": [r[3] for r in rows], "activity_type_id": 32, "campaign_id": None,
        "primary_attribute_value": [names.get(r[1] if r[1] in names.index else r[1] - 5 * 10 ** 8, None)
                                    for r in rows],
    })


def _status_changes(status: pd.DataFrame, persons, lead: pd.DataFrame, mk_of: dict, rng) -> pd.DataFrame:
    """Lead Status changes of the persons Salesforce holds as contacts without a lead (their
    Salesforce record has no status) or not at all, plus changes of another field the connector
    must skip."""
    S = status[status.lead_id.isin(list(persons))].sort_values(["lead_id", "changed_at"]).reset_index(drop=True)
    spell = _spellings("marketo_lead_status_map", "status_value", "status")
    S["value"] = _spell(spell, S.status, np.arange(len(S)))
    changes = pd.DataFrame({
        "id": 3 * 10 ** 10 + np.arange(len(S)), "lead_id": S.lead_id.map(mk_of).to_numpy(),
        "activity_date": S.changed_at.to_numpy(), "activity_type_id": 13, "campaign_id": None,
        "primary_attribute_value": STATUS_FIELD, "new_value": S.value,
        "old_value": S.groupby("lead_id").value.shift(1).to_numpy(), "reason": S.reason.to_numpy(),
    })
    noisy = lead[rng.random(len(lead)) < SCORE_NOISE_SHARE]
    score = pd.DataFrame({
        "id": 4 * 10 ** 10 + np.arange(len(noisy)), "lead_id": noisy.id.to_numpy(),
        "activity_date": (noisy.created_at + pd.Timedelta(minutes=5)).to_numpy(), "activity_type_id": 13,
        "campaign_id": None, "primary_attribute_value": "Behavior Score", "new_value": "15", "old_value": "0",
        "reason": "Score changed",
    })
    return pd.concat([changes, score], ignore_index=True)


def _deleted_leads(lead: pd.DataFrame, end, rng):
    """Extra leads the connector must drop: deleted by a Delete Lead activity (each with an e-mail
    open of its own), and one soft deleted by Fivetran."""
    start = pd.Timestamp(end) - pd.Timedelta(days=60)
    n = DELETED_LEADS + 1
    ids = 9 * 10 ** 8 + np.arange(n)
    extra = pd.DataFrame({
        "id": ids, "contract_id": None, "email": [f"former.person{i}@example.net" for i in range(n)],
        "first_name": "Former", "last_name": [f"Person {i}" for i in range(n)], "title": None, "company": None,
        "country": None, "lead_source": "Website", "created_at": start, "updated_at": start + pd.Timedelta(days=1),
        "sfdc_lead_id": None, "sfdc_contact_id": None, "sfdc_account_id": None,
        "_fivetran_deleted": [False] * DELETED_LEADS + [True],
    })
    deleted = pd.DataFrame({
        "id": 5 * 10 ** 10 + np.arange(DELETED_LEADS), "lead_id": ids[:DELETED_LEADS],
        "activity_date": start + pd.Timedelta(days=2), "activity_type_id": 29, "campaign_id": None,
        "primary_attribute_value": extra.last_name[:DELETED_LEADS].to_numpy(),
    })
    opens = pd.DataFrame({
        "id": 6 * 10 ** 10 + np.arange(DELETED_LEADS), "lead_id": ids[:DELETED_LEADS],
        "activity_date": start + pd.Timedelta(days=1), "activity_type_id": 10, "campaign_id": None,
        "primary_attribute_value": "Newsletter", "email_template_id": 700,
    })
    return pd.concat([lead, extra], ignore_index=True), deleted, opens
