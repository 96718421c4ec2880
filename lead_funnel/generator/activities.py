"""Engagement bursts, and the dbt MQL rule re-implemented on them with the seeds' rules."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lead_funnel.generator.accounts import _campaign_for
from lead_funnel.generator.common import Context, _segment_starts
from lead_funnel.generator.constants import (
    A, ACTIVITY_TYPES, BURST_RATE_PER_30D, BURST_SIZE_DISPERSION, COLD_BURST_DAYS, COLD_BURST_SIZE, COLD_MIX,
    EMAIL_TYPES, HOT_BURST_DAYS, HOT_BURST_PROB, HOT_BURST_SIZE, HOT_MIX, LEAD_SOURCES, PAID_SOURCES,
    SOURCE_FIRST_ACTIVITY, US_PER_DAY,
)
from lead_funnel.generator.leads import LeadChunk
from lead_funnel.generator.rules import ScoringRules, capped
from lead_funnel.generator.vocabulary import SEGMENTS

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


def _rank_within(lead: np.ndarray, t: np.ndarray, q_lead: np.ndarray, q_t: np.ndarray, inclusive: bool):
    """Per query (q_lead, q_t): how many activities (sorted by lead, time) come before it, i.e. have
    (lead, t) < (q_lead, q_t), or <= with ``inclusive``. Exact to the microsecond, any history length."""
    if len(t) == 0 or len(q_t) == 0:
        return np.zeros(len(q_t), np.int64)
    low = min(int(t.min()), int(q_t.min()))
    span = max(int(t.max()), int(q_t.max())) - low + 1
    if (int(max(lead.max(), q_lead.max())) + 1) * span < 2 ** 62:  # one int64 key: (lead, time)
        key = lead.astype(np.int64) * span + (t - low)
        query = q_lead.astype(np.int64) * span + (q_t - low)
        return np.searchsorted(key, query, side="right" if inclusive else "left")
    n = len(t)  # very long histories: merge the two sorted sets instead
    kind = np.concatenate([np.ones(n, np.int8), np.full(len(q_t), 2 if inclusive else 0, np.int8)])
    order = np.lexsort((kind, np.concatenate([t, q_t]), np.concatenate([lead, q_lead])))
    before = np.cumsum(kind[order] == 1)
    position = np.empty(len(order), np.int64)
    position[order] = np.arange(len(order))
    return before[position[n:]]


def _window_engagement(rules: ScoringRules, acts: Activities, window_days: np.ndarray) -> np.ndarray:
    """Engagement score at each activity, what int_lead_engagement_timeline computes: the points of
    the lead's activities at or before it (same-time peers included) and no older than the segment's
    recency window (an activity exactly ``window`` days old still counts), capped per type as the
    scoring_capped macro does (a negative cap is a floor), then capped in total."""
    lead = acts.lead.astype(np.int64)
    upper = _rank_within(lead, acts.t, lead, acts.t, inclusive=True)
    lower = _rank_within(lead, acts.t, lead, acts.t - window_days.astype(np.int64) * US_PER_DAY, inclusive=False)
    score = np.zeros(len(acts.t), np.int64)
    for name, (pts, cap) in rules.activity_points.items():
        if name not in A or pts == 0:
            continue
        m = acts.type == A[name]
        if not m.any():
            continue
        cs = np.concatenate([[0], np.cumsum(m, dtype=np.int64)])
        score += capped((cs[upper] - cs[lower]) * pts, cap)
    return np.minimum(score, rules.engagement_cap)


def _mql_candidates(ctx: Context, L: LeadChunk, acts: Activities) -> np.ndarray:
    """Boolean per activity: the dbt MQL rule (int_lead_mql_evaluations) fires at this activity.
    Score path: fit and engagement gates and the segment threshold, not for hand-raiser-only
    sources; hand-raiser fast track: a hand-raiser activity with enough fit; never disqualified."""
    rules = ctx.rules
    segment = L.scored_segment[acts.lead]
    eng = _window_engagement(rules, acts, rules.segment_values("window_days", SEGMENTS)[segment])
    fit = L.fit[acts.lead]
    threshold = rules.segment_values("threshold", SEGMENTS)[segment]
    by_score = (~L.is_hand_raiser_only_source[acts.lead] & (fit >= rules.fit_gate)
                & (eng >= rules.engagement_gate) & (fit + eng >= threshold))
    fast_track = hand_raiser_mask(rules, acts.type) & (fit >= rules.fast_track_min_fit)
    return ~L.is_disqualified[acts.lead] & (by_score | fast_track)


def hand_raiser_mask(rules: ScoringRules, types: np.ndarray) -> np.ndarray:
    """Activities whose type is a hand-raiser in seed scoring_activity_points."""
    return np.isin(types, [A[x] for x in rules.hand_raisers if x in A])


def _first_per_lead(n: int, lead: np.ndarray, t: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Earliest masked time per lead (activities sorted by lead, time); -1 if none."""
    out = np.full(n, -1, np.int64)
    idx = np.flatnonzero(mask)
    leads, first = np.unique(lead[idx], return_index=True)
    out[leads] = t[idx[first]]
    return out

# ---------------------------------------------------------------------------
