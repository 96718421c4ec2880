"""One chunk of leads with everything that hangs off them, as Arrow tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lead_funnel.generator.activities import Activities, _burst_activities, hand_raiser_mask
from lead_funnel.generator.common import Context, _ids, _rng, _take, _ts
from lead_funnel.generator.constants import (
    A, ACTIVITY_TYPES, LEADS_PER_CHUNK, LEAD_SOURCES, REASONS, SCHEMAS, STATUSES, STR,
    STREAM_LEADS, TRUTH_SCHEMA,
)
from lead_funnel.generator.leads import _make_leads
from lead_funnel.generator.sales import _Events, _close_opportunities, _simulate_sales
from lead_funnel.generator.vocabulary import COUNTRIES, EMAIL_FREE, KIND_ACCOUNT

# ---------------------------------------------------------------------------
# Chunk assembly
# ---------------------------------------------------------------------------


@dataclass
class ChunkResult:
    tables: dict  # table name -> pa.Table (clean)
    truth: pa.Table
    opps: dict  # numpy columns, written at the end of the run
    lead_created: np.ndarray
    status_lead: np.ndarray  # local lead index per status row
    linked_account: np.ndarray  # account index of leads carrying an account_id
    linked_created: np.ndarray  # ... and their created_at
    counters: dict

def _status_rows(ev: _Events):
    """Concatenated status rows sorted by lead, time, status."""
    st = [np.concatenate(x) for x in zip(*ev.status)]
    order = np.lexsort((st[1], st[2], st[0]))
    return [x[order] for x in st]


def _all_activities(ctx: Context, acts: Activities, ev: _Events) -> Activities:
    """Engagement + sales activities up to end-date, sorted by lead and time."""
    parts = [acts]
    if ev.sales:
        sl, stype, stt = (np.concatenate(x) for x in zip(*ev.sales))
        parts.append(Activities(sl, stype, stt, np.full(len(sl), -1, np.int64)))
    lead, typ, t, cmp_ = (np.concatenate([getattr(p, f) for p in parts]) for f in ("lead", "type", "t", "campaign"))
    keep = t <= ctx.end_us
    order = np.lexsort((typ[keep], t[keep], lead[keep]))
    return Activities(lead[keep][order], typ[keep][order], t[keep][order], cmp_[keep][order])


def _make_chunk(ctx: Context, chunk_index: int, act_offset: int) -> ChunkResult:
    """Leads ``chunk_index * LEADS_PER_CHUNK + 1 ...`` with their activities, statuses and opportunities."""
    rng = _rng(ctx.seed, STREAM_LEADS, chunk_index)
    lo = chunk_index * LEADS_PER_CHUNK
    L, person = _make_leads(rng, ctx, lo, min(ctx.n_leads, lo + LEADS_PER_CHUNK))
    n = L.n
    acts = _burst_activities(rng, ctx, L)
    order = np.lexsort((acts.t, acts.lead))
    acts = Activities(*(getattr(acts, f)[order] for f in ("lead", "type", "t", "campaign")))
    ev, state, mql_t, n_recycled = _simulate_sales(rng, ctx, L, acts)
    is_mql = mql_t >= 0

    # opportunities of this chunk (ids are assigned once all chunks are done)
    opp_lead = np.concatenate([o[0] for o in ev.opps]) if ev.opps else np.zeros(0, np.int64)
    opp_created = np.concatenate([o[1] for o in ev.opps]) if ev.opps else np.zeros(0, np.int64)
    stage, amount, closed_t, closed, won = _close_opportunities(
        rng, ctx, opp_created, L.segment[opp_lead], L.propensity[opp_lead])
    has_opp, is_won = np.zeros(n, bool), np.zeros(n, bool)
    has_opp[opp_lead] = True
    is_won[opp_lead[won]] = True
    opps = {"account": L.account[opp_lead], "lead": L.gidx[opp_lead], "created": opp_created, "stage": stage,
            "amount": amount, "closed_t": closed_t, "closed": closed, "won": won}

    s_lead, s_status, s_t, s_reason, s_owner = _status_rows(ev)
    last_change = np.full(n, -1, np.int64)
    np.maximum.at(last_change, s_lead, s_t)
    edit_t = L.created + (rng.random(n) * 0.5 * (ctx.end_us - L.created)).astype(np.int64)
    updated = np.maximum(np.maximum(last_change, L.created), np.where(rng.random(n) < 0.4, edit_t, -1))

    a = _all_activities(ctx, acts, ev)
    asset = _assets(rng, ctx, a.type, a.t)
    tables = {
        "leads": pa.table({
            "lead_id": L.ids, **{k: person[k] for k in ("email", "first_name", "last_name", "job_title",
                                                         "company_name", "account_id")},
            "lead_source": _take(LEAD_SOURCES, L.source), "country": _take(COUNTRIES, L.country),
            "created_at": _ts(L.created), "updated_at": _ts(updated), "is_deleted": pa.array(np.zeros(n, bool)),
        }, schema=SCHEMAS["leads"]),
        "activities": pa.table({
            "activity_id": _ids("act_", np.arange(act_offset + 1, act_offset + len(a.t) + 1), ctx.act_width),
            "lead_id": L.ids.take(pa.array(a.lead)), "activity_type": _take(ACTIVITY_TYPES, a.type),
            "occurred_at": _ts(a.t), "asset": _take(ctx.asset_dict, asset),
            "campaign_id": _take(ctx.campaign_ids, a.campaign),
        }, schema=SCHEMAS["activities"]),
        "lead_status_history": pa.table({
            "lead_id": L.ids.take(pa.array(s_lead)), "status": _take(STATUSES, s_status),
            "changed_at": _ts(s_t), "reason": _take(REASONS, s_reason), "owner_id": _owner_ids(s_owner),
        }, schema=SCHEMAS["lead_status_history"]),
    }
    truth = pa.table({
        "lead_id": L.ids, "propensity": pa.array(L.propensity), "is_accepted": pa.array(state["accepted"]),
        "is_qualified": pa.array(state["qualified"]), "has_opportunity": pa.array(has_opp),
        "is_won": pa.array(is_won), "is_mql": pa.array(is_mql), "mql_at": _ts(mql_t, null=~is_mql),
        "fit_score": pa.array(L.fit, pa.int32()),
        "propensity_without_noise": pa.array(L.propensity_without_noise),
    }, schema=TRUTH_SCHEMA)
    counters = {
        "leads": n, "mql": int(is_mql.sum()), "mql_worked": int((is_mql & state["worked"]).sum()),
        "mql_accepted": int((is_mql & state["accepted"]).sum()),
        "mql_qualified": int((is_mql & state["qualified"]).sum()),
        "mql_opps": int((is_mql & has_opp).sum()), "mql_won": int((is_mql & is_won).sum()),
        "mql_closed": int(np.isin(np.flatnonzero(is_mql), opp_lead[closed]).sum()),
        "recycled": n_recycled, "free_mail": int((L.email_type == EMAIL_FREE).sum()),
        "hand_raisers": int(hand_raiser_mask(ctx.rules, a.type).sum()),
    }
    linked = L.kind == KIND_ACCOUNT
    return ChunkResult(tables, truth, opps, L.created, s_lead, L.account[linked], L.created[linked], counters)


def _owner_ids(owner: np.ndarray) -> pa.Array:
    ids = _ids("usr_", np.maximum(owner, 0) + 1, 4)
    return pc.if_else(pa.array(owner >= 0), ids, pa.scalar(None, STR))


def _assets(rng, ctx: Context, a_type: np.ndarray, a_t: np.ndarray) -> np.ndarray:
    code = np.full(len(a_type), -1, np.int64)
    u = rng.random(len(a_type))
    for type_code, (start, count) in ctx.asset_ranges.items():
        m = a_type == type_code
        code[m] = start + (u[m] * count).astype(np.int64)
    web = np.isin(a_type, [A["webinar_registered"], A["webinar_attended"]])
    n_web = len(ctx.asset_dict) - ctx.webinar_asset_base
    code[web] = ctx.webinar_asset_base + np.clip((a_t[web] - ctx.start_us) // ctx.webinar_period_us, 0, n_web - 1)
    return code
