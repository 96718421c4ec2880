"""Accounts, the campaign catalogue, assets and the daily campaign spend."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pyarrow as pa

from lead_funnel.generator.common import (
    Context, _choice, _coprime_multiplier, _ids, _join, _log_uniform, _probs, _rng, _segment_starts, _take,
    _ts,
)
from lead_funnel.generator.constants import (
    A, APP_PAGES, CONTENT, EPOCH, GROWTH_OVER_HISTORY, LEAD_SOURCES, LEAD_SOURCE_MIX, LUMPY_SOURCES, PAGES,
    PAID_SOURCES, SCHEMAS, STR, STREAM_ACCOUNTS, STREAM_SPEND, US_PER_DAY, US_PER_HOUR, US_PER_SEC,
    WEBINAR_TOPICS,
)
from lead_funnel.generator.rules import ScoringRules
from lead_funnel.generator.vocabulary import (
    ACCOUNT_DELETED_SHARE, BRAND_PREFIXES, BRAND_ROOTS, CONTACT_WEIGHT_EXPONENT, CONTACT_WEIGHT_SIGMA,
    COUNTRIES, COUNTRY_MIX, INDUSTRIES, INDUSTRY_NAMES, NAME_VARIANTS, SEGMENT_MIX,
    UNMATCHED_WORDS,
)

# ---------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------


def _check_word_lists() -> None:
    words = [w.lower() for _, ws in INDUSTRIES.values() for w in ws] + [w.lower() for w in UNMATCHED_WORDS]
    variants = [v.lower() for v in NAME_VARIANTS]
    if len(set(words)) != len(words) or set(words) & set(variants):  # pragma: no cover
        raise ValueError("industry words must be unique so that account names and domains are unique")


_check_word_lists()


def _brand_names() -> tuple[list[str], list[str]]:
    """Capitalised brand names and their slugs ('Bluestone', 'bluestone'), checked unique."""
    slugs = [p + r for p in BRAND_PREFIXES for r in BRAND_ROOTS]
    if len(set(slugs)) != len(slugs):  # pragma: no cover - guards the word lists
        raise ValueError("brand word lists produce ambiguous names")
    return [s.capitalize() for s in slugs], slugs


def _make_accounts(ctx_seed: int, n_accounts: int, start_us: int, end_us: int, rules: ScoringRules):
    """Return a dict of numpy/arrow columns for the accounts table."""
    rng = _rng(ctx_seed, STREAM_ACCOUNTS)
    n = n_accounts
    industry = _choice(rng, [v[0] for v in INDUSTRIES.values()], n)

    # company size: segment first, then a log-scale draw inside the band
    seg = _choice(rng, SEGMENT_MIX, n)
    smb = np.where(rng.random(n) < 0.2, _log_uniform(rng, 1, 9.99, n), _log_uniform(rng, 10, 199.99, n))
    mid = _log_uniform(rng, 200, 999.99, n)
    ent = np.minimum(1000 * (1 - rng.random(n)) ** (-1 / 1.1), 350_000)  # Pareto tail
    emp = np.floor(np.choose(seg, [smb, mid, ent])).astype(np.int32)

    rev_per_emp = rng.lognormal(math.log(180_000), 0.5, n)
    revenue = np.round(emp * rev_per_emp, -3)
    country = _choice(rng, COUNTRY_MIX, n)
    # created before or during the history; moved before first use once all leads exist (see _accounts_table)
    span = 3 * 365 * US_PER_DAY + 0.9 * (end_us - start_us)
    created = start_us - 3 * 365 * US_PER_DAY + (rng.random(n) * span).astype(np.int64)
    lead_time = (rng.uniform(1, 30 * 24, n) * US_PER_HOUR).astype(np.int64)  # account created before first use
    u = rng.random(n)
    is_deleted = u < ACCOUNT_DELETED_SHARE
    is_deleted[np.argmin(u)] = True  # always a few

    # unique names: within each industry, account k gets combination perm(k) of brand x word x variant
    brands, brand_slugs = _brand_names()
    name_parts, slug_parts = [], []
    order = np.argsort(industry, kind="stable")
    counts = np.bincount(industry, minlength=len(INDUSTRY_NAMES))
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n) - np.repeat(_segment_starts(counts), counts)
    for ind, words in enumerate(v[1] for v in INDUSTRIES.values()):
        members = order[np.repeat(np.arange(len(counts)), counts) == ind]
        if len(members) == 0:
            continue
        base = len(brands) * len(words)
        k_max = -(-len(members) // base)
        modulus = base * k_max
        mult = _coprime_multiplier(modulus)
        c = (rank[members] * mult + ctx_seed * 7919 + ind) % modulus
        b, w, k = c % len(brands), (c // len(brands)) % len(words), c // base
        variants = [""] + [f" {NAME_VARIANTS[(j - 1) % len(NAME_VARIANTS)]}"
                           + ("" if j <= len(NAME_VARIANTS) else f" {(j - 1) // len(NAME_VARIANTS) + 1}")
                           for j in range(1, k_max)]
        name_parts.append((members, _join(_take(brands, b), " ", _take(words, w), _take(variants, k))))
        slug_variants = [v.lower().replace(" ", "-") for v in variants]
        slug_parts.append((members, _join(_take(brand_slugs, b), "-", _take([x.lower() for x in words], w),
                                          _take(slug_variants, k))))
    names = _scatter_strings(n, name_parts)
    slugs = _scatter_strings(n, slug_parts)

    # top-level domain by country / industry
    tld_code = np.zeros(n, np.int8)  # .com
    tld_code[(np.asarray(COUNTRIES)[country] == "GB") & (rng.random(n) < 0.4)] = 1
    tld_code[(np.asarray(COUNTRIES)[country] == "DE") & (rng.random(n) < 0.5)] = 2
    techy = np.isin(industry, [INDUSTRY_NAMES.index(x) for x in ("software", "saas", "internet")])
    tld_code[techy & (rng.random(n) < 0.25)] = 3
    domains = _join(slugs, _take([".com", ".co.uk", ".de", ".io"], tld_code))

    # Zipf-like contact weight: bigger companies have far more contacts
    weight = emp.astype(float) ** CONTACT_WEIGHT_EXPONENT * rng.lognormal(0, CONTACT_WEIGHT_SIGMA, n)
    cdf = np.cumsum(weight)
    cdf /= cdf[-1]
    return {
        "ids": _ids("acc_", np.arange(1, n + 1), max(6, len(str(n)))),
        "names": names, "domains": domains, "industry": industry, "emp": emp, "revenue": revenue,
        "country": country, "created": created, "lead_time": lead_time, "is_deleted": is_deleted,
        "first_used": np.full(n, np.iinfo(np.int64).max),
        "icp": np.array([rules.is_icp(name) for name in INDUSTRY_NAMES], bool)[industry], "cdf": cdf,
    }


def _scatter_strings(n: int, parts) -> pa.Array:
    """Assemble a string array from (positions, values) pieces covering 0..n-1."""
    positions = np.concatenate([p for p, _ in parts])
    values = pa.concat_arrays([v for _, v in parts])
    inverse = np.empty(n, np.int64)
    inverse[positions] = np.arange(n)
    return values.take(pa.array(inverse))


def _accounts_table(acc) -> pa.Table:
    created = np.minimum(acc["created"], acc["first_used"] - acc["lead_time"])
    return pa.table({
        "account_id": acc["ids"], "account_name": acc["names"], "domain": acc["domains"],
        "industry": _take(INDUSTRY_NAMES, acc["industry"]),
        "employee_count": pa.array(acc["emp"], pa.int32()),
        "annual_revenue_usd": pa.array(acc["revenue"], pa.float64()),
        "country": _take(COUNTRIES, acc["country"]), "created_at": _ts(created),
        "is_deleted": pa.array(acc["is_deleted"]),
    }, schema=SCHEMAS["accounts"])

# ---------------------------------------------------------------------------
# Campaign catalogue and assets
# ---------------------------------------------------------------------------


def _campaign_catalogue(start_us: int, end_us: int):
    base, periods, n = {}, {}, 0
    for source, (_, tracks, days) in PAID_SOURCES.items():
        n_periods = -(-(end_us - start_us) // (days * US_PER_DAY))
        base[source] = n
        periods[source] = (days * US_PER_DAY, int(n_periods), tracks)
        n += tracks * int(n_periods)
    email_base = n
    n_months = -(-(end_us - start_us) // (30 * US_PER_DAY))
    n += int(n_months)
    return _ids("cmp_", np.arange(1, n + 1), 5), base, periods, email_base


def _campaign_for(ctx: Context, source: str, t_us: np.ndarray, track: np.ndarray) -> np.ndarray:
    period_us, n_periods, _ = ctx.source_periods[source]
    idx = np.clip((t_us - ctx.start_us) // period_us, 0, n_periods - 1)
    return ctx.source_campaign_base[source] + track * n_periods + idx


def _asset_catalogue(start_us: int, webinar_period_us: int, n_webinars: int):
    values, ranges = [], {}

    def add(types, items):
        for t in types:
            ranges[A[t]] = (len(values), len(items))
        values.extend(items)

    add(["page_view"], PAGES)
    add(["pricing_page_view"], ["/pricing"])
    add(["content_download"], CONTENT)
    add(["roi_calculator"], ["/roi-calculator"])
    add(["demo_request"], ["/demo"])
    add(["contact_form"], ["/contact"])
    add(["free_trial_signup"], ["/signup"])
    add(["product_usage"], APP_PAGES)
    webinar_base = len(values)
    for i in range(n_webinars):
        month = dt.datetime.fromtimestamp((start_us + i * webinar_period_us) / US_PER_SEC, dt.UTC)
        values.append(f"Webinar: {WEBINAR_TOPICS[i % len(WEBINAR_TOPICS)]} ({month:%Y-%m})")
    return pa.array(values, STR), ranges, webinar_base

# ---------------------------------------------------------------------------
# ---------------------------------------------------------------------------
# Campaign spend
# ---------------------------------------------------------------------------


def _campaign_spend(ctx: Context) -> pa.Table:
    """Daily spend per paid source and campaign, proportional to expected lead volume."""
    rng = _rng(ctx.seed, STREAM_SPEND)
    n_days = int(ctx.history_us // US_PER_DAY) + 1
    g = math.log(GROWTH_OVER_HISTORY)
    edges = np.exp(g * np.arange(n_days + 1) / n_days)
    day_share = np.diff(edges) / (edges[-1] - edges[0])
    weekday = (ctx.start_date.weekday() + np.arange(n_days)) % 7
    day_us = ctx.start_us + np.arange(n_days, dtype=np.int64) * US_PER_DAY
    mix = _probs(LEAD_SOURCE_MIX)
    dates, sources, campaigns, amounts = [], [], [], []
    for source, (cpl, tracks, _) in PAID_SOURCES.items():
        si = LEAD_SOURCES.index(source)
        budget = cpl * ctx.n_leads * mix[si] * day_share * rng.lognormal(0, 0.25, n_days)
        if source in LUMPY_SOURCES:
            active = rng.random(n_days) < 0.06
            active[-1] = active[-1] or not active.any()
            budget = np.where(active, budget.sum() * budget / budget[active].sum(), 0.0)
        else:
            budget *= np.where(weekday >= 5, 0.6, 1.0) / np.average(np.where(weekday >= 5, 0.6, 1.0))
        split = rng.dirichlet(np.ones(tracks) * 3, n_days)
        for track in range(tracks):
            amount = budget * split[:, track]
            m = amount > 0
            dates.append(np.arange(n_days)[m])
            sources.append(np.full(int(m.sum()), si))
            campaigns.append(_campaign_for(ctx, source, day_us[m], np.full(int(m.sum()), track)))
            amounts.append(amount[m])
        if source in ("paid_search", "paid_social", "partner"):  # monthly platform / agency fees
            first_of_month = np.flatnonzero(
                [(ctx.start_date + dt.timedelta(days=int(d))).day == 1 for d in range(n_days)])
            dates.append(first_of_month)
            sources.append(np.full(len(first_of_month), si))
            campaigns.append(np.full(len(first_of_month), -1))
            amounts.append(np.full(len(first_of_month), budget.sum() / max(n_days / 30, 1) * 0.05))
    d, s, c, a = (np.concatenate(x) for x in (dates, sources, campaigns, amounts))
    order = np.lexsort((c, s, d))
    d, s, c, a = d[order], s[order], c[order], a[order]
    epoch_day = (ctx.start_date - EPOCH).days
    return pa.table({
        "spend_date": pa.array((d + epoch_day).astype(np.int32), pa.date32()),
        "lead_source": _take(LEAD_SOURCES, s), "campaign_id": _take(ctx.campaign_ids, c),
        "amount_usd": pa.array(np.round(a, 2), pa.float64()),
    }, schema=SCHEMAS["campaign_spend"])
