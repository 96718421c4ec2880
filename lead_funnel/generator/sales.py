"""The sales process triggered by the MQL rule: statuses, sales activities, opportunities."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lead_funnel.generator.activities import Activities, _first_per_lead, _mql_candidates, hand_raiser_mask
from lead_funnel.generator.common import (
    Context, _choice, _ids, _log_uniform, _logit, _sigmoid, _take, _ts,
)
from lead_funnel.generator.constants import (
    A, ACCEPT_MODEL, AUTO_NURTURE_SHARE, DISQUALIFY_REASON_MIX, NURTURE_AFTER_REJECT,
    OPP_AMOUNT_MEDIAN, OPP_CYCLE_MEDIAN_DAYS, QUALIFY_MODEL, R, RECYCLE_COOL_OFF_DAYS, REJECT_REASON_MIX, S,
    SALES_SOURCED_SHARE, SCHEMAS, STAGES, STR, TOUCH_DELAY_BUCKETS, US_PER_DAY, US_PER_HOUR, US_PER_SEC,
    WIN_MODEL,
)
from lead_funnel.generator.leads import LeadChunk, _created_times
from lead_funnel.generator.vocabulary import (
    EMAIL_ACADEMIC, EMAIL_COMPETITOR, EMAIL_FREE, KIND_ACCOUNT, SEGMENTS, SEN,
)

# ---------------------------------------------------------------------------
# Sales process
# ---------------------------------------------------------------------------


class _Events:
    """Append-only buffers for status rows, sales activities and opportunities of a chunk."""

    def __init__(self):
        self.status = []  # (lead, status, t, reason, owner)
        self.sales = []  # (lead, type, t)
        self.opps = []  # (lead, created_t)

    def add_status(self, lead, status, t, reason=None, owner=None):
        n = len(lead)
        if n == 0:
            return
        reason = np.full(n, -1, np.int16) if reason is None else reason
        owner = np.full(n, -1, np.int32) if owner is None else owner
        self.status.append((lead, np.full(n, status, np.int8), t, reason, owner))

    def add_sales(self, lead, type_code, t):
        if len(lead):
            self.sales.append((lead, np.broadcast_to(np.asarray(type_code, np.int8), lead.shape).copy(), t))


def _reasons(rng, mix: dict, n: int) -> np.ndarray:
    return np.array([R[k] for k in mix], np.int16)[_choice(rng, list(mix.values()), n)]


def _work_cycle(rng, ctx: Context, L: LeadChunk, idx: np.ndarray, mql_t: np.ndarray, ev: _Events, state: dict,
                allow_recycle: bool) -> np.ndarray:
    """One sales cycle for MQL leads ``idx`` starting at ``mql_t``.  Returns the time from which
    rejected-and-nurtured leads can be recycled (-1 otherwise)."""
    n, end = len(idx), ctx.end_us
    p = L.propensity[idx]
    shares = [b[0] for b in TOUCH_DELAY_BUCKETS]
    bucket = _choice(rng, shares, n)
    delay = np.zeros(n, np.int64)
    for i, (_, lo, hi) in enumerate(TOUCH_DELAY_BUCKETS):
        m = bucket == i
        if lo is not None:
            delay[m] = _log_uniform(rng, lo, hi, int(m.sum())).astype(np.int64)
    touch = mql_t + delay
    touched = (bucket < len(TOUCH_DELAY_BUCKETS) - 1) & (touch <= end)
    sdr = rng.integers(0, ctx.n_sdr, n).astype(np.int32)
    state["worked"][idx[touched]] = True
    ev.add_status(idx[touched], S["working"], touch[touched], owner=sdr[touched])
    first_sales = np.where(rng.random(n) < 0.45, A["sales_call"], A["sales_email"])
    ev.add_sales(idx[touched], first_sales[touched], touch[touched])

    decide = touch + np.minimum(rng.lognormal(math.log(1.5 * US_PER_DAY), 1.0, n), 30 * US_PER_DAY).astype(np.int64)
    # follow-up e-mails / calls while working
    n_follow = np.where(touched, rng.poisson(1.5, n), 0)
    f_lead = np.repeat(np.arange(n), n_follow)
    f_t = touch[f_lead] + (rng.random(len(f_lead)) * (np.minimum(decide, end) - touch)[f_lead]).astype(np.int64)
    ev.add_sales(idx[f_lead], np.where(rng.random(len(f_lead)) < 0.6, A["sales_email"], A["sales_call"]), f_t)

    decided = touched & (decide <= end)
    forced_reject = (L.seniority[idx] == SEN["student"]) | (L.email_type[idx] == EMAIL_ACADEMIC)
    p_accept = _sigmoid(ACCEPT_MODEL[0] + ACCEPT_MODEL[1] * _logit(p))
    accept = decided & ~forced_reject & (rng.random(n) < p_accept)
    reject = decided & ~accept
    reason = _reasons(rng, REJECT_REASON_MIX, n)
    reason[forced_reject] = R["student"]
    # students hiding behind a free-mail address and a grown-up title
    reason[(L.email_type[idx] == EMAIL_FREE) & (rng.random(n) < 0.3)] = R["student"]
    meeting = accept & (rng.random(n) < 0.6)
    ev.add_sales(idx[meeting], A["meeting_held"], decide[meeting])
    ev.add_status(idx[accept], S["accepted"], decide[accept], owner=sdr[accept])
    ev.add_status(idx[reject], S["rejected"], decide[reject], reason=reason[reject], owner=sdr[reject])
    state["accepted"][idx[accept]] = True

    nurture_t = decide + (rng.uniform(1, 21, n) * US_PER_DAY).astype(np.int64)
    nurture = reject & (rng.random(n) < NURTURE_AFTER_REJECT) & (nurture_t <= end)
    ev.add_status(idx[nurture], S["nurture"], nurture_t[nurture])

    # accepted -> qualified (SQL) / disqualified, handled by an account executive
    q_t = decide + np.minimum(rng.lognormal(math.log(7 * US_PER_DAY), 0.7, n), 45 * US_PER_DAY).astype(np.int64)
    q_decided = accept & (q_t <= end)
    p_qual = _sigmoid(QUALIFY_MODEL[0] + QUALIFY_MODEL[1] * _logit(p))
    qualify = q_decided & (rng.random(n) < p_qual)
    disq = q_decided & ~qualify
    ae = (ctx.n_sdr + rng.integers(0, ctx.n_ae, n)).astype(np.int32)
    meeting2 = qualify & (rng.random(n) < 0.8)
    ev.add_sales(idx[meeting2], A["meeting_held"], q_t[meeting2])
    ev.add_status(idx[qualify], S["qualified"], q_t[qualify], owner=ae[qualify])
    ev.add_status(idx[disq], S["disqualified"], q_t[disq], reason=_reasons(rng, DISQUALIFY_REASON_MIX, n)[disq],
                  owner=ae[disq])
    d_nurture_t = q_t + (rng.uniform(1, 30, n) * US_PER_DAY).astype(np.int64)
    d_nurture = disq & (rng.random(n) < 0.5) & (d_nurture_t <= end)
    ev.add_status(idx[d_nurture], S["nurture"], d_nurture_t[d_nurture])
    state["qualified"][idx[qualify]] = True

    opp_t = q_t + (rng.random(n) * 3 * US_PER_DAY).astype(np.int64)
    with_opp = qualify & (L.account[idx] >= 0) & (opp_t <= end)
    ev.opps.append((idx[with_opp], opp_t[with_opp]))

    recycle_from = np.full(n, -1, np.int64)
    if allow_recycle:
        recycle_from[nurture] = nurture_t[nurture] + RECYCLE_COOL_OFF_DAYS * US_PER_DAY
    return recycle_from


def _sales_sourced(rng, ctx: Context, L: LeadChunk, is_mql: np.ndarray, ev: _Events, state: dict) -> None:
    """Outbound sales works a few account leads that never became MQLs."""
    n, end = L.n, ctx.end_us
    eligible = (~is_mql & (L.kind == KIND_ACCOUNT) & (L.seniority != SEN["student"])
                & (rng.random(n) < SALES_SOURCED_SHARE * (0.5 + 2 * L.propensity)))
    idx = np.flatnonzero(eligible)
    m = len(idx)
    work_t = L.created[idx] + (rng.uniform(0.05, 0.9, m) * (end - L.created[idx])).astype(np.int64)
    acc_t = work_t + (rng.uniform(1, 6, m) * US_PER_DAY).astype(np.int64)
    q_t = acc_t + (rng.uniform(3, 20, m) * US_PER_DAY).astype(np.int64)
    opp_t = q_t + (rng.random(m) * 2 * US_PER_DAY).astype(np.int64)
    sdr = rng.integers(0, ctx.n_sdr, m).astype(np.int32)
    ae = (ctx.n_sdr + rng.integers(0, ctx.n_ae, m)).astype(np.int32)
    ok = opp_t <= end
    idx, work_t, acc_t, q_t, opp_t, sdr, ae = (x[ok] for x in (idx, work_t, acc_t, q_t, opp_t, sdr, ae))
    ev.add_status(idx, S["working"], work_t, owner=sdr)
    ev.add_sales(idx, A["sales_call"], work_t)
    ev.add_sales(idx, A["meeting_held"], acc_t)
    ev.add_status(idx, S["accepted"], acc_t, owner=sdr)
    ev.add_status(idx, S["qualified"], q_t, owner=ae)
    ev.opps.append((idx, opp_t))
    state["worked"][idx] = True
    state["accepted"][idx] = True
    state["qualified"][idx] = True


def _reject_competitors(rng, ctx: Context, L: LeadChunk, acts: Activities, ev: _Events) -> None:
    """A competitor asking for a demo gets a look from an SDR, who rejects it."""
    hand_raiser = hand_raiser_mask(ctx.rules, acts.type)
    first = _first_per_lead(L.n, acts.lead, acts.t, hand_raiser & (L.email_type[acts.lead] == EMAIL_COMPETITOR))
    idx = np.flatnonzero(first >= 0)
    touch = first[idx] + _log_uniform(rng, 10 * 60 * US_PER_SEC, 48 * US_PER_HOUR, len(idx)).astype(np.int64)
    reject = touch + (rng.uniform(1, 30, len(idx)) * 60 * US_PER_SEC).astype(np.int64)
    ok = reject <= ctx.end_us
    idx, touch, reject = idx[ok], touch[ok], reject[ok]
    sdr = rng.integers(0, ctx.n_sdr, len(idx)).astype(np.int32)
    ev.add_status(idx, S["working"], touch, owner=sdr)
    ev.add_sales(idx, A["sales_email"], touch)
    ev.add_status(idx, S["rejected"], reject, reason=np.full(len(idx), R["competitor"], np.int16), owner=sdr)


def _close_opportunities(rng, ctx: Context, created: np.ndarray, segment: np.ndarray, propensity: np.ndarray):
    """Stage, amount, close date and outcome for opportunities created at ``created``."""
    n = len(created)
    cycle = rng.lognormal(np.log(np.array(OPP_CYCLE_MEDIAN_DAYS)[segment]), 0.6) * US_PER_DAY
    close_t = created + cycle.astype(np.int64)
    closed = close_t <= ctx.end_us
    won = closed & (rng.random(n) < _sigmoid(WIN_MODEL[0] + WIN_MODEL[1] * _logit(propensity)))
    amount = rng.lognormal(np.log(np.array(OPP_AMOUNT_MEDIAN)[segment]), 0.7)
    amount = np.where(won, amount, amount * rng.uniform(0.8, 1.3, n))
    amount = np.maximum(np.round(amount / 100) * 100, 500.0)
    progress = (ctx.end_us - created) / np.maximum(cycle, 1)
    open_stage = np.select([progress < 0.3, progress < 0.7], [0, 1], 2)
    stage = np.where(closed, np.where(won, 3, 4), open_stage).astype(np.int8)
    return stage, amount, np.where(closed, close_t, -1), closed, won

# ---------------------------------------------------------------------------

def _simulate_sales(rng, ctx: Context, L: LeadChunk, acts: Activities):
    """Status history, sales activities and opportunities for one chunk of leads."""
    n = L.n
    candidates = _mql_candidates(ctx, L, acts)
    mql_t = _first_per_lead(n, acts.lead, acts.t, candidates)
    is_mql = mql_t >= 0
    ev = _Events()
    state = {k: np.zeros(n, bool) for k in ("worked", "accepted", "qualified")}
    ev.add_status(np.arange(n), S["open"], L.created)
    mql_idx = np.flatnonzero(is_mql)
    recycle_from = _work_cycle(rng, ctx, L, mql_idx, mql_t[mql_idx], ev, state, allow_recycle=True)
    # recycling: a rejected + nurtured lead that fires the MQL rule again is worked again
    ready = np.full(n, np.iinfo(np.int64).max)
    ready[mql_idx[recycle_from >= 0]] = recycle_from[recycle_from >= 0]
    mql2_t = _first_per_lead(n, acts.lead, acts.t, candidates & (acts.t >= ready[acts.lead]))
    recycled = np.flatnonzero(mql2_t >= 0)
    _work_cycle(rng, ctx, L, recycled, mql2_t[recycled], ev, state, allow_recycle=False)
    _sales_sourced(rng, ctx, L, is_mql, ev, state)
    _reject_competitors(rng, ctx, L, acts, ev)
    # marketing automation parks some untouched leads in nurture
    auto_t = L.created + (rng.uniform(60, 120, n) * US_PER_DAY).astype(np.int64)
    auto = ~is_mql & ~state["worked"] & (rng.random(n) < AUTO_NURTURE_SHARE) & (auto_t <= ctx.end_us)
    ev.add_status(np.flatnonzero(auto), S["nurture"], auto_t[auto])
    return ev, state, mql_t, len(recycled)


def _null_lead_opportunities(ctx: Context, rng: np.random.Generator, n: int) -> dict:
    """Account-level opportunities created by sales with no lead attached."""
    account = np.minimum(np.searchsorted(ctx.acc_cdf, rng.random(n), side="right"), len(ctx.acc_emp) - 1)
    created = _created_times(rng, ctx, n)
    seg = ctx.rules.segment_of(ctx.acc_emp[account], SEGMENTS)
    stage, amount, closed_t, closed, won = _close_opportunities(rng, ctx, created, seg, np.full(n, 0.3))
    return {"account": account, "lead": np.full(n, -1), "created": created, "stage": stage, "amount": amount,
            "closed_t": closed_t, "closed": closed, "won": won}


def _opportunities_table(ctx: Context, parts: list) -> pa.Table:
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.lexsort((cols["lead"], cols["created"]))
    cols = {k: v[order] for k, v in cols.items()}
    n = len(order)
    return pa.table({
        "opportunity_id": _ids("opp_", np.arange(1, n + 1), 7),
        "account_id": _take(ctx.acc_ids, cols["account"]),
        "lead_id": pc.if_else(pa.array(cols["lead"] > 0), ctx.lead_ids(np.maximum(cols["lead"], 1)),
                              pa.scalar(None, STR)),
        "created_at": _ts(cols["created"]), "stage": _take(STAGES, cols["stage"]),
        "amount_usd": pa.array(cols["amount"], pa.float64()),
        "closed_at": _ts(np.maximum(cols["closed_t"], 0), null=cols["closed_t"] < 0),
        "is_closed": pa.array(cols["closed"]), "is_won": pa.array(cols["won"]),
    }, schema=SCHEMAS["opportunities"])
