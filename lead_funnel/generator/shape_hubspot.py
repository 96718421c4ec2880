"""The generator's HubSpot shape (``lead-funnel generate --shape hubspot``, issue #14).

The SAME planted world as the contract shape, written as the tables Fivetran's HubSpot connector
lands: ``contact`` (with ``property_hs_merged_object_ids``), ``contact_merge_audit``, ``company``,
``contact_company``, ``email_event`` (+ ``email_event_status_change``, ``email_campaign``),
``contact_form_submission`` (+ ``form``), ``engagement`` (+ ``engagement_contact`` and the detail
tables ``engagement_call`` / ``engagement_email`` / ``engagement_meeting``),
``contact_property_history`` (``hs_lead_status``, ``lifecyclestage``), ``deal``, ``deal_contact``,
``deal_company``, ``deal_pipeline_stage`` and ``merged_deal``, each with ``_fivetran_synced`` and
``_fivetran_deleted``.

It is a transform of the contract world (``to_hubspot``), never a second world model:

* persons: every lead is a contact (its company by a primary ``contact_company`` association; a few
  also carry a non-primary association to another company, which must not win). A few contacts
  absorbed a merged contact (``property_hs_merged_object_ids``, some also in ``contact_merge_audit``,
  one a CHAIN: C merged into B, B into A) whose id one of the survivor's engagements or form
  submissions still names; countries are names (``United States``), as HubSpot holds them.
* activities: e-mail opens / clicks / bounces are ``email_event`` rows (OPEN / CLICK / BOUNCE) of the
  person's address, an unsubscribe a STATUSCHANGE with ``portal_subscription_status = UNSUBSCRIBED``;
  SENT / DELIVERED events and filtered (bot) clicks come along (counted, not scored). Form activities
  are ``contact_form_submission`` rows of a ``form`` whose name the form map (seed
  ``hubspot_form_activity_map``) gives the activity back from. Sales touches are engagements (CALL /
  EMAIL / MEETING) with one ``engagement_contact`` each; for about half of them the engagement row
  holds no timestamp and only its detail table does.
* statuses: ``contact_property_history`` rows (``hs_lead_status`` or ``lifecyclestage``, spelled
  through the inverse of seed ``hubspot_lead_status_map``; a status the map lacks is a custom
  ``hs_lead_status`` value), plus ``lifecyclestage = lead`` at creation, which maps to no status.
* opportunities: deals in HubSpot's default pipeline (stage labels through seed
  ``hubspot_deal_stage_map``), ``deal_contact`` / ``deal_company``; a merged duplicate deal
  (``merged_deal``) and soft-deleted copies the connector must drop.

What HubSpot cannot hold is named in ``NOT_EXPRESSED`` (README "HubSpot shape: what it cannot
express"); ``expressible_contract`` writes the contract world without exactly those things: the
reference the equality test (python_tests/test_hubspot_shape.py) builds. ``to_hubspot`` also writes
``_truth/hubspot_keys.parquet`` (contract key <-> ``hubspot:<id>`` key).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from lead_funnel.generator.common import _rng
from lead_funnel.generator.constants import ACTIVITY_TYPES, SCHEMAS
from lead_funnel.generator.shapes import (
    STREAM_SHAPES, _arrow, _cycle, _date, _number, _read, _seed_rows, _write,
)

KEY_PREFIX = "hubspot:"
TRUTH_KEYS = "hubspot_keys.parquet"
STREAM_HUBSPOT = 40  # sub-stream of STREAM_SHAPES: the HubSpot transform's own draws

# id ranges: every HubSpot id this shape writes is distinct across objects (keys share one prefix)
CONTACT_BASE, COMPANY_BASE, DEAL_BASE, CAMPAIGN_BASE = 100_000_000, 200_000_000, 300_000_000, 400_000_000
ENGAGEMENT_BASE, MERGED_BASE, EXTRA_BASE = 500_000_000, 600_000_000, 900_000_000

EMAIL_EVENT_TYPES = {"email_open": "OPEN", "email_click": "CLICK", "email_bounce": "BOUNCE",
                     "unsubscribe": "STATUSCHANGE"}
ENGAGEMENT_TYPES = {"sales_call": "CALL", "sales_email": "EMAIL", "meeting_held": "MEETING"}
# the form name of a form activity whose asset the form map does not give back: asset + this
FORM_SUFFIX = {"demo_request": "Demo request", "contact_form": "Contact us", "free_trial_signup": "Free trial",
               "content_download": "Download", "webinar_registered": "Webinar registration"}
# HubSpot's default sales pipeline: stage id -> (label, is_closed, closed_won)
DEFAULT_PIPELINE = {
    "appointmentscheduled": ("Appointment Scheduled", False, False),
    "qualifiedtobuy": ("Qualified To Buy", False, False),
    "presentationscheduled": ("Presentation Scheduled", False, False),
    "decisionmakerboughtin": ("Decision Maker Bought-In", False, False),
    "contractsent": ("Contract Sent", False, False),
    "closedwon": ("Closed Won", True, True),
    "closedlost": ("Closed Lost", True, False),
}
COUNTRY_NAMES = {
    "US": "United States", "GB": "United Kingdom", "DE": "Germany", "CA": "Canada", "FR": "France",
    "NL": "Netherlands", "AU": "Australia", "IN": "India", "SE": "Sweden", "ES": "Spain", "BR": "Brazil",
    "SG": "Singapore", "IE": "Ireland", "JP": "Japan", "IT": "Italy", "CH": "Switzerland",
}

# What the HubSpot shape cannot hold, by name (README table). Activity types are added by
# ``not_expressed_activity_types``.
NOT_EXPRESSED = {
    "activity_type": "an activity type HubSpot's connector tables hold no event for (web analytics, product "
                     "usage, webinar attendance: no e-mail event, form map row or engagement type gives it)",
    "email_event_of_shared_address": "an e-mail event of a person whose address an earlier-created person also "
                                     "holds: the event names only its recipient address (the earliest contact wins)",
    "form_name_as_asset": "activities.asset of a form activity whose asset (a page path such as /signup, a title "
                          "no form-map pattern matches) is not a form name the map gives the activity back from: "
                          "the form is named asset + a suffix, and the connector's asset is the form name",
    "form_submission_campaign": "activities.campaign_id of a form submission: a HubSpot form submission names no "
                                "campaign",
    "status_reason": "lead_status_history.reason: no HubSpot property the connector reads holds it",
    "status_owner": "lead_status_history.owner_id: contact_property_history does not say who changed the status",
    "campaign_spend": "every campaign_spend row: HubSpot holds no marketing spend (it may still come from the "
                      "contract source)",
}
MERGED_SHARE = 0.03  # contacts with activity that absorbed a merged contact
DELETED_COPY_SHARE = 0.01  # soft-deleted extra copies per table
DETAIL_ONLY_SHARE = 0.5  # engagements whose timestamp only the detail table holds
NOISE_EVENT_SHARE = 0.2  # opens preceded by a SENT and a DELIVERED event


@dataclass
class HubspotMaps:
    status: dict  # (property, value) -> contract status ('' = no status)
    lead_source: dict  # normalised hs_analytics_source -> contract lead_source
    stage: dict  # normalised stage label -> contract stage
    forms: list  # [(priority, pattern, activity_type)], by priority
    engagement: dict  # engagement type -> activity type ('' = not a touch)
    email_event: dict  # event type -> activity type ('' = not engagement)

    def form_activity(self, name: str) -> str | None:
        for _, pattern, activity in self.forms:
            if re.search(pattern, name.lower()):
                return activity
        return None


def normalise_enum(value: str) -> str:
    """Python twin of macro normalise_enum (lowercase, runs of space _ . / - one `_`, trimmed)."""
    return re.sub(r"^_+|_+$", "", re.sub(r"[\s_./-]+", "_", value.strip().lower()))


def load_maps(project: Path | None = None) -> HubspotMaps:
    """The value maps as the connector reads them (seeds/maps/hubspot_*.csv)."""
    def rows(name):
        found = _seed_rows(name, project)
        if not found:
            raise FileNotFoundError(f"seed {name} not found: the HubSpot shape reads the connector's maps")
        return found

    return HubspotMaps(
        status={(r["property_name"].strip(), r["property_value"].strip()): r["status"].strip()
                for r in rows("hubspot_lead_status_map")},
        lead_source={r["source_value"].strip(): r["lead_source"].strip() for r in rows("hubspot_lead_source_map")},
        stage={r["stage_label"].strip(): r["opportunity_stage"].strip() for r in rows("hubspot_deal_stage_map")},
        forms=sorted((int(r["priority"]), r["form_name_pattern"].strip(), r["activity_type"].strip())
                     for r in rows("hubspot_form_activity_map")),
        engagement={r["engagement_type"].strip().upper(): r["activity_type"].strip()
                    for r in rows("hubspot_engagement_activity_map")},
        email_event={r["event_type"].strip().upper(): r["activity_type"].strip()
                     for r in rows("hubspot_email_event_type_map") if not r["subscription_status"].strip()},
    )


def not_expressed_activity_types(maps: HubspotMaps) -> tuple[str, ...]:
    """Activity types no e-mail event, form-map row or engagement type of the maps gives."""
    held = {a for a, e in EMAIL_EVENT_TYPES.items() if a == "unsubscribe" or maps.email_event.get(e) == a}
    held |= {a for _, _, a in maps.forms if a in FORM_SUFFIX}
    held |= {a for a, e in ENGAGEMENT_TYPES.items() if maps.engagement.get(e) == a}
    return tuple(t for t in ACTIVITY_TYPES if t not in held)


def form_name(asset, activity_type: str, maps: HubspotMaps) -> str:
    """The form a form activity was submitted on: its asset when the form map gives the activity back
    from it, else the asset with the activity's suffix (checked: must map back)."""
    asset = asset if isinstance(asset, str) and asset else "(no asset)"
    if maps.form_activity(asset) == activity_type:
        return asset
    name = f"{asset} - {FORM_SUFFIX[activity_type]}"
    if maps.form_activity(name) != activity_type:
        raise ValueError(f"form {name!r} maps to {maps.form_activity(name)!r}, not {activity_type!r}: "
                         "adjust FORM_SUFFIX or seed hubspot_form_activity_map")
    return name


# --- the plan: what HubSpot cannot hold, shared by the transform and the reference -------------


def _plan(tables: dict, maps: HubspotMaps) -> pd.DataFrame:
    """table, contract_id, class: the contract rows or values HubSpot cannot hold."""
    leads, acts = tables["leads"], tables["activities"]
    rows = []
    gone = acts[acts.activity_type.isin(not_expressed_activity_types(maps))]
    rows.append(pd.DataFrame({"table": "activities", "contract_id": gone.activity_id,
                              "class": "activity_type:" + gone.activity_type}))
    # e-mail events go to the earliest-created contact of the address
    email = leads.email.str.strip().str.lower()
    first = leads.assign(e=email).sort_values(["created_at", "lead_id"]).drop_duplicates("e").lead_id
    shadowed = leads.lead_id[email.notna() & ~leads.lead_id.isin(first)]
    no_address = leads.lead_id[email.isna()]
    ev = acts[acts.activity_type.isin(list(EMAIL_EVENT_TYPES))
              & acts.lead_id.isin(pd.concat([shadowed, no_address]))]
    rows.append(pd.DataFrame({"table": "activities", "contract_id": ev.activity_id,
                              "class": "email_event_of_shared_address"}))
    form_acts = acts[acts.activity_type.isin([a for _, _, a in maps.forms if a in FORM_SUFFIX])]
    renamed = form_acts[[form_name(a, t, maps) != a for a, t in zip(form_acts.asset, form_acts.activity_type)]]
    rows.append(pd.DataFrame({"table": "activities", "contract_id": renamed.activity_id,
                              "class": "form_name_as_asset"}))
    forms = form_acts[form_acts.campaign_id.notna()]
    rows.append(pd.DataFrame({"table": "activities", "contract_id": forms.activity_id,
                              "class": "form_submission_campaign"}))
    status = tables["lead_status_history"]
    rows.append(pd.DataFrame({"table": "lead_status_history", "contract_id": status.lead_id[status.reason.notna()],
                              "class": "status_reason"}))
    rows.append(pd.DataFrame({"table": "lead_status_history", "contract_id": status.lead_id[status.owner_id.notna()],
                              "class": "status_owner"}))
    spend = tables["campaign_spend"]
    rows.append(pd.DataFrame({"table": "campaign_spend", "contract_id": spend.spend_date.astype(str) + "|"
                              + spend.lead_source + "|" + spend.campaign_id.fillna(""), "class": "campaign_spend"}))
    return pd.concat(rows, ignore_index=True)


def _dropped(ne: pd.DataFrame) -> pd.Series:
    """Contract activity ids HubSpot does not hold at all."""
    gone = ne["class"].str.startswith("activity_type:") | (ne["class"] == "email_event_of_shared_address")
    return ne.contract_id[gone]


def expressible_contract(contract_dir, out_dir, seed: int, end_date, maps: HubspotMaps | None = None) -> dict:
    """The reference of the equality test: the contract world of `contract_dir` less the NOT_EXPRESSED
    classes, written to `out_dir` in the contract shape (`seed` unused: the plan draws nothing);
    returns the rows removed or changed per class."""
    tables = _read(Path(contract_dir))
    maps = maps or load_maps()
    ne = _plan(tables, maps)
    counts = ne["class"].str.split(":").str[0].value_counts().to_dict()
    acts = tables["activities"]
    acts = acts[~acts.activity_id.isin(_dropped(ne))].copy()
    acts.loc[acts.activity_id.isin(ne.contract_id[ne["class"] == "form_submission_campaign"]), "campaign_id"] = None
    renamed = acts.activity_id.isin(ne.contract_id[ne["class"] == "form_name_as_asset"])
    acts.loc[renamed, "asset"] = [form_name(a, t, maps) for a, t in zip(acts.asset[renamed],
                                                                        acts.activity_type[renamed])]
    tables["activities"] = acts
    status = tables["lead_status_history"].copy()
    status["reason"] = None
    status["owner_id"] = None
    tables["lead_status_history"] = status
    tables["campaign_spend"] = tables["campaign_spend"].iloc[0:0]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        _write(out / f"{name}.parquet", pa.Table.from_pandas(frame, schema=SCHEMAS[name], preserve_index=False))
    return counts


# --- the transform ------------------------------------------------------------------------------


def _ids(base: int, numbers) -> np.ndarray:
    return np.array([str(base + int(n)) for n in numbers], dtype=object)


def _uuid(kind: str, seed: int, numbers) -> np.ndarray:
    """Deterministic UUID-shaped ids (HubSpot's e-mail event and form conversion ids)."""
    return np.array([str(uuid.uuid5(uuid.NAMESPACE_URL, f"hubspot/{seed}/{kind}/{int(n)}")) for n in numbers],
                    dtype=object)


def _inverse_status(maps: HubspotMaps) -> dict[str, list[tuple[str, str]]]:
    out: dict = {}
    for (prop, value), status in maps.status.items():
        if status:
            out.setdefault(status, []).append((prop, value))
    return out


def _status_spellings(status: pd.Series, salt: np.ndarray, maps: HubspotMaps):
    """(property name, raw value) per contract status, cycling through the map's spellings; a status
    the map lacks is a custom hs_lead_status value (upper case, as HubSpot's internal values)."""
    inverse = _inverse_status(maps)
    props, values = [], []
    for s, k in zip(status, salt):
        options = inverse.get(s)
        if options:
            prop, value = options[int(k) % len(options)]
            value = value.upper() if prop == "hs_lead_status" else value
        else:
            prop, value = "hs_lead_status", s.upper()
        props.append(prop)
        values.append(value)
    return np.array(props, dtype=object), np.array(values, dtype=object)


def _stage_ids(stages: pd.Series, salt: np.ndarray, maps: HubspotMaps) -> np.ndarray:
    """The default-pipeline stage id of each contract stage (cycling through those the stage map gives
    it back from)."""
    options: dict = {}
    for stage_id, (label, _, _) in DEFAULT_PIPELINE.items():
        options.setdefault(maps.stage.get(normalise_enum(label)), []).append(stage_id)
    out = []
    for s, k in zip(stages, salt):
        if s not in options:
            raise ValueError(f"no default HubSpot pipeline stage maps to {s!r} (seed hubspot_deal_stage_map)")
        out.append(options[s][int(k) % len(options[s])])
    return np.array(out, dtype=object)


def to_hubspot(contract_dir, out_dir, seed: int, end_date, maps: HubspotMaps | None = None) -> dict:
    """Write the contract world of `contract_dir` as HubSpot tables into `out_dir`; returns row counts
    per table."""
    maps = maps or load_maps()
    contract_dir, out = Path(contract_dir), Path(out_dir)
    (out / "_truth").mkdir(parents=True, exist_ok=True)
    end = _date(end_date)
    tables = _read(contract_dir)
    ne = _plan(tables, maps)
    rng = _rng(seed, STREAM_SHAPES, STREAM_HUBSPOT)
    synced = pd.Timestamp(end) + pd.Timedelta(days=1)
    keys = []  # (contract_table, contract_id, hubspot_table, hubspot key)
    acc, leads, acts, opps, status = (tables[t] for t in (
        "accounts", "leads", "activities", "opportunities", "lead_status_history"))

    # companies
    company_of = dict(zip(acc.account_id, _ids(COMPANY_BASE, _number(acc.account_id))))
    company = pd.DataFrame({
        "id": acc.account_id.map(company_of), "property_name": acc.account_name, "property_domain": acc.domain,
        "property_industry": acc.industry, "property_numberofemployees": acc.employee_count.astype("Int64"),
        "property_annualrevenue": acc.annual_revenue_usd,
        "property_country": acc.country.map(COUNTRY_NAMES).fillna(acc.country),
        "property_createdate": acc.created_at, "is_deleted": acc.is_deleted.astype(bool),
    })
    keys.append(("accounts", acc.account_id, "company", acc.account_id.map(company_of)))

    # contacts
    num = _number(leads.lead_id)
    contact_of = pd.Series(_ids(CONTACT_BASE, num), index=leads.lead_id.to_numpy())
    last = status.sort_values(["lead_id", "changed_at"]).groupby("lead_id").status.last()
    source_inv: dict = {}
    for raw, value in maps.lead_source.items():
        source_inv.setdefault(value, []).append(raw.upper())
    contact = pd.DataFrame({
        "id": leads.lead_id.map(contact_of), "property_email": leads.email,
        "property_firstname": leads.first_name, "property_lastname": leads.last_name,
        "property_jobtitle": leads.job_title, "property_company": leads.company_name,
        "property_country": leads.country.map(COUNTRY_NAMES).fillna(leads.country),
        # a lead source the map lacks is spelled as itself (kept, flagged unknown by the connector)
        "property_hs_analytics_source": _cycle(source_inv, leads.lead_source, num),
        "property_createdate": leads.created_at, "property_lastmodifieddate": leads.updated_at,
        "property_lifecyclestage": "lead",
        "property_hs_lead_status": _status_spellings(leads.lead_id.map(last).fillna("open"), num, maps)[1],
        "property_hs_merged_object_ids": None, "_fivetran_deleted": leads.is_deleted.astype(bool),
    })
    keys.append(("leads", leads.lead_id, "contact", leads.lead_id.map(contact_of)))
    with_account = leads[leads.account_id.notna()]
    contact_company = pd.DataFrame({"contact_id": with_account.lead_id.map(contact_of),
                                    "company_id": with_account.account_id.map(company_of), "is_primary": True})
    # a non-primary association to another company (the primary must win)
    other = with_account[rng.random(len(with_account)) < 0.05]
    all_companies = np.array(sorted(company_of.values()))
    other_company = all_companies[rng.integers(0, len(all_companies), len(other))]
    extra = pd.DataFrame({"contact_id": other.lead_id.map(contact_of).to_numpy(), "company_id": other_company,
                          "is_primary": False})
    extra = extra[extra.company_id != other.account_id.map(company_of).to_numpy()]
    contact_company = pd.concat([contact_company, extra], ignore_index=True)

    # activities
    dropped = set(_dropped(ne))
    A = acts[~acts.activity_id.isin(dropped)].copy()
    A["num"] = _number(A.activity_id)
    A["contact"] = A.lead_id.map(contact_of)
    A["email"] = A.lead_id.map(leads.set_index("lead_id").email)

    E = A[A.activity_type.isin(list(EMAIL_EVENT_TYPES))]
    camp = E[E.campaign_id.notna()].drop_duplicates("campaign_id").sort_values("campaign_id")
    campaign_of = dict(zip(camp.campaign_id, _ids(CAMPAIGN_BASE, _number(camp.campaign_id))))
    email_campaign = pd.DataFrame({"id": camp.campaign_id.map(campaign_of),
                                   "name": "Nurture email " + camp.campaign_id,
                                   "subject": "News from us (" + camp.campaign_id + ")", "type": "BATCH_EMAIL"})
    keys.append(("campaigns", camp.campaign_id, "email_campaign", camp.campaign_id.map(campaign_of)))
    event_ids = _uuid("email_event", seed, E.num)
    email_event = pd.DataFrame({
        "id": event_ids, "type": E.activity_type.map(EMAIL_EVENT_TYPES), "recipient": E.email,
        "email_campaign_id": E.campaign_id.map(campaign_of), "created": E.occurred_at, "filtered_event": False,
    })
    keys.append(("activities", E.activity_id, "email_event", pd.Series("email_event:" + event_ids, index=E.index)))
    unsub = E.activity_type == "unsubscribe"
    status_change = pd.DataFrame({"id": event_ids[unsub.to_numpy()], "portal_subscription_status": "UNSUBSCRIBED",
                                  "source": "SOURCE_RECIPIENT", "subscriptions": "[]"})
    # not engagement: SENT and DELIVERED before some opens; filtered (bot) clicks
    opens = E[(E.activity_type == "email_open") & (rng.random(len(E)) < NOISE_EVENT_SHARE)]
    bots = E[(E.activity_type == "email_click") & (rng.random(len(E)) < 0.05)]
    noise = []
    for kind, offset, frame, filtered in (("SENT", 3, opens, False), ("DELIVERED", 2, opens, False),
                                          ("CLICK", 0, bots, True)):
        noise.append(pd.DataFrame({
            "id": _uuid(f"email_event_{kind}_{filtered}", seed, frame.num), "type": kind, "recipient": frame.email,
            "email_campaign_id": frame.campaign_id.map(campaign_of),
            "created": frame.occurred_at - pd.Timedelta(minutes=offset), "filtered_event": filtered,
        }))
    email_event = pd.concat([email_event, *noise], ignore_index=True)

    form_types = [a for _, _, a in maps.forms if a in FORM_SUFFIX]
    F = A[A.activity_type.isin(form_types)].copy()
    F["form_name"] = [form_name(a, t, maps) for a, t in zip(F.asset, F.activity_type)]
    names = sorted(F.form_name.unique())
    form_of = {n: str(uuid.uuid5(uuid.NAMESPACE_URL, f"hubspot/form/{n}")) for n in names}
    form = pd.DataFrame({"guid": [form_of[n] for n in names], "name": names, "form_type": "HUBSPOT",
                         "created_at": pd.Timestamp(min(leads.created_at.min(), acc.created_at.min())),
                         "updated_at": pd.Timestamp(end)})
    conversion_ids = _uuid("form_submission", seed, F.num)
    submission = pd.DataFrame({
        "conversion_id": conversion_ids, "contact_id": F.contact, "form_id": F.form_name.map(form_of),
        "timestamp": F.occurred_at, "page_url": "https://www.example.com" + F.asset.where(
            F.asset.str.startswith("/").fillna(False), "/resources"),
        "title": F.form_name, "portal_id": 1,
    })
    keys.append(("activities", F.activity_id, "contact_form_submission",
                 pd.Series("form_submission:" + conversion_ids, index=F.index)))

    G = A[A.activity_type.isin(list(ENGAGEMENT_TYPES))].copy()
    G["eid"] = _ids(ENGAGEMENT_BASE, G.num)
    G["etype"] = G.activity_type.map(ENGAGEMENT_TYPES)
    detail_only = rng.random(len(G)) < DETAIL_ONLY_SHARE
    engagement = pd.DataFrame({"id": G.eid, "type": G.etype, "portal_id": 1,
                               "timestamp": G.occurred_at.mask(detail_only)})
    engagement_contact = pd.DataFrame({"engagement_id": G.eid, "contact_id": G.contact})
    detail = {}
    for etype, table in (("CALL", "engagement_call"), ("EMAIL", "engagement_email")):
        D = G[G.etype == etype]
        detail[table] = pd.DataFrame({"engagement_id": D.eid, "type": etype, "property_hs_timestamp": D.occurred_at,
                                      "property_hs_createdate": D.occurred_at + pd.Timedelta(minutes=5)})
    D = G[G.etype == "MEETING"]
    detail["engagement_meeting"] = pd.DataFrame({
        "engagement_id": D.eid, "property_hs_meeting_start_time": D.occurred_at,
        "property_hs_meeting_end_time": D.occurred_at + pd.Timedelta(minutes=30),
        "property_hs_createdate": D.occurred_at - pd.Timedelta(days=2), "property_hs_meeting_outcome": "COMPLETED",
    })

    # merged contacts: an id absorbed by a surviving contact, still named by one of its activities
    _, audit = _merges(contact, engagement_contact, submission, rng)
    keys.append(("activities", G.activity_id, "engagement",
                 pd.Series("engagement:" + G.eid + ":" + engagement_contact.contact_id.to_numpy(), index=G.index)))

    # statuses: every status change, plus lifecyclestage `lead` at creation (maps to no status)
    H = status.sort_values(["lead_id", "changed_at", "status"], kind="stable")
    salt = _number(H.lead_id) + H.groupby("lead_id").cumcount().to_numpy()
    prop, value = _status_spellings(H.status, salt, maps)
    history = pd.concat([
        pd.DataFrame({"contact_id": H.lead_id.map(contact_of).to_numpy(), "name": prop, "value": value,
                      "timestamp": H.changed_at.to_numpy(), "source": "CRM_UI"}),
        pd.DataFrame({"contact_id": leads.lead_id.map(contact_of), "name": "lifecyclestage", "value": "lead",
                      "timestamp": leads.created_at, "source": "CALCULATED"}),
    ], ignore_index=True)

    # deals
    deal_of = dict(zip(opps.opportunity_id, _ids(DEAL_BASE, _number(opps.opportunity_id))))
    deal = pd.DataFrame({
        "deal_id": opps.opportunity_id.map(deal_of), "deal_pipeline_id": "default",
        "deal_pipeline_stage_id": _stage_ids(opps.stage, _number(opps.opportunity_id), maps),
        "property_dealname": "Deal " + opps.opportunity_id, "property_amount": opps.amount_usd,
        "property_createdate": opps.created_at,
        # an open deal's close date is a forecast (the connector must not read it)
        "property_closedate": opps.closed_at.fillna(opps.created_at + pd.Timedelta(days=60)),
        "is_deleted": False,
    })
    keys.append(("opportunities", opps.opportunity_id, "deal", opps.opportunity_id.map(deal_of)))
    with_lead, with_acc = opps[opps.lead_id.notna()], opps[opps.account_id.notna()]
    deal_contact = pd.DataFrame({"deal_id": with_lead.opportunity_id.map(deal_of),
                                 "contact_id": with_lead.lead_id.map(contact_of), "type_id": 3})
    deal_company = pd.DataFrame({"deal_id": with_acc.opportunity_id.map(deal_of),
                                 "company_id": with_acc.account_id.map(company_of), "type_id": 5})
    stage = pd.DataFrame([{"stage_id": k, "label": v[0], "pipeline_id": "default", "is_closed": v[1],
                           "closed_won": v[2], "display_order": i, "active": True}
                          for i, (k, v) in enumerate(DEFAULT_PIPELINE.items())])
    # a merged duplicate deal (merged_deal names it; its own row is still in deal)
    dup = deal.iloc[: max(1, len(deal) // 20)].copy()
    dup["deal_id"] = _ids(EXTRA_BASE, range(len(dup)))
    merged_deal = pd.DataFrame({"deal_id": deal.deal_id.iloc[: len(dup)].to_numpy(), "merged_deal_id": dup.deal_id})
    deal = pd.concat([deal, dup], ignore_index=True)

    out_tables = {
        "contact": contact, "contact_merge_audit": audit, "company": company, "contact_company": contact_company,
        "email_event": email_event, "email_event_status_change": status_change, "email_campaign": email_campaign,
        "contact_form_submission": submission, "form": form, "engagement": engagement,
        "engagement_contact": engagement_contact, **detail, "contact_property_history": history, "deal": deal,
        "deal_contact": deal_contact, "deal_company": deal_company, "deal_pipeline_stage": stage,
        "merged_deal": merged_deal,
    }
    _add_deleted_copies(out_tables, rng)
    counts = {}
    for name, frame in out_tables.items():
        frame = frame.copy()
        frame["_fivetran_synced"] = synced
        frame["_fivetran_deleted"] = frame.get("_fivetran_deleted", pd.Series(False, index=frame.index)
                                               ).fillna(False).astype(bool)
        table = _arrow(frame)
        _write(out / f"{name}.parquet", table)
        counts[name] = table.num_rows
    _write(out / "_truth" / TRUTH_KEYS, _key_table(keys))
    _write(out / "_truth" / "hubspot_not_expressed.parquet", pa.Table.from_pandas(ne, preserve_index=False))
    return counts


def _key_table(keys: list) -> pa.Table:
    """contract_table, contract_id, hubspot_table, hubspot_id, key (`hubspot:<id>`: as the marts spell it)."""
    columns: dict = {"contract_table": [], "contract_id": [], "hubspot_table": [], "hubspot_id": []}
    for contract_table, contract_ids, hubspot_table, hubspot_ids in keys:
        contract_ids, hubspot_ids = list(contract_ids), list(hubspot_ids)
        columns["contract_table"] += [contract_table] * len(contract_ids)
        columns["contract_id"] += contract_ids
        columns["hubspot_table"] += [hubspot_table] * len(hubspot_ids)
        columns["hubspot_id"] += hubspot_ids
    columns["key"] = [KEY_PREFIX + i for i in columns["hubspot_id"]]
    return pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})


def _merges(contact: pd.DataFrame, engagement_contact: pd.DataFrame, submission: pd.DataFrame, rng):
    """Merged contacts: for a share of the contacts with an engagement or a form submission, an absorbed
    contact id listed in the survivor's property_hs_merged_object_ids (`id` or older `id:epoch_ms`), the
    first of them also in contact_merge_audit; one CHAIN (C into B in the audit, B in A's list). One of
    the survivor's engagements / submissions is repointed to the absorbed id (the connector resolves
    it). Changes `contact`, `engagement_contact`, `submission` in place; returns (ids, audit)."""
    active = sorted(set(engagement_contact.contact_id) | set(submission.contact_id))
    survivors = [c for c, u in zip(active, rng.random(len(active))) if u < MERGED_SHARE] or active[:1]
    merged = _ids(MERGED_BASE, range(1, len(survivors) + 1))
    chained = _ids(MERGED_BASE, [10 ** 6])[0]
    created = contact.set_index("id").property_createdate
    lists, audit = {}, []
    for i, (survivor, absorbed) in enumerate(zip(survivors, merged)):
        at = created[survivor] + pd.Timedelta(hours=1)
        lists[survivor] = absorbed if i % 2 else f"{absorbed}:{int(at.value // 10 ** 6)}"
        if i == 0:  # the chain: `chained` merged into `absorbed` before `absorbed` merged into the survivor
            lists[survivor] += f";{chained}"  # newer connector versions list the whole chain
            audit.append({"canonical_vid": absorbed, "contact_id": absorbed, "vid_to_merge": chained,
                          "timestamp": at - pd.Timedelta(minutes=30), "num_properties_moved": 3})
        if i % 3 == 0:
            audit.append({"canonical_vid": survivor, "contact_id": survivor, "vid_to_merge": absorbed,
                          "timestamp": at, "num_properties_moved": 5})
        repoint = chained if i == 0 else absorbed
        hit = engagement_contact.index[engagement_contact.contact_id == survivor]
        if len(hit):
            engagement_contact.loc[hit[0], "contact_id"] = repoint
        else:
            hit = submission.index[submission.contact_id == survivor]
            submission.loc[hit[0], "contact_id"] = repoint
    contact["property_hs_merged_object_ids"] = contact.id.map(lists)
    audit_frame = pd.DataFrame(audit, columns=["canonical_vid", "contact_id", "vid_to_merge", "timestamp",
                                               "num_properties_moved"])
    return merged, audit_frame


def _add_deleted_copies(t: dict, rng) -> None:
    """Soft-deleted extra rows (`_fivetran_deleted`, or `is_deleted` where the table has it) with new ids."""
    # (contact_form_submission has no delete flag in the connector: a removed submission is gone)
    id_column = {"contact": "id", "company": "id", "deal": "deal_id", "engagement": "id", "email_event": "id"}
    for n, (name, column) in enumerate(id_column.items()):
        frame = t[name]
        pick = frame[rng.random(len(frame)) < DELETED_COPY_SHARE].copy()
        if pick.empty:
            pick = frame.iloc[:1].copy()
        pick[column] = [f"{EXTRA_BASE + (n + 1) * 10 ** 7 + i}" for i in range(len(pick))]
        if "is_deleted" in pick and rng.random() < 0.5:
            pick["is_deleted"] = True
        else:
            pick["_fivetran_deleted"] = True
        t[name] = pd.concat([frame, pick], ignore_index=True)


def write(contract_dir, out_dir, seed: int, end_date) -> dict:
    """`--shape hubspot` (called by shapes.write_shape)."""
    return to_hubspot(contract_dir, out_dir, seed, end_date)
