"""Leads: attributes, planted propensity, observed fit (seed rules), names and e-mails."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lead_funnel.generator.accounts import _brand_names
from lead_funnel.generator.common import Context, _choice, _join, _sigmoid, _size_band, _take
from lead_funnel.generator.constants import (
    EMAIL_EFFECT, GROWTH_OVER_HISTORY, ICP_EFFECT, LEAD_SOURCE_MIX, LEAD_SOURCES, PERSONA_EFFECT, PROPENSITY_INTERCEPT,
    PROPENSITY_NOISE_SD, SENIORITY_EFFECT, SIZE_EFFECT, STR, US_PER_DAY, US_PER_HOUR,
)
from lead_funnel.generator.vocabulary import (
    ACADEMIC_DOMAINS, ACADEMIC_TITLES, ACCOUNT_LEAD_FREE_MAIL_SHARE, COMPETITOR_DOMAINS, COUNTRIES,
    COUNTRY_MIX, EMAIL_ACADEMIC, EMAIL_COMPETITOR, EMAIL_CORPORATE, EMAIL_FREE, FIRST_NAMES,
    FREE_MAIL_DOMAINS, FREE_MAIL_MIX, KIND_ACADEMIC, KIND_ACCOUNT, KIND_COMPETITOR, KIND_DOMAIN, KIND_FREE,
    KIND_MIX, KIND_UNMATCHED, LAST_NAMES, LEGAL_SUFFIX, PER, PERSONAS, SEGMENTS, SEN, SENIORITIES, TITLES,
    UNMATCHED_WORDS,
)
from lead_funnel.generator.worlds import extra_logit

# ---------------------------------------------------------------------------
# Leads
# ---------------------------------------------------------------------------


@dataclass
class LeadChunk:
    gidx: np.ndarray  # global lead number (1-based)
    ids: pa.Array
    kind: np.ndarray
    email_type: np.ndarray
    account: np.ndarray  # account index matched by id or domain, -1 if none
    emp: np.ndarray  # employee count of matched account, -1 if unknown
    icp: np.ndarray
    seniority: np.ndarray
    persona: np.ndarray
    title: np.ndarray  # index into TITLES (+ len(TITLES) for academic titles)
    source: np.ndarray
    country: np.ndarray
    created: np.ndarray
    propensity: np.ndarray
    # the propensity without its per-lead noise term N(0, PROPENSITY_NOISE_SD): what the lead's
    # attributes alone say (truth column propensity_without_noise; docs/ml.md)
    propensity_without_noise: np.ndarray
    segment: np.ndarray  # planted segment (index into SEGMENTS): drives opportunity cycles and amounts
    # what dbt sees (set by _observe, from the seeds' rules applied to the written columns)
    fit: np.ndarray | None = None
    is_disqualified: np.ndarray | None = None
    scored_segment: np.ndarray | None = None  # index into SEGMENTS
    is_hand_raiser_only_source: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.gidx)


def _title_tables():
    titles = [t[0] for t in TITLES] + [t[0] for t in ACADEMIC_TITLES]
    sen = np.array([SEN[t[1]] for t in TITLES] + [SEN[t[1]] for t in ACADEMIC_TITLES], np.int8)
    per = np.array([PER[t[2]] for t in TITLES] + [PER[t[2]] for t in ACADEMIC_TITLES], np.int8)
    return titles, sen, per


TITLE_STRINGS, TITLE_SENIORITY, TITLE_PERSONA = _title_tables()


def _created_times(rng, ctx: Context, n: int) -> np.ndarray:
    """Creation timestamps: volume grows over the history, business-hours heavy, fewer weekends."""
    g = math.log(GROWTH_OVER_HISTORY)
    frac = np.log1p(rng.random(n) * (math.exp(g) - 1)) / g
    n_days = ctx.history_us // US_PER_DAY + 1
    day = np.minimum((frac * n_days).astype(np.int64), n_days - 1)
    weekday = (ctx.start_date.weekday() + day) % 7
    shift = (weekday >= 5) & (rng.random(n) < 0.6)
    day = np.where(shift, np.minimum(day + (7 - weekday), n_days - 1), day)
    office = rng.random(n) < 0.75
    hour = np.where(office, np.clip(rng.normal(14.5, 3.0, n), 0, 23.99), rng.uniform(0, 24, n))
    t = ctx.start_us + day * US_PER_DAY + (hour * US_PER_HOUR).astype(np.int64)
    return np.minimum(t, ctx.end_us)


def _observe(ctx: Context, L: LeadChunk, domain: pa.Array) -> None:
    """Fit, disqualification, segment and source rule as dbt derives them from the written columns:
    the seeds' rules (generator.rules) applied to the parsed title, the e-mail domain and the matched
    account (a deleted account is quarantined by staging, so it matches nothing)."""
    rules = ctx.rules
    seen = (L.account >= 0) & ~ctx.acc_deleted[np.maximum(L.account, 0)]
    emp = np.where(seen, ctx.acc_emp[np.maximum(L.account, 0)], -1)
    segment = rules.segment_of(emp, SEGMENTS)
    domains = pc.dictionary_encode(domain)
    uniq = domains.dictionary.to_pylist()
    email_type = np.array([rules.email_type(d) for d in uniq], dtype=object)[domains.indices.to_numpy()]
    competitor = np.array([rules.is_competitor(d) for d in uniq], bool)[domains.indices.to_numpy()]
    sources = np.array(LEAD_SOURCES, dtype=object)[L.source]
    L.fit, L.is_disqualified = rules.fit({
        "seniority": ctx.title_seniority_seen[L.title], "persona": ctx.title_persona_seen[L.title],
        "email_type": email_type, "employee_count": emp, "is_icp_industry": seen & ctx.acc_icp[np.maximum(L.account, 0)],
        "is_competitor": competitor, "lead_source": sources,
        "country": np.array([c.lower() for c in COUNTRIES], dtype=object)[L.country],
        "segment": np.array(SEGMENTS, dtype=object)[segment],
    })
    L.scored_segment = segment
    L.is_hand_raiser_only_source = np.isin(sources, list(rules.hand_raiser_only_sources))


def _make_leads(rng, ctx: Context, lo: int, hi: int):
    """Lead attributes, propensity and the leads Arrow columns for leads lo+1..hi."""
    n = hi - lo
    gidx = np.arange(lo + 1, hi + 1)
    kind = _choice(rng, KIND_MIX, n)
    account = np.where(kind <= KIND_DOMAIN, np.searchsorted(ctx.acc_cdf, rng.random(n), side="right"), -1)
    account = np.minimum(account, len(ctx.acc_emp) - 1)
    email_type = np.select(
        [kind == KIND_FREE, kind == KIND_ACADEMIC, kind == KIND_COMPETITOR],
        [EMAIL_FREE, EMAIL_ACADEMIC, EMAIL_COMPETITOR], EMAIL_CORPORATE).astype(np.int8)
    email_type[(kind == KIND_ACCOUNT) & (rng.random(n) < ACCOUNT_LEAD_FREE_MAIL_SHARE)] = EMAIL_FREE

    has_acc = account >= 0
    emp = np.where(has_acc, ctx.acc_emp[np.maximum(account, 0)], -1)
    icp = has_acc & ctx.acc_icp[np.maximum(account, 0)]

    # job titles from three pools
    corp_w = [t[3] for t in TITLES]
    free_w = [t[4] for t in TITLES]
    title = _choice(rng, corp_w, n)
    free_title = _choice(rng, free_w, n)
    acad_title = _choice(rng, [t[3] for t in ACADEMIC_TITLES], n) + len(TITLES)
    title = np.where(kind == KIND_FREE, free_title, np.where(kind == KIND_ACADEMIC, acad_title, title))
    seniority = TITLE_SENIORITY[title]
    persona = TITLE_PERSONA[title]

    z_attributes = (PROPENSITY_INTERCEPT
                    + np.array([SENIORITY_EFFECT[s] for s in SENIORITIES])[seniority]
                    + np.array([PERSONA_EFFECT[p] for p in PERSONAS])[persona]
                    + np.array(SIZE_EFFECT)[_size_band(emp)]
                    + np.where(icp, ICP_EFFECT, 0.0)
                    + np.array(EMAIL_EFFECT)[email_type])
    # the per-lead noise: what no observed attribute explains (drawn where it always was)
    noise = rng.normal(0, PROPENSITY_NOISE_SD, n)
    z = z_attributes + noise
    propensity = _sigmoid(z)
    propensity_without_noise = _sigmoid(z_attributes)

    source = _choice(rng, LEAD_SOURCE_MIX, n)
    extra = extra_logit(ctx.world, source, title, TITLE_STRINGS)
    if extra is not None:  # a world whose propensity also depends on source and title words
        propensity = _sigmoid(z + extra)
        propensity_without_noise = _sigmoid(z_attributes + extra)
    country = np.where(has_acc, ctx.acc_country[np.maximum(account, 0)], _choice(rng, COUNTRY_MIX, n))
    created = _created_times(rng, ctx, n)

    chunk = LeadChunk(gidx=gidx, ids=ctx.lead_ids(gidx), kind=kind, email_type=email_type, account=account,
                      emp=emp, icp=icp, seniority=seniority, persona=persona, title=title, source=source,
                      country=country, created=created, propensity=propensity,
                      propensity_without_noise=propensity_without_noise,
                      segment=ctx.rules.segment_of(emp, SEGMENTS))
    person = _person_columns(rng, ctx, chunk)
    _observe(ctx, chunk, person["domain"])
    return chunk, person


def _person_columns(rng, ctx: Context, L: LeadChunk) -> dict:
    """Names, e-mail and company name.  (first, last, k) is a bijection of the lead number,
    so every e-mail local part is unique across the whole dataset."""
    n = L.n
    F, LN = len(FIRST_NAMES), len(LAST_NAMES)
    c = ((L.gidx - 1) * ctx.name_mult + ctx.name_offset) % ctx.name_modulus
    first, last, k = c % F, (c // F) % LN, c // (F * LN)
    # k = 0: john.smith, 1..26: john.b.smith, beyond: john.b.smith2
    k_max = int(ctx.name_modulus // (F * LN))
    seps = (".", "_")
    # middle initial (with the separator) for k > 0: code = k * 2 + separator
    middles = [""] * 2 + [f"{chr(97 + (j - 1) % 26)}{sp}" for j in range(1, k_max) for sp in seps]
    digits = [""] * min(k_max, 27) + [str((j - 1) // 26 + 1) for j in range(27, k_max)]
    sep = np.where(rng.random(n) < 0.8, 0, 1)
    lower_first = [x.lower() for x in FIRST_NAMES]
    lower_last = [x.lower() for x in LAST_NAMES]
    local = _join(_take(lower_first, first), _take(seps, sep), _take(middles, k * 2 + sep),
                  _take(lower_last, last), _take(digits, k))

    # domain per kind
    n_acc_dom = len(ctx.acc_domains)
    pool = pa.concat_arrays([
        ctx.acc_domains, pa.array(FREE_MAIL_DOMAINS, STR),
        pa.array([d for d, _ in ACADEMIC_DOMAINS], STR), pa.array([d for d, _ in COMPETITOR_DOMAINS], STR),
    ])
    free = n_acc_dom + _choice(rng, FREE_MAIL_MIX, n)
    acad_i = rng.integers(0, len(ACADEMIC_DOMAINS), n)
    comp_i = rng.integers(0, len(COMPETITOR_DOMAINS), n)
    code = np.select(
        [L.email_type == EMAIL_FREE, L.email_type == EMAIL_ACADEMIC, L.email_type == EMAIL_COMPETITOR,
         L.account >= 0],
        [free, n_acc_dom + len(FREE_MAIL_DOMAINS) + acad_i,
         n_acc_dom + len(FREE_MAIL_DOMAINS) + len(ACADEMIC_DOMAINS) + comp_i, L.account], 0)
    domain = pool.take(pa.array(code))
    brands, slugs = _brand_names()
    b = rng.integers(0, len(brands), n)
    w = rng.integers(0, len(UNMATCHED_WORDS), n)
    unmatched = L.kind == KIND_UNMATCHED
    domain = pc.if_else(pa.array(unmatched), _join(_take(slugs, b), "-",
                                                   _take([x.lower() for x in UNMATCHED_WORDS], w), ".com"), domain)
    email = _join(local, "@", domain)

    # company name as typed by the lead
    acc_name = ctx.acc_names.take(pa.array(np.maximum(L.account, 0)))
    legal = np.array([LEGAL_SUFFIX.get(c, " Inc.") for c in COUNTRIES], dtype=object)
    style = rng.random(n)
    typed = pc.if_else(pa.array(style < 0.2), _join(acc_name, _take(list(legal), L.country)), acc_name)
    typed = pc.if_else(pa.array(style > 0.88), pc.utf8_lower(acc_name), typed)
    other_company = _join(_take(brands, b), " ", _take(list(UNMATCHED_WORDS), w))
    company = pc.if_else(pa.array(L.account >= 0), typed, other_company)
    company = pc.if_else(pa.array(L.kind == KIND_ACADEMIC), _take([x for _, x in ACADEMIC_DOMAINS], acad_i), company)
    company = pc.if_else(pa.array(L.kind == KIND_COMPETITOR), _take([x for _, x in COMPETITOR_DOMAINS], comp_i),
                         company)
    freelancer = (L.kind == KIND_FREE) & (rng.random(n) < 0.3)
    company = pc.if_else(pa.array(freelancer), pa.scalar(None, STR), company)

    return {
        "email": email, "first_name": _take(FIRST_NAMES, first), "last_name": _take(LAST_NAMES, last),
        "job_title": _take(TITLE_STRINGS, L.title), "company_name": company,
        "account_id": _take(ctx.acc_ids, np.where(L.kind == KIND_ACCOUNT, L.account, -1)),
        "domain": domain,  # not a column: what the fit rules classify
    }

# ---------------------------------------------------------------------------
