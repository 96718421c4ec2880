"""Engagement bursts, and the dbt MQL rule re-implemented on them with the seeds' rules."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lead_funnel.generator.accounts import _campaign_for
from lead_funnel.generator.common import Context, _segment_starts
from lead_funnel.generator.constants import (
    A, ACTIVITY_TYPES, BURST_RATE_PER_30D, BURST_SIZE_DISPERSION, COLD_BURST_DAYS, COLD_BURST_SIZE, COLD_MIX,
    EMAIL_TYPES, ENGAGEMENT_POINTS, ENGAGEMENT_TOTAL_CAP, HAND_RAISERS, HAND_RAISER_ONLY_SOURCES,
    HOT_BURST_DAYS, HOT_BURST_PROB, HOT_BURST_SIZE, HOT_MIX, LEAD_SOURCES, MQL_MIN_ENGAGEMENT, MQL_MIN_FIT,
    MQL_THRESHOLD, PAID_SOURCES, SOURCE_FIRST_ACTIVITY, US_PER_DAY, US_PER_SEC,
)
from lead_funnel.generator.leads import LeadChunk
from lead_funnel.generator.vocabulary import EMAIL_COMPETITOR, RECENCY_WINDOW_DAYS, SEGMENTS

# ---------------------------------------------------------------------------
# Activities (engagement bursts)
# ---------------------------------------------------------------------------


@dataclass
class Activities:
    lead: np.ndarray  # local lead index
    type: np.ndarray
    t: np.ndarray
    campaign: np.ndarray  # campaign code, -1 = null


def _mix_cdf(mix: dict) -> np.ndarray:
    w = np.zeros(len(ACTIVITY_TYPES))
    for k, v in mix.items():
        w[A[k]] = v
    cdf = np.cumsum(w / w.sum())
    cdf[-1] = 1.0
    return cdf


COLD_CDF, HOT_CDF = _mix_cdf(COLD_MIX), _mix_cdf(HOT_MIX)


def _negbin(rng, mean: np.ndarray, shape: float) -> np.ndarray:
    return rng.negative_binomial(shape, shape / (shape + mean))


def _burst_activities(rng, ctx: Context, L: LeadChunk) -> Activities:
    """Engagement bursts after creation; hot bursts carry the buying intent."""
    n, p = L.n, L.propensity
    life = (ctx.end_us - L.created).astype(float)
    rate = (BURST_RATE_PER_30D[0] + BURST_RATE_PER_30D[1] * p) / (30 * US_PER_DAY)
    n_bursts = 1 + rng.poisson(rate * life)
    b_lead = np.repeat(np.arange(n), n_bursts)
    nb = len(b_lead)
    first = np.zeros(nb, bool)
    first[_segment_starts(n_bursts)] = True

    web_created = np.array([SOURCE_FIRST_ACTIVITY[s] is not None for s in LEAD_SOURCES])[L.source]
    offset = rng.random(nb) * life[b_lead]
    delayed = rng.uniform(1, 10, nb) * US_PER_DAY  # imported / scanned leads: first e-mails come later
    offset[first] = np.where(web_created[b_lead[first]], 0.0, delayed[first])
    start = L.created[b_lead] + offset.astype(np.int64)
    order = np.lexsort((start, b_lead))
    start, first = start[order], first[order]

    pb = p[b_lead]
    hot = rng.random(nb) < HOT_BURST_PROB[0] + HOT_BURST_PROB[1] * pb
    days = np.where(hot, rng.uniform(*HOT_BURST_DAYS, nb), rng.uniform(*COLD_BURST_DAYS, nb))
    next_start = np.append(start[1:], 0)
    last_of_lead = np.append(b_lead[1:] != b_lead[:-1], True)
    room = np.where(last_of_lead, ctx.end_us - start, next_start - start - 1)
    duration = np.clip((days * US_PER_DAY).astype(np.int64), 0, np.maximum(room, 0))
    mean = np.where(hot, HOT_BURST_SIZE[0] + HOT_BURST_SIZE[1] * pb, COLD_BURST_SIZE[0] + COLD_BURST_SIZE[1] * pb)
    size = 1 + _negbin(rng, mean, BURST_SIZE_DISPERSION)

    a_burst = np.repeat(np.arange(nb), size)
    na = len(a_burst)
    a_lead = b_lead[a_burst]
    is_burst_first = np.zeros(na, bool)
    is_burst_first[_segment_starts(size)] = True
    frac = rng.random(na) ** 1.3
    frac[is_burst_first] = 0.0
    t = start[a_burst] + (frac * duration[a_burst]).astype(np.int64)
    u = rng.random(na)
    hot_a = hot[a_burst]
    a_type = np.where(hot_a, np.searchsorted(HOT_CDF, u, side="right"),
                      np.searchsorted(COLD_CDF, u, side="right")).astype(np.int8)

    # the activity that created the lead, carrying the source campaign
    campaign = np.full(na, -1, np.int64)
    creation = is_burst_first & first[a_burst] & web_created[a_lead]
    first_type = np.array([A.get(SOURCE_FIRST_ACTIVITY[s], 0) for s in LEAD_SOURCES], np.int8)
    a_type[creation] = first_type[L.source[a_lead[creation]]]
    for si, source in enumerate(LEAD_SOURCES):
        if source not in PAID_SOURCES:
            continue
        m = creation & (L.source[a_lead] == si)
        if m.any():
            track = rng.integers(0, ctx.source_periods[source][2], int(m.sum()))
            campaign[m] = _campaign_for(ctx, source, t[m], track)

    # product usage only after a trial signup
    has_trial = np.bincount(a_lead[a_type == A["free_trial_signup"]], minlength=n) > 0
    a_type[(a_type == A["product_usage"]) & ~has_trial[a_lead]] = A["page_view"]

    keep = t <= ctx.end_us
    acts = Activities(lead=a_lead[keep], type=a_type[keep], t=t[keep], campaign=campaign[keep])
    _attach_campaigns(rng, ctx, acts)
    return acts


def _attach_campaigns(rng, ctx: Context, acts: Activities) -> None:
    """Nurture e-mails carry the monthly e-mail campaign; webinars the webinar campaign."""
    is_email = np.isin(acts.type, [A[x] for x in EMAIL_TYPES]) & (acts.campaign < 0)
    month = np.clip((acts.t - ctx.start_us) // (30 * US_PER_DAY), 0, None)
    with_cmp = is_email & (rng.random(len(acts.t)) < 0.85)
    acts.campaign[with_cmp] = ctx.email_campaign_base + month[with_cmp]
    web = np.isin(acts.type, [A["webinar_registered"], A["webinar_attended"]]) & (acts.campaign < 0)
    acts.campaign[web] = _campaign_for(ctx, "webinar", acts.t[web], np.zeros(int(web.sum()), np.int64))


def _window_engagement(acts: Activities, window_days: np.ndarray, start_us: int) -> np.ndarray:
    """Engagement score as of each activity over the lead's trailing recency window
    (points per type capped, total capped), i.e. what the dbt model computes."""
    sec = (acts.t - start_us) // US_PER_SEC  # seconds since history start (< 2**34)
    key = acts.lead.astype(np.int64) * (1 << 34) + sec
    lower = acts.lead.astype(np.int64) * (1 << 34) + np.maximum(sec - window_days * 86_400, -1)
    first = np.searchsorted(key, lower, side="right")  # first activity inside the window
    score = np.zeros(len(key), np.int64)
    for name, (pts, cap) in ENGAGEMENT_POINTS.items():
        m = acts.type == A[name]
        if not m.any():
            continue
        cs = np.concatenate([[0], np.cumsum(m, dtype=np.int64)])
        count = cs[1:] - cs[first]
        score += count * pts if cap is None else np.minimum(count * pts, cap)
    return np.minimum(score, ENGAGEMENT_TOTAL_CAP)


def _mql_candidates(ctx: Context, L: LeadChunk, acts: Activities) -> np.ndarray:
    """Boolean per activity: the dbt MQL rule would fire at this activity (approximation)."""
    window = np.array([RECENCY_WINDOW_DAYS[s] for s in SEGMENTS])[L.segment[acts.lead]]
    eng = _window_engagement(acts, window, ctx.start_us)
    fit = L.fit[acts.lead]
    threshold = np.array([MQL_THRESHOLD[s] for s in SEGMENTS])[L.segment[acts.lead]]
    score_ok = ~np.isin(L.source, [LEAD_SOURCES.index(s) for s in HAND_RAISER_ONLY_SOURCES])[acts.lead]
    by_score = score_ok & (fit + eng >= threshold) & (eng >= MQL_MIN_ENGAGEMENT)
    hand_raiser = np.isin(acts.type, [A[x] for x in HAND_RAISERS])
    return (fit >= MQL_MIN_FIT) & (by_score | hand_raiser) & (L.email_type[acts.lead] != EMAIL_COMPETITOR)


def _first_per_lead(n: int, lead: np.ndarray, t: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Earliest masked time per lead (activities sorted by lead, time); -1 if none."""
    out = np.full(n, -1, np.int64)
    idx = np.flatnonzero(mask)
    leads, first = np.unique(lead[idx], return_index=True)
    out[leads] = t[idx[first]]
    return out

# ---------------------------------------------------------------------------
