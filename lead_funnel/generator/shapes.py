"""Connector shapes of the generated world (``lead-funnel generate --shape``).

``--shape contract`` (default) writes the six raw contract tables. ``--shape salesforce`` writes
the SAME planted world as Salesforce holds it, in the tables Fivetran lands (snake_case:
``account``, ``lead``, ``contact``, ``opportunity``, ``opportunity_contact_role``, ``task``,
``event``, ``campaign``, ``campaign_member``, ``lead_history``, ``user``, with ``_fivetran_synced``,
``_fivetran_deleted`` and ``is_deleted``); ``--shape salesforce-airbyte`` the same rows with the API
column names Airbyte keeps (``CreatedDate``, ``IsDeleted``, ``WhoId``).

It is a transform of the contract world (``to_salesforce``), never a second world model:

* persons: a lead that got an opportunity is a CONVERTED lead (``is_converted``,
  ``converted_contact_id`` / ``converted_account_id`` / ``converted_opportunity_id``,
  ``converted_date``) plus its contact; activities after the conversion sit on the contact.
  A share of the account leads that were never worked are CONTACTS WITHOUT A LEAD. The rest
  are leads.
* activities: ``sales_call`` / ``sales_email`` are tasks (``task_subtype`` Call / Email),
  ``meeting_held`` events; the marketing activities the campaign activity map can express are
  campaign members (campaign type / name / member status chosen so that the map gives the
  activity back, checked by ``_check_campaign_round_trip``); a registrant who attends the same
  webinar on a later day is one member row updated to Attended (``last_modified_date``).
* statuses: ``lead_history`` rows (``field = 'Status'``) after the status at creation.
* spend: one campaign per spend row (``actual_cost`` over ``start_date`` = ``end_date`` = the day),
  or, for about a third of the campaigns, one per run of consecutive days within a week
  (``_spend_groups``: the connector spreads it evenly), its ``type`` the campaign type that the
  spend map turns into the row's lead source.
* opportunities: linked to the person by ``opportunity_contact_role`` (primary; some with an earlier
  non-primary role of another contact, some with a non-primary only role) or, without a role, by the
  lead's ``converted_opportunity_id``.
* a few responses and e-mail tasks are held with a date only (``_date_only``).
* noise the connector must drop or resolve: soft-deleted copies of rows (``is_deleted`` or
  ``_fivetran_deleted``), merged duplicates (deleted, ``master_record_id`` = the survivor): leads
  with one of the survivor's tasks, contacts with one of the survivor's campaign members still
  pointing at them.

Values go through the inverse of the value maps (seeds ``seeds/maps/salesforce_*.csv`` when they
exist, else the issue's default tables below); a contract value with several Salesforce
spellings cycles through all of them.

What Salesforce cannot hold is named in ``NOT_EXPRESSED`` (README "Salesforce shape: what it
cannot express"); ``expressible_contract`` writes the contract world without exactly those
things, the reference the equality test (python_tests/test_salesforce_shape.py) builds.
Both functions also write ``_truth/salesforce_keys.parquet`` (contract key <-> Salesforce key).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lead_funnel import settings
from lead_funnel.generator.common import _rng
from lead_funnel.generator.constants import PARQUET_COMPRESSION, SCHEMAS

SHAPES = ("contract", "salesforce", "salesforce-airbyte", "hubspot", "marketo_salesforce")  # generator/shape_hubspot.py, shape_marketo.py
STREAM_SHAPES = 20
KEY_PREFIX = "salesforce:"
TRUTH_KEYS = "salesforce_keys.parquet"

# --- the value maps: the defaults (overridden by seeds/maps/salesforce_*.csv) -----------
DEFAULT_STATUS_MAP = {  # Salesforce lead status -> contract status
    "Open - Not Contacted": "open", "Working - Contacted": "working", "Accepted": "accepted", "SAL": "accepted",
    "Nurture": "nurture", "Recycled": "nurture", "Closed - Not Converted": "rejected", "Unqualified": "rejected",
    "Disqualified": "disqualified", "Closed - Converted": "qualified", "Qualified": "qualified", "SQL": "qualified",
}
DEFAULT_LEAD_SOURCE_MAP = {  # Salesforce lead source -> contract lead_source
    "Web": "direct", "Phone Inquiry": "direct", "Partner Referral": "partner", "Purchased List": "list_import",
    "Trade Show": "trade_show", "Webinar": "webinar", "Employee Referral": "referral",
    "External Referral": "referral", "Word of mouth": "referral", "Advertisement": "paid_search",
    "Seminar - Internal": "event", "Seminar - Partner": "event",
}
DEFAULT_STAGE_MAP = {  # Salesforce opportunity stage -> contract stage
    "Prospecting": "discovery", "Qualification": "discovery", "Needs Analysis": "discovery",
    "Value Proposition": "proposal", "Proposal/Price Quote": "proposal",
    "Negotiation/Review": "negotiation", "Closed Won": "closed_won", "Closed Lost": "closed_lost",
}
# campaign type -> lead_source of its spend
DEFAULT_SPEND_TYPE_MAP = {
    "Advertisement": "paid_search", "Banner Ads": "paid_social", "Content Syndication": "content_syndication",
    "Webinar": "webinar", "Seminar / Conference": "event", "Trade Show": "trade_show",
    "Purchased List": "list_import", "Partners": "partner",
}


@dataclass(frozen=True)
class CampaignRule:
    """One row of the campaign activity map: type and/or name pattern, member status -> activity."""

    campaign_type: str | None
    name_pattern: str | None
    member_status: str
    activity_type: str

    def matches(self, campaign_type: str, name: str, status: str) -> bool:
        if status.lower() != self.member_status.lower():
            return False
        by_type = self.campaign_type is not None and campaign_type.lower() == self.campaign_type.lower()
        by_name = self.name_pattern is not None and re.search(self.name_pattern, name, re.IGNORECASE) is not None
        return by_type or by_name


DEFAULT_CAMPAIGN_RULES = (
    CampaignRule("Webinar", None, "Registered", "webinar_registered"),
    CampaignRule("Webinar", None, "Attended", "webinar_attended"),
    CampaignRule(None, "demo", "Responded", "demo_request"),
    CampaignRule(None, "contact", "Responded", "contact_form"),
    CampaignRule(None, "trial", "Responded", "free_trial_signup"),
    CampaignRule("Content", "ebook|whitepaper|guide|report|download", "Responded", "content_download"),
    CampaignRule("Email", None, "Responded", "email_click"),
)
# the sales touches (seed salesforce_sales_touch_map): activity -> task subtype; activities held as events
TASK_SUBTYPES = {"sales_call": "Call", "sales_email": "Email"}
EVENT_ACTIVITIES = ("meeting_held",)

# How each expressible marketing activity is held: campaign type, name (``{asset}`` / ``{campaign}``:
# the contract row's asset / campaign id), member status.
CAMPAIGN_SHAPES = {
    "webinar_registered": ("Webinar", "{asset}", "Registered"),
    "webinar_attended": ("Webinar", "{asset}", "Attended"),
    "demo_request": ("Other", "Demo Request (website)", "Responded"),
    "contact_form": ("Other", "Contact Us (website)", "Responded"),
    "free_trial_signup": ("Other", "Free Trial Signups", "Responded"),
    "content_download": ("Content", "{asset}", "Responded"),
    "email_click": ("Email", "Nurture Email {campaign}", "Responded"),
}

# What the Salesforce shape cannot hold, by name (README table). Activity types are added by
# ``not_expressed_activity_types``: every type neither a task, an event nor in the campaign map.
NOT_EXPRESSED = {
    "activity_type": "a marketing activity type no campaign-map row produces (web analytics / e-mail "
                     "engagement live in the marketing-automation tool, not in Salesforce)",
    "webinar_registration_superseded": "webinar_registered followed on a later day by webinar_attended of the "
                                       "same webinar: one campaign member row per person and campaign, updated to "
                                       "Attended, keeps no record of the registration",
    "converted_lead_account": "leads.account_id of a converted lead that had none (matched by e-mail domain): "
                              "converting a lead attaches its contact to the opportunity's account",
    "lead_account_of_unconverted_lead": "leads.account_id of a person Salesforce holds as an unconverted lead: "
                                        "a Lead has no account (the pipeline matches it by e-mail domain)",
    "status_of_contact_without_lead": "lead_status_history of a person Salesforce holds as a contact without a "
                                      "lead: a Contact has no lead status",
    "status_reason": "lead_status_history.reason: no standard Salesforce field holds it",
    "campaign_response_date_only": "occurred_at of a campaign member added days before it responded and modified "
                                   "again days after: only first_responded_date (a date) tells when",
    "sales_touch_date_only": "occurred_at of a task logged with an activity_date and no completed_date_time",
    "spend_spread_over_campaign_days": "campaign_spend.amount_usd per day of a campaign held as one Salesforce "
                                       "campaign over several days: actual_cost is spread evenly",
    "opportunity_closed_time": "opportunities.closed_at: Salesforce's close_date is a date (the reference "
                               "keeps the day, 00:00 UTC)",
}
# Share of never-worked account leads held as contacts without a lead; of soft-deleted extra copies.
CONTACT_ONLY_SHARE = 0.3
DELETED_COPY_SHARE = 0.01
MERGED_SHARE = 0.01
SPREAD_CAMPAIGN_SHARE = 0.3  # spend campaigns whose week-long runs are one campaign spread over its days
DATE_ONLY_SHARE = 0.03
ROLE_VARIANT_SHARE = 0.15  # lead opportunities without role / with a non-primary only role / an extra role  # responded members and e-mail tasks held with a date only


# --- value maps ---------------------------------------------------------------------------------


@dataclass
class SalesforceMaps:
    status: dict = field(default_factory=lambda: dict(DEFAULT_STATUS_MAP))
    lead_source: dict = field(default_factory=lambda: dict(DEFAULT_LEAD_SOURCE_MAP))
    stage: dict = field(default_factory=lambda: dict(DEFAULT_STAGE_MAP))
    spend_type: dict = field(default_factory=lambda: dict(DEFAULT_SPEND_TYPE_MAP))
    campaign_rules: tuple = DEFAULT_CAMPAIGN_RULES
    task_subtypes: dict = field(default_factory=lambda: dict(TASK_SUBTYPES))
    event_activities: tuple = EVENT_ACTIVITIES
    source: str = "defaults"

    def inverse(self, name: str) -> dict[str, list[str]]:
        """contract value -> its Salesforce spellings (in map order)."""
        out: dict[str, list[str]] = {}
        for sf_value, value in getattr(self, name).items():
            out.setdefault(value, []).append(sf_value)
        return out

    def campaign_activity(self, campaign_type: str, name: str, status: str) -> str | None:
        for rule in self.campaign_rules:
            if rule.matches(campaign_type, name, status):
                return rule.activity_type
        return None


def _seed_rows(name: str, project: Path | None) -> list[dict] | None:
    try:
        return settings.read_seed(name, project)
    except (FileNotFoundError, LookupError, ValueError, settings.SettingsError):
        return None


def _pair_map(rows: list[dict], key_candidates, value_candidates) -> dict:
    if not rows:
        return {}
    columns = list(rows[0])
    key = next(c for c in columns if c in key_candidates)
    value = next(c for c in columns if c in value_candidates)
    return {r[key].strip(): r[value].strip() for r in rows if r.get(key) and r.get(value)}


def load_maps(project: Path | None = None) -> SalesforceMaps:
    """The value maps as the connector reads them: seeds/maps/salesforce_*.csv when present
    (branch i13sf), else the issue's default tables."""
    maps = SalesforceMaps()
    found = []
    sf_value = ("salesforce_value", "salesforce_status", "salesforce_lead_source", "salesforce_stage",
                "stage_name", "status", "lead_source", "campaign_type", "value")
    for attr, seed, target in (("status", "salesforce_lead_status_map", ("status", "canonical_status", "contract_value")),
                               ("lead_source", "salesforce_lead_source_map", ("lead_source", "canonical_lead_source", "contract_value")),
                               ("stage", "salesforce_opportunity_stage_map", ("stage", "canonical_stage", "contract_value")),
                               ("spend_type", "salesforce_campaign_type_lead_source_map", ("lead_source", "canonical_lead_source", "contract_value"))):
        rows = _seed_rows(seed, project)
        if rows:
            keys = [c for c in rows[0] if c in sf_value and c not in target]
            values = [c for c in rows[0] if c in target]
            if keys and values:
                setattr(maps, attr, _pair_map(rows, keys, values))
                found.append(seed)
    rows = _seed_rows("salesforce_campaign_member_activity_map", project)
    if rows:
        def blank(v):
            return v.strip() if v and v.strip() else None
        maps.campaign_rules = tuple(
            CampaignRule(blank(r.get("campaign_type")), blank(r.get("campaign_name_pattern") or r.get("name_pattern")),
                         r["member_status"].strip(), r["activity_type"].strip())
            for r in sorted(rows, key=lambda r: int(r.get("priority") or 0)))
        found.append("salesforce_campaign_member_activity_map")
    rows = _seed_rows("salesforce_sales_touch_map", project)
    if rows:
        tasks: dict = {}
        for r in rows:
            if r["salesforce_object"].strip().lower() == "task" and r.get("salesforce_type"):
                tasks.setdefault(r["activity_type"].strip(), r["salesforce_type"].strip())
        maps.task_subtypes = tasks
        maps.event_activities = tuple(dict.fromkeys(
            r["activity_type"].strip() for r in rows if r["salesforce_object"].strip().lower() == "event"))
        found.append("salesforce_sales_touch_map")
    if found:
        maps.source = ", ".join(found)
    return maps


def not_expressed_activity_types(maps: SalesforceMaps) -> tuple[str, ...]:
    """Activity types the Salesforce shape cannot hold (excluded by name from the reference): neither
    a task, an event nor a campaign member that the campaign activity map gives back."""
    from lead_funnel.generator.constants import ACTIVITY_TYPES

    mapped = {r.activity_type for r in maps.campaign_rules}
    held = set(maps.task_subtypes) | set(maps.event_activities) | (set(CAMPAIGN_SHAPES) & mapped)
    return tuple(t for t in ACTIVITY_TYPES if t not in held)


# --- ids ----------------------------------------------------------------------------------------


def _number(ids: pd.Series) -> np.ndarray:
    return ids.str.rsplit("_", n=1).str[-1].astype(np.int64).to_numpy()


def _sf_ids(prefix: str, numbers) -> np.ndarray:
    """15-character Salesforce ids: 3-character key prefix + zero-padded number."""
    return np.array([f"{prefix}{int(n):012d}" for n in numbers], dtype=object)


def _cycle(options: dict[str, list[str]], values: pd.Series, salt: np.ndarray) -> np.ndarray:
    """Each contract value's Salesforce spelling, cycling through all spellings (by `salt`);
    a value without a spelling is kept as is, title-cased (the connector keeps and flags it)."""
    vals = pd.Series(values).reset_index(drop=True)
    salt = np.asarray(salt, dtype=np.int64)
    out = np.full(len(vals), None, dtype=object)
    for value in vals.dropna().unique():
        mask = (vals == value).to_numpy()
        spellings = np.array(options.get(value) or [value.replace("_", " ").title()], dtype=object)
        out[mask] = spellings[salt[mask] % len(spellings)]
    return out


# --- the plan: which person is what, shared by the transform and the reference ------------------


@dataclass
class Plan:
    end_us: int
    converted: pd.DataFrame  # lead_id, opportunity_id, account_id, conversion_at, converted_date
    contact_only: np.ndarray  # contract lead ids held as contacts without a lead
    superseded: pd.DataFrame  # registration_id, attendance_id, registered_at (one member row each)
    not_expressed: pd.DataFrame  # table, contract_id, class
    date_only: pd.DataFrame  # activity_id, days_before, days_after: held with a date only (see below)
    spend: pd.DataFrame  # the spend rows (sorted) with `group` (-1: own one-day campaign) and `cost`

    def dropped_activities(self) -> pd.Series:
        """Contract activity ids Salesforce does not hold at all (the date-only ones it holds)."""
        ne = self.not_expressed
        return ne.contract_id[ne["class"].str.startswith("activity_type:")
                              | (ne["class"] == "webinar_registration_superseded")]


def _read(contract_dir: Path) -> dict[str, pd.DataFrame]:
    return {t: pq.read_table(contract_dir / f"{t}.parquet").to_pandas() for t in SCHEMAS}


def _plan(tables: dict, maps: SalesforceMaps, seed: int, end_date: dt.date) -> Plan:
    leads, opps, status, acts = (tables[t] for t in ("leads", "opportunities", "lead_status_history", "activities"))
    rng = _rng(seed, STREAM_SHAPES, 0)
    end_ts = pd.Timestamp(end_date) + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    # converted: a lead with an opportunity, converted when its first opportunity was created
    lead_opps = opps[opps.lead_id.notna()].sort_values(["lead_id", "created_at", "opportunity_id"])
    first = lead_opps.groupby("lead_id", as_index=False).first()
    qualified = status[status.status == "qualified"].groupby("lead_id").changed_at.max()
    first["qualified_at"] = first.lead_id.map(qualified)
    first["conversion_at"] = first.created_at
    # the converted date is a date: the day after the qualification (never before it), so that the
    # status history, not the date, tells when the lead was qualified
    day_after = (first.qualified_at.fillna(first.created_at).dt.floor("D") + pd.Timedelta(days=1))
    first["converted_date"] = day_after.where(day_after <= end_ts, first.qualified_at.fillna(first.created_at)
                                              .dt.floor("D")).dt.date
    converted = first[["lead_id", "opportunity_id", "account_id", "conversion_at", "converted_date"]]
    # contacts without a lead: never-worked account leads (only the `open` status), not converted
    n_status = status.groupby("lead_id").size()
    only_open = leads.lead_id.map(n_status).fillna(0).to_numpy() <= 1
    candidates = leads.account_id.notna().to_numpy() & only_open & ~leads.lead_id.isin(converted.lead_id).to_numpy()
    contact_only = leads.lead_id.to_numpy()[candidates & (rng.random(len(leads)) < CONTACT_ONLY_SHARE)]

    rows = []
    gone_types = set(not_expressed_activity_types(maps))
    dropped = acts[acts.activity_type.isin(gone_types)]
    rows.append(pd.DataFrame({"table": "activities", "contract_id": dropped.activity_id,
                              "class": "activity_type:" + dropped.activity_type}))
    superseded = _superseded_registrations(acts, converted, contact_only)
    rows.append(pd.DataFrame({"table": "activities", "contract_id": superseded.registration_id,
                              "class": "webinar_registration_superseded"}))
    unconverted = leads[leads.account_id.notna() & ~leads.lead_id.isin(converted.lead_id)
                        & ~leads.lead_id.isin(contact_only)]
    rows.append(pd.DataFrame({"table": "leads", "contract_id": unconverted.lead_id,
                              "class": "lead_account_of_unconverted_lead"}))
    no_account = leads[leads.account_id.isna() & leads.lead_id.isin(converted.lead_id)]
    rows.append(pd.DataFrame({"table": "leads", "contract_id": no_account.lead_id, "class": "converted_lead_account"}))
    rows.append(pd.DataFrame({"table": "lead_status_history", "contract_id": contact_only,
                              "class": "status_of_contact_without_lead"}))
    date_only = _date_only(acts, maps, superseded, end_ts, _rng(seed, STREAM_SHAPES, 2))
    for cls in ("campaign_response_date_only", "sales_touch_date_only"):
        picked = date_only[date_only.kind == cls]
        rows.append(pd.DataFrame({"table": "activities", "contract_id": picked.activity_id, "class": cls}))
    spend = _spend_groups(tables["campaign_spend"], _rng(seed, STREAM_SHAPES, 3))
    spread = spend[spend.group >= 0]
    rows.append(pd.DataFrame({"table": "campaign_spend", "contract_id": spread.row_key,
                              "class": "spend_spread_over_campaign_days"}))
    end_us = int((end_ts - pd.Timestamp(0)) // pd.Timedelta(microseconds=1))
    return Plan(end_us, converted, contact_only, superseded, pd.concat(rows, ignore_index=True), date_only, spend)


def _spend_groups(spend: pd.DataFrame, rng) -> pd.DataFrame:
    """Spend rows in campaign order; for about a third of the campaigns, each run of consecutive days
    within one calendar week of a month becomes ONE Salesforce campaign (actual_cost = the run's total
    over start_date..end_date), which the connector spreads evenly: those days hold total / days."""
    sp = spend.sort_values(["campaign_id", "lead_source", "spend_date"], na_position="first",
                           kind="stable").reset_index(drop=True)
    sp["row_key"] = (sp.spend_date.astype(str) + "|" + sp.lead_source + "|" + sp.campaign_id.fillna(""))
    campaigns = sp.campaign_id.dropna().unique()
    chosen = set(campaigns[rng.random(len(campaigns)) < SPREAD_CAMPAIGN_SHARE])
    day = pd.to_datetime(sp.spend_date)
    bucket = (sp.campaign_id.fillna("") + "|" + sp.lead_source + "|" + day.dt.strftime("%Y-%m") + "|"
              + ((day.dt.day - 1) // 7).astype(str))
    new_run = (bucket != bucket.shift()) | (day.diff() != pd.Timedelta(days=1))
    run = new_run.cumsum()
    size = run.map(run.value_counts())
    spread = sp.campaign_id.isin(chosen) & (size >= 2)
    sp["group"] = np.where(spread, run, -1)
    sp["cost"] = np.where(spread, sp.groupby("group").amount_usd.transform("sum"), sp.amount_usd)
    sp["days"] = np.where(spread, size, 1)
    return sp


def _date_only(acts, maps: SalesforceMaps, superseded, end_ts, rng) -> pd.DataFrame:
    """Activities Salesforce holds with a date only: a share of responded content/e-mail campaign
    members added to the campaign days before they responded and modified again days after (so
    neither created_date nor last_modified_date falls on first_responded_date), and a share of
    e-mail tasks logged with an activity_date but no completed_date_time."""
    u = rng.random(len(acts))
    days_before = rng.integers(1, 6, len(acts))
    room = ((end_ts - acts.occurred_at) // pd.Timedelta(days=1)).to_numpy()
    days_after = np.minimum(rng.integers(1, 11, len(acts)), room)
    member = (acts.activity_type.isin(["content_download", "email_click"]).to_numpy() & (u < DATE_ONLY_SHARE)
              & (room >= 1) & ~acts.activity_id.isin(superseded.attendance_id).to_numpy())
    task = (acts.activity_type.isin([a for a, t in maps.task_subtypes.items() if t == "Email"]).to_numpy()
            & (u < DATE_ONLY_SHARE))
    kind = np.where(member, "campaign_response_date_only", np.where(task, "sales_touch_date_only", ""))
    # at most one per lead and day: two activities at the same 00:00 would be ordered by their record
    # ids, which differ between the shapes (a tie the contract world never has)
    day = acts.occurred_at.dt.floor("D")
    first_of_day = ~pd.DataFrame({"lead": acts.lead_id, "day": day, "picked": kind != ""}).duplicated()
    picked = (kind != "") & first_of_day.to_numpy()
    return pd.DataFrame({"activity_id": acts.activity_id.to_numpy()[picked], "kind": kind[picked],
                         "days_before": days_before[picked], "days_after": days_after[picked]})


def _who(acts: pd.DataFrame, converted: pd.DataFrame, contact_only) -> pd.Series:
    """Per activity: `L<lead>` (on the lead) or `C<lead>` (on the person's contact)."""
    conv_at = acts.lead_id.map(converted.set_index("lead_id").conversion_at)
    on_contact = acts.lead_id.isin(contact_only) | (conv_at.notna() & (acts.occurred_at >= conv_at))
    return np.where(on_contact, "C", "L") + acts.lead_id


def _superseded_registrations(acts: pd.DataFrame, converted, contact_only) -> pd.DataFrame:
    """A registration followed, next in time for the same person (lead or contact) and webinar, by
    an attendance on a later day: Salesforce holds one member row, updated to Attended."""
    web = acts[acts.activity_type.isin(["webinar_registered", "webinar_attended"])].copy()
    empty = pd.DataFrame({"registration_id": pd.Series([], dtype=object),
                          "attendance_id": pd.Series([], dtype=object),
                          "registered_at": pd.Series([], dtype="datetime64[us]")})
    if web.empty:
        return empty
    web["who"] = _who(web, converted, contact_only)
    web = web.sort_values(["who", "asset", "occurred_at", "activity_id"])
    nxt = web.groupby(["who", "asset"])[["activity_type", "occurred_at", "activity_id"]].shift(-1)
    merged = ((web.activity_type == "webinar_registered") & (nxt.activity_type == "webinar_attended")
              & (nxt.occurred_at.dt.floor("D") > web.occurred_at.dt.floor("D")))
    # an attendance absorbs at most the registration right before it
    return pd.DataFrame({"registration_id": web.activity_id[merged].to_numpy(),
                         "attendance_id": nxt.activity_id[merged].to_numpy(),
                         "registered_at": web.occurred_at[merged].to_numpy()})


# --- the reference: the contract world without what Salesforce cannot hold ----------------------


def expressible_contract(contract_dir, out_dir, seed: int, end_date, maps: SalesforceMaps | None = None) -> dict:
    """Write the contract world of `contract_dir` without the NOT_EXPRESSED things into `out_dir`
    (contract shape); returns rows removed/changed per class."""
    maps = maps or load_maps()
    tables = _read(Path(contract_dir))
    return write_expressible(tables, _plan(tables, maps, seed, _date(end_date)), out_dir)


def write_expressible(tables: dict, plan: Plan, out_dir, reason_kept_for=()) -> dict:
    """Write `tables` (the contract world) without the things `plan.not_expressed` names into
    `out_dir`; status reasons are kept only for the leads in `reason_kept_for` (a shape that holds
    them: shape_marketo). Shared by every connector shape's reference."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ne = plan.not_expressed
    counts = ne["class"].str.split(":").str[0].value_counts().to_dict()
    acts = tables["activities"]
    acts = acts[~acts.activity_id.isin(plan.dropped_activities())].copy()
    day_only = acts.activity_id.isin(plan.date_only.activity_id)
    acts.loc[day_only, "occurred_at"] = acts.occurred_at[day_only].dt.floor("D")
    tables["activities"] = acts
    leads = tables["leads"].copy()
    leads.loc[leads.lead_id.isin(ne.contract_id[ne["class"] == "lead_account_of_unconverted_lead"]), "account_id"] = None
    attached = leads.lead_id.isin(ne.contract_id[ne["class"] == "converted_lead_account"])
    leads.loc[attached, "account_id"] = leads.lead_id[attached].map(plan.converted.set_index("lead_id").account_id)
    tables["leads"] = leads
    status = tables["lead_status_history"]
    status = status[~status.lead_id.isin(ne.contract_id[ne["class"] == "status_of_contact_without_lead"])].copy()
    reason_lost = status.reason.notna() & ~status.lead_id.isin(list(reason_kept_for))
    counts["status_reason"] = int(reason_lost.sum())
    status["reason"] = status.reason.where(~reason_lost, None)
    tables["lead_status_history"] = status
    sp = plan.spend.copy()
    sp["amount_usd"] = np.where(sp.group >= 0, sp.cost / sp.days, sp.amount_usd)
    tables["campaign_spend"] = sp.sort_values(["spend_date", "lead_source", "campaign_id"], na_position="first",
                                              kind="stable")[list(SCHEMAS["campaign_spend"].names)]
    opps = tables["opportunities"].copy()
    counts["opportunity_closed_time"] = int(opps.closed_at.notna().sum())
    opps["closed_at"] = opps.closed_at.dt.floor("D")
    tables["opportunities"] = opps
    for name, frame in tables.items():
        _write(out / f"{name}.parquet", pa.Table.from_pandas(frame, schema=SCHEMAS[name], preserve_index=False))
    return counts


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _write(path: Path, table: pa.Table) -> None:
    pq.write_table(table, path, compression=PARQUET_COMPRESSION)


# --- the transform ------------------------------------------------------------------------------


def _check_campaign_round_trip(maps: SalesforceMaps) -> None:
    """Every campaign shape must map back to its activity through the campaign map (first match)."""
    from lead_funnel.generator.constants import CONTENT, WEBINAR_TOPICS

    samples = {"{asset}": list(CONTENT) + [f"Webinar: {t} (2025-01)" for t in WEBINAR_TOPICS],
               "{campaign}": ["cmp_00042", "(no campaign)"]}
    for activity, (ctype, name, status) in CAMPAIGN_SHAPES.items():
        if activity in not_expressed_activity_types(maps):
            continue
        names = [name]
        for placeholder, values in samples.items():
            if placeholder in name:
                names = [name.replace(placeholder, v) for v in values]
        for n in names:
            for instance in ("", " #2"):
                got = maps.campaign_activity(ctype, n + instance, status)
                if got != activity:
                    raise ValueError(f"campaign {n + instance!r} (type {ctype}, member status {status}) maps to "
                                     f"{got!r}, not {activity!r}: adjust CAMPAIGN_SHAPES or the campaign map")


class _Ids:
    """Sequential Salesforce ids per key prefix (extra rows get numbers after the real ones)."""

    def __init__(self):
        self.next: dict[str, int] = {}

    def take(self, prefix: str, n: int, start: int | None = None) -> np.ndarray:
        first = self.next.get(prefix, 1) if start is None else start
        self.next[prefix] = first + n
        return _sf_ids(prefix, range(first, first + n))


def to_salesforce(contract_dir, out_dir, seed: int, end_date, airbyte: bool = False,
                  maps: SalesforceMaps | None = None) -> dict:
    """Write the contract world of `contract_dir` as Salesforce tables into `out_dir`; returns
    row counts per table."""
    maps = maps or load_maps()
    _check_campaign_round_trip(maps)
    contract_dir, out = Path(contract_dir), Path(out_dir)
    (out / "_truth").mkdir(parents=True, exist_ok=True)
    end = _date(end_date)
    tables = _read(contract_dir)
    plan = _plan(tables, maps, seed, end)
    rng = _rng(seed, STREAM_SHAPES, 1)
    synced = pd.Timestamp(end) + pd.Timedelta(days=1)
    ids = _Ids()
    keys = []  # (contract_table, contract_id, salesforce_table, salesforce_id)

    acc, leads, acts, opps, status, spend = (tables[t] for t in (
        "accounts", "leads", "activities", "opportunities", "lead_status_history", "campaign_spend"))

    # users: the status owners
    owners = sorted(status.owner_id.dropna().unique())
    user_ids = dict(zip(owners, _sf_ids("005", _number(pd.Series(owners, dtype=object)) if owners else [])))
    automation = _sf_ids("005", [0])[0]
    users = pd.DataFrame({
        "id": [automation, *user_ids.values()],
        "name": ["Marketing Automation", *[f"Sales Rep {o}" for o in owners]],
        "email": ["automation@example.com", *[f"{o}@example.com" for o in owners]],
        "is_active": True, "created_date": pd.Timestamp(plan_start(tables)),
    })

    # accounts
    acc_sf = dict(zip(acc.account_id, _sf_ids("001", _number(acc.account_id))))
    keys.append(("accounts", acc.account_id, "account", acc.account_id.map(acc_sf)))
    website = np.where(rng.random(len(acc)) < 0.5, "https://www." + acc.domain, "www." + acc.domain)
    account = pd.DataFrame({
        "id": acc.account_id.map(acc_sf), "name": acc.account_name, "website": website,
        "industry": acc.industry, "number_of_employees": acc.employee_count,
        "annual_revenue": acc.annual_revenue_usd, "billing_country": acc.country,
        "created_date": acc.created_at, "last_modified_date": acc.created_at,
        "is_deleted": acc.is_deleted, "master_record_id": None, "owner_id": automation,
    })

    # persons
    conv = plan.converted.set_index("lead_id")
    is_conv = leads.lead_id.isin(conv.index)
    is_contact_only = leads.lead_id.isin(plan.contact_only)
    num = _number(leads.lead_id)
    lead_sf = pd.Series(_sf_ids("00Q", num), index=leads.lead_id.to_numpy())
    contact_sf = pd.Series(_sf_ids("003", num), index=leads.lead_id.to_numpy())
    source_sf = _cycle(maps.inverse("lead_source"), leads.lead_source, num)
    last_status = status.sort_values(["lead_id", "changed_at"]).groupby("lead_id").status.last()
    status_inv = maps.inverse("status")
    owner_of = status.dropna(subset=["owner_id"]).sort_values("changed_at").groupby("lead_id").owner_id.last()
    lead_owner = leads.lead_id.map(owner_of).map(user_ids).fillna(automation)

    as_lead = ~is_contact_only
    L = leads[as_lead]
    conv_l = L.lead_id.map(conv.opportunity_id)
    opp_sf = dict(zip(opps.opportunity_id, _sf_ids("006", _number(opps.opportunity_id))))
    lead = pd.DataFrame({
        "id": L.lead_id.map(lead_sf), "first_name": L.first_name, "last_name": L.last_name,
        "email": L.email, "title": L.job_title, "company": L.company_name,
        "lead_source": source_sf[as_lead.to_numpy()], "country": L.country,
        "status": _cycle(status_inv, L.lead_id.map(last_status), num[as_lead.to_numpy()]),
        "created_date": L.created_at, "last_modified_date": L.updated_at,
        "is_converted": is_conv[as_lead].to_numpy(),
        "converted_date": L.lead_id.map(conv.converted_date),
        "converted_contact_id": np.where(is_conv[as_lead], L.lead_id.map(contact_sf), None),
        "converted_account_id": L.lead_id.map(conv.account_id).map(acc_sf),
        "converted_opportunity_id": conv_l.map(opp_sf),
        "owner_id": lead_owner[as_lead].to_numpy(), "is_deleted": False, "master_record_id": None,
    })
    keys.append(("leads", L.lead_id, "lead", L.lead_id.map(lead_sf)))
    C = leads[is_conv | is_contact_only]
    contact = pd.DataFrame({
        "id": C.lead_id.map(contact_sf),
        # a converted lead's contact belongs to the opportunity's account (the conversion attaches it)
        "account_id": C.account_id.fillna(C.lead_id.map(conv.account_id)).map(acc_sf),
        "first_name": C.first_name, "last_name": C.last_name, "email": C.email, "title": C.job_title,
        "lead_source": source_sf[(is_conv | is_contact_only).to_numpy()], "mailing_country": C.country,
        "created_date": C.lead_id.map(conv.conversion_at).fillna(C.created_at),
        "last_modified_date": np.maximum(C.updated_at, C.lead_id.map(conv.conversion_at).fillna(C.created_at)),
        "owner_id": lead_owner[(is_conv | is_contact_only).to_numpy()].to_numpy(),
        "is_deleted": False, "master_record_id": None,
    })
    co = leads[is_contact_only]
    keys.append(("leads", co.lead_id, "contact", co.lead_id.map(contact_sf)))

    # status history: the changes after the status at creation
    H = status[~status.lead_id.isin(plan.contact_only)].sort_values(["lead_id", "changed_at", "status"],
                                                                   kind="stable").copy()
    H["salt"] = _number(H.lead_id) + H.groupby("lead_id").cumcount().to_numpy()
    H["sf_status"] = _cycle(status_inv, H.status, H.salt.to_numpy())
    H["old_value"] = H.groupby("lead_id").sf_status.shift(1)
    first_rows = H.groupby("lead_id").cumcount() == 0
    # the status at creation is the lead's first status: recorded as the first change's old value
    changes = H[~first_rows]
    lead_history = pd.DataFrame({
        "id": ids.take("017", len(changes)), "lead_id": changes.lead_id.map(lead_sf), "field": "Status",
        "old_value": changes.old_value, "new_value": changes.sf_status, "created_date": changes.changed_at,
        "created_by_id": changes.owner_id.map(user_ids).fillna(automation), "is_deleted": False,
    })

    # activities
    who = _who(acts, plan.converted, plan.contact_only)
    on_contact = who.str[0] == "C"
    who_sf = np.where(on_contact, acts.lead_id.map(contact_sf), acts.lead_id.map(lead_sf))
    acts = acts.assign(who_sf=who_sf, on_contact=on_contact.to_numpy())
    act_num = _number(acts.activity_id)
    acts = acts.assign(num=act_num)
    gone = set(plan.dropped_activities())
    T = acts[acts.activity_type.isin(list(maps.task_subtypes))]
    t_date_only = T.activity_id.isin(plan.date_only.activity_id)
    task = pd.DataFrame({
        "id": _sf_ids("00T", T.num), "who_id": T.who_sf, "what_id": None,
        "subject": T.activity_type.map({"sales_call": "Call", "sales_email": "Email: follow-up"}),
        "task_subtype": T.activity_type.map(maps.task_subtypes), "type": T.activity_type.map(maps.task_subtypes),
        "status": "Completed", "is_closed": True, "activity_date": T.occurred_at.dt.date,
        "completed_date_time": T.occurred_at.mask(t_date_only), "created_date": T.occurred_at,
        "last_modified_date": T.occurred_at, "owner_id": automation, "is_deleted": False,
    })
    keys.append(("activities", T.activity_id, "task", pd.Series(task.id.to_numpy(), index=T.index)))
    E = acts[acts.activity_type.isin(list(maps.event_activities))]
    event = pd.DataFrame({
        "id": _sf_ids("00U", E.num), "who_id": E.who_sf, "what_id": None, "subject": "Meeting", "type": "Meeting",
        "start_date_time": E.occurred_at, "end_date_time": E.occurred_at + pd.Timedelta(minutes=30),
        "activity_date_time": E.occurred_at, "activity_date": E.occurred_at.dt.date,
        "duration_in_minutes": 30, "created_date": E.occurred_at - pd.Timedelta(days=1),
        "last_modified_date": E.occurred_at, "owner_id": automation, "is_deleted": False,
    })
    keys.append(("activities", E.activity_id, "event", pd.Series(event.id.to_numpy(), index=E.index)))

    member, campaign = _campaign_members(acts, gone, ids, plan)
    keys.append(("activities", member.pop("contract_activity_id"), "campaign_member", member.id))

    # spend campaigns: one per spend row, or one per spread run (plan.spend)
    sp = plan.spend
    first = sp[(sp.group < 0) | (sp.group != sp.group.shift())]
    last_day = sp.groupby(np.where(sp.group >= 0, sp.group, -1 - sp.index)).spend_date.max()
    end_day = np.where(first.group >= 0, first.group.map(last_day), first.spend_date)
    spend_type = _cycle(maps.inverse("spend_type"), first.lead_source, np.arange(len(first)))
    spend_campaign = pd.DataFrame({
        "id": ids.take("701", len(first)),
        "name": (first.lead_source + " spend " + first.campaign_id.fillna("platform fees") + " "
                 + first.spend_date.astype(str)),
        "type": spend_type, "status": "Completed", "start_date": first.spend_date, "end_date": end_day,
        "actual_cost": first.cost, "budgeted_cost": first.cost, "is_active": False,
        "created_date": pd.to_datetime(first.spend_date), "is_deleted": False,
    })
    campaign = pd.concat([campaign, spend_campaign], ignore_index=True)

    # opportunities and contact roles
    opportunity = pd.DataFrame({
        "id": opps.opportunity_id.map(opp_sf), "account_id": opps.account_id.map(acc_sf),
        "name": "Opportunity " + opps.opportunity_id,
        "stage_name": _cycle(maps.inverse("stage"), opps.stage, _number(opps.opportunity_id)),
        "amount": opps.amount_usd,
        # an open opportunity's close_date is the expected one (the connector must not read it)
        "close_date": opps.closed_at.fillna(opps.created_at + pd.Timedelta(days=60)).dt.date,
        "is_closed": opps.is_closed, "is_won": opps.is_won, "created_date": opps.created_at,
        "last_modified_date": opps.closed_at.fillna(opps.created_at), "owner_id": automation,
        "is_deleted": False,
    })
    keys.append(("opportunities", opps.opportunity_id, "opportunity", opps.opportunity_id.map(opp_sf)))
    role = _contact_roles(opps, plan, opp_sf, contact_sf, acc_sf, contact, rng)

    out_tables = {
        "account": account, "lead": lead, "contact": contact, "opportunity": opportunity,
        "opportunity_contact_role": role, "task": task, "event": event, "campaign": campaign,
        "campaign_member": member, "lead_history": lead_history, "user": users,
    }
    _add_noise(out_tables, rng, ids)
    counts = {}
    for name, frame in out_tables.items():
        frame = frame.copy()
        frame["_fivetran_synced"] = synced
        if "_fivetran_deleted" not in frame:
            frame["_fivetran_deleted"] = False
        frame["_fivetran_deleted"] = frame["_fivetran_deleted"].fillna(False).astype(bool)
        if "is_deleted" in frame:  # every table but user
            frame["is_deleted"] = frame["is_deleted"].fillna(False).astype(bool)
        table = _arrow(frame)
        if airbyte:
            table = _as_airbyte(table)
        _write(out / f"{name}.parquet", table)
        counts[name] = table.num_rows
    key_frame = pd.concat([pd.DataFrame({"contract_table": t, "contract_id": np.asarray(c, dtype=object),
                                         "salesforce_table": s, "salesforce_id": np.asarray(i, dtype=object)})
                           for t, c, s, i in keys], ignore_index=True)
    key_frame["key"] = KEY_PREFIX + key_frame.salesforce_id
    _write(out / "_truth" / TRUTH_KEYS, pa.Table.from_pandas(key_frame, preserve_index=False))
    _write(out / "_truth" / "salesforce_not_expressed.parquet",
           pa.Table.from_pandas(plan.not_expressed, preserve_index=False))
    return counts


def _contact_roles(opps, plan: Plan, opp_sf: dict, contact_sf, acc_sf: dict, contact: pd.DataFrame,
                   rng) -> pd.DataFrame:
    """Opportunity contact roles of the lead opportunities: the converted contact's role is primary;
    for some a non-primary role of another contact at the account was added earlier (the primary
    wins), for some the only role is not primary (the earliest wins), and some converted
    opportunities have no role (the lead's converted_opportunity_id links them)."""
    O = opps[opps.lead_id.notna()]
    u = rng.random(len(O))
    is_converted_opp = O.opportunity_id.isin(plan.converted.opportunity_id).to_numpy()
    no_role = is_converted_opp & (u < ROLE_VARIANT_SHARE)
    not_primary = (u >= ROLE_VARIANT_SHARE) & (u < 2 * ROLE_VARIANT_SHARE)
    O, not_primary, u = O[~no_role], not_primary[~no_role], u[~no_role]
    role = pd.DataFrame({
        "id": _sf_ids("00K", _number(O.opportunity_id)), "opportunity_id": O.opportunity_id.map(opp_sf),
        "contact_id": O.lead_id.map(contact_sf), "role": "Decision Maker", "is_primary": ~not_primary,
        "created_date": O.created_at, "is_deleted": False,
    })
    # an earlier, non-primary role of another contact at the same account (an influencer)
    others = contact[contact.account_id.notna()].drop_duplicates("account_id").set_index("account_id").id
    extra = O[(u >= 2 * ROLE_VARIANT_SHARE) & (u < 3 * ROLE_VARIANT_SHARE)].copy()
    extra["other"] = extra.account_id.map(acc_sf).map(others)
    extra = extra[extra.other.notna() & (extra.other != extra.lead_id.map(contact_sf))]
    influencer = pd.DataFrame({
        "id": _sf_ids("00K", 5 * 10 ** 10 + _number(extra.opportunity_id)),
        "opportunity_id": extra.opportunity_id.map(opp_sf), "contact_id": extra.other, "role": "Influencer",
        "is_primary": False, "created_date": extra.created_at - pd.Timedelta(hours=1), "is_deleted": False,
    })
    return pd.concat([role, influencer], ignore_index=True)


def plan_start(tables) -> pd.Timestamp:
    return min(tables["accounts"].created_at.min(), tables["leads"].created_at.min())


def _campaign_members(acts, gone, ids: _Ids, plan: Plan):
    """Campaign members (and their campaigns) of the expressible marketing activities."""
    M = acts[acts.activity_type.isin(list(CAMPAIGN_SHAPES)) & ~acts.activity_id.isin(gone)].copy()
    shape = M.activity_type.map(CAMPAIGN_SHAPES)
    M["ctype"] = shape.str[0]
    M["status"] = shape.str[2]
    M["name"] = [n.replace("{asset}", a if isinstance(a, str) else "(no asset)")
                 .replace("{campaign}", c if isinstance(c, str) else "(no campaign)")
                 for n, a, c in zip(shape.str[1], M.asset, M.campaign_id)]
    M["who"] = np.where(M.on_contact, "C", "L") + M.lead_id
    M = M.sort_values(["who", "name", "occurred_at", "activity_id"], kind="stable")
    # an attendance that absorbed the registration: the member row was created at the registration
    M["created"] = M.activity_id.map(plan.superseded.set_index("attendance_id").registered_at).fillna(M.occurred_at)
    # one member row per person and campaign: the k-th row of a person in a campaign goes to instance k
    M["instance"] = M.groupby(["who", "name"]).cumcount()
    M["campaign_name"] = np.where(M.instance == 0, M.name, M.name + " #" + (M.instance + 1).astype(str))
    camps = (M.groupby(["campaign_name", "ctype"], as_index=False)
             .agg(start=("created", "min"), end=("occurred_at", "max")).sort_values("campaign_name"))
    camps["id"] = ids.take("701", len(camps))
    campaign = pd.DataFrame({
        "id": camps.id, "name": camps.campaign_name, "type": camps.ctype, "status": "Completed",
        "start_date": camps.start.dt.date, "end_date": camps.end.dt.date, "actual_cost": np.nan,
        "budgeted_cost": np.nan, "is_active": False, "created_date": camps.start, "is_deleted": False,
    })
    camp_id = dict(zip(camps.campaign_name, camps.id))
    M = M.sort_values("activity_id")
    responded = M.status != "Registered"
    # added days before the response, modified again days after: the response is a date only
    late = plan.date_only.set_index("activity_id")
    before = M.activity_id.map(late.days_before)
    M["created"] = M.created.where(before.isna(), M.occurred_at - pd.to_timedelta(before.fillna(0), unit="D"))
    after = M.activity_id.map(late.days_after)
    M["modified"] = M.occurred_at.where(after.isna(), M.occurred_at + pd.to_timedelta(after.fillna(0), unit="D"))
    member = pd.DataFrame({
        "id": _sf_ids("00v", M.num), "campaign_id": M.campaign_name.map(camp_id),
        "lead_id": np.where(M.on_contact, None, M.who_sf), "contact_id": np.where(M.on_contact, M.who_sf, None),
        "status": M.status, "has_responded": responded,
        "created_date": M.created, "last_modified_date": M.modified,
        "first_responded_date": np.where(responded, M.occurred_at.dt.date, None),
        "is_deleted": False, "contract_activity_id": M.activity_id,
    })
    return member, campaign


def _add_noise(t: dict, rng, ids: _Ids) -> None:
    """Soft-deleted copies (is_deleted or _fivetran_deleted) and merged duplicate leads and contacts."""
    prefixes = {"account": "001", "lead": "00Q", "contact": "003", "opportunity": "006", "task": "00T",
                "event": "00U", "campaign_member": "00v", "lead_history": "017", "opportunity_contact_role": "00K"}
    for name, prefix in prefixes.items():
        frame = t[name]
        pick = frame[rng.random(len(frame)) < DELETED_COPY_SHARE]
        if name == "lead":  # merged leads are handled below; converted leads stay single
            pick = pick[~pick.is_converted.astype(bool)]
        if pick.empty:
            continue
        copies = pick.copy()
        start = max(ids.next.get(prefix, 1), 10 ** 11)
        copies["id"] = ids.take(prefix, len(copies), start=start)
        fivetran = rng.random(len(copies)) < 0.5
        copies["is_deleted"] = ~fivetran
        copies["_fivetran_deleted"] = fivetran
        t[name] = pd.concat([frame, copies], ignore_index=True)
    # merged duplicates: a deleted lead whose master is a live unconverted lead; one of the
    # master's tasks still points at the merged record (the connector resolves it to the master)
    lead, task = t["lead"], t["task"]
    live = lead[~lead.is_converted.astype(bool) & ~lead.is_deleted.astype(bool)
                & ~lead.get("_fivetran_deleted", pd.Series(False, index=lead.index)).fillna(False).astype(bool)]
    with_task = live[live.id.isin(task.who_id)]
    masters = with_task[rng.random(len(with_task)) < MERGED_SHARE * 5]
    if masters.empty and len(with_task):
        masters = with_task.iloc[:1]
    merged = masters.copy()
    merged["id"] = ids.take("00Q", len(merged), start=max(ids.next.get("00Q", 1), 2 * 10 ** 11))
    merged["master_record_id"] = masters.id.to_numpy()
    merged["is_deleted"] = True
    merged["_fivetran_deleted"] = False
    merged["created_date"] = masters.created_date.to_numpy() - pd.Timedelta(days=3)
    t["lead"] = pd.concat([lead, merged], ignore_index=True)
    first_task = task[task.who_id.isin(masters.id)].drop_duplicates("who_id")
    repoint = dict(zip(masters.id, merged.id))
    task.loc[first_task.index, "who_id"] = first_task.who_id.map(repoint)
    # merged contacts: the same for contacts without a lead and one of their campaign members
    contact, member = t["contact"], t["campaign_member"]
    live = contact[~contact.is_deleted.astype(bool) & ~contact.id.isin(t["lead"].converted_contact_id)
                   & ~contact.get("_fivetran_deleted", pd.Series(False, index=contact.index)).fillna(False).astype(bool)]
    with_member = live[live.id.isin(member.contact_id)]
    masters = with_member[rng.random(len(with_member)) < MERGED_SHARE * 5]
    if masters.empty and len(with_member):
        masters = with_member.iloc[:1]
    merged = masters.copy()
    merged["id"] = ids.take("003", len(merged), start=max(ids.next.get("003", 1), 2 * 10 ** 11))
    merged["master_record_id"] = masters.id.to_numpy()
    merged["is_deleted"] = True
    merged["_fivetran_deleted"] = False
    t["contact"] = pd.concat([contact, merged], ignore_index=True)
    first_member = member[member.contact_id.isin(masters.id) & ~member.is_deleted.astype(bool)].drop_duplicates(
        "contact_id")
    member.loc[first_member.index, "contact_id"] = first_member.contact_id.map(dict(zip(masters.id, merged.id)))


def _arrow(frame: pd.DataFrame) -> pa.Table:
    columns = {}
    for name in frame.columns:
        s = frame[name]
        if s.dtype == object:
            non_null = s.dropna()
            sample = non_null.iloc[0] if len(non_null) else None
            if isinstance(sample, dt.date) and not isinstance(sample, dt.datetime):
                columns[name] = pa.array(s.where(s.notna(), None).tolist(), pa.date32())
                continue
            if isinstance(sample, (bool, np.bool_)):
                columns[name] = pa.array(s.where(s.notna(), None).tolist(), pa.bool_())
                continue
            columns[name] = pa.array(s, pa.string(), from_pandas=True)
        elif pd.api.types.is_datetime64_any_dtype(s):
            columns[name] = pa.array(s.astype("datetime64[us]"), pa.timestamp("us"))
        else:
            columns[name] = pa.array(s)
    return pa.table(columns)


def _api_name(column: str) -> str:
    """Fivetran snake_case -> Salesforce API name (``who_id`` -> ``WhoId``)."""
    if column.startswith("_"):
        return column
    return "".join(part[:1].upper() + part[1:] for part in column.split("_"))


def _as_airbyte(table: pa.Table) -> pa.Table:
    """The same rows as Airbyte lands them: API column names, deletes in IsDeleted, Airbyte metadata."""
    import pyarrow.compute as pc

    if "is_deleted" in table.column_names:
        deleted = pc.or_(pc.fill_null(table["is_deleted"], False), pc.fill_null(table["_fivetran_deleted"], False))
        table = table.set_column(table.schema.get_field_index("is_deleted"), "is_deleted", deleted)
    synced = table["_fivetran_synced"]
    table = table.drop_columns(["_fivetran_synced", "_fivetran_deleted"])
    table = table.rename_columns([_api_name(c) for c in table.column_names])
    return table.append_column("_airbyte_extracted_at", synced)


def write_shape(shape: str, contract_dir, out_dir, seed: int, end_date) -> dict:
    """`--shape` other than contract: transform the contract world in `contract_dir` into `out_dir`
    and copy its planted truth next to it."""
    if shape not in SHAPES or shape == "contract":
        raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES[1:])}")
    if shape == "hubspot":
        from lead_funnel.generator import shape_hubspot

        counts = shape_hubspot.write(contract_dir, out_dir, seed, end_date)
    elif shape == "marketo_salesforce":
        from lead_funnel.generator.shape_marketo import to_marketo_salesforce

        counts = to_marketo_salesforce(contract_dir, out_dir, seed, end_date)
    else:
        counts = to_salesforce(contract_dir, out_dir, seed, end_date, airbyte=shape == "salesforce-airbyte")
    truth = Path(contract_dir) / "_truth"
    for path in truth.iterdir():
        shutil.copy2(path, Path(out_dir) / "_truth" / path.name)
    return counts
