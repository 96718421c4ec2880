"""The run: context, chunk loop, writers, the planted-truth summary (``generate``)."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from lead_funnel import settings
from lead_funnel.generator.accounts import (
    _accounts_table, _asset_catalogue, _campaign_catalogue, _campaign_spend, _make_accounts,
)
from lead_funnel.generator.chunks import _make_chunk
from lead_funnel.generator.common import Context, _coprime_multiplier, _months_before, _rng, _to_us
from lead_funnel.generator.constants import (
    LEADS_PER_CHUNK, MIN_DIRTY_OPPORTUNITIES, NULL_LEAD_OPP_SHARE, PARQUET_COMPRESSION, SCHEMAS,
    STREAM_DIRTY_CHUNK, STREAM_DIRTY_FINAL, STREAM_DIRTY_OPPS, STREAM_OPPS, TRUTH_SCHEMA, US_PER_DAY,
    dirty_schema,
)
from lead_funnel.generator.dirt import Dirt
from lead_funnel.generator.sales import _null_lead_opportunities, _opportunities_table
from lead_funnel.generator.leads import TITLE_STRINGS
from lead_funnel.generator.rules import ScoringRules, load_rules
from lead_funnel.generator.vocabulary import FIRST_NAMES, LAST_NAMES

# ---------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------


def _parse_end_date(end_date) -> dt.date:
    if end_date is None:
        return dt.datetime.now(dt.UTC).date()
    if isinstance(end_date, dt.datetime):
        return end_date.date()
    if isinstance(end_date, dt.date):
        return end_date
    return dt.date.fromisoformat(str(end_date))


def _build_context(leads: int, seed: int, end_date: dt.date, months: int, dirty: float, rules: ScoringRules,
                   world: str = "planted"):
    start_date = _months_before(end_date, months)
    start_us = _to_us(start_date)
    end_us = _to_us(end_date) + US_PER_DAY - 1
    acc = _make_accounts(seed, max(20, round(leads / 8)), start_us, end_us, rules)
    parsed = [rules.parse_title(title) for title in TITLE_STRINGS]
    campaign_ids, base, periods, email_base = _campaign_catalogue(start_us, end_us)
    webinar_period_us, n_webinars = periods["webinar"][0], periods["webinar"][1]
    assets, ranges, webinar_base = _asset_catalogue(start_us, webinar_period_us, n_webinars)
    people = len(FIRST_NAMES) * len(LAST_NAMES)
    name_modulus = people * -(-leads // people)
    ctx = Context(
        rules=rules, title_seniority_seen=np.array([p[0] for p in parsed], dtype=object),
        title_persona_seen=np.array([p[1] for p in parsed], dtype=object),
        n_leads=leads, seed=seed, start_date=start_date, end_date=end_date, start_us=start_us, end_us=end_us,
        dirty=dirty, lead_width=max(7, len(str(leads)) + 1), act_width=max(10, len(str(leads * 100))),
        n_sdr=max(4, leads // 2_500), n_ae=max(3, leads // 5_000),
        acc_ids=acc["ids"], acc_names=acc["names"], acc_domains=acc["domains"], acc_emp=acc["emp"],
        acc_icp=acc["icp"], acc_deleted=acc["is_deleted"], acc_country=acc["country"], acc_cdf=acc["cdf"],
        name_modulus=name_modulus, name_mult=_coprime_multiplier(name_modulus),
        name_offset=(seed * 104_729) % name_modulus,
        campaign_ids=campaign_ids, source_campaign_base=base, source_periods=periods,
        email_campaign_base=email_base, asset_dict=assets, asset_ranges=ranges,
        webinar_asset_base=webinar_base, webinar_period_us=webinar_period_us, world=world,
    )
    return ctx, acc


class _Writers:
    def __init__(self, out: Path, dirty: bool):
        (out / "_truth").mkdir(parents=True, exist_ok=True)
        self.writers = {}
        for name in settings.raw_tables():
            schema = dirty_schema(SCHEMAS[name]) if dirty else SCHEMAS[name]
            self.writers[name] = pq.ParquetWriter(out / f"{name}.parquet", schema, compression=PARQUET_COMPRESSION)
        self.writers["truth"] = pq.ParquetWriter(out / "_truth" / "lead_propensity.parquet", TRUTH_SCHEMA,
                                                 compression=PARQUET_COMPRESSION)
        self.rows = {name: 0 for name in settings.raw_tables()}

    def write(self, name: str, table: pa.Table) -> None:
        self.writers[name].write_table(table)
        if name in self.rows:
            self.rows[name] += len(table)

    def close(self) -> None:
        for w in self.writers.values():
            w.close()


def planted_rates(counters: dict) -> dict:
    """Funnel conversion rates of the MQL cohort, as planted (as of end-date)."""
    def ratio(a, b):
        return round(counters[a] / counters[b], 4) if counters[b] else float("nan")

    return {
        "mql_rate": ratio("mql", "leads"),
        "worked_rate": ratio("mql_worked", "mql"),
        "sal_acceptance": ratio("mql_accepted", "mql_worked"),
        "mql_to_sql": ratio("mql_qualified", "mql"),
        "sql_to_won": ratio("mql_won", "mql_qualified"),
        "win_rate_closed": ratio("mql_won", "mql_closed"),
    }


def generate(out_dir, leads: int = 20_000, seed: int = 42, end_date=None, months: int = 24, dirty: float = 0.0,
             progress: bool = True, rules: ScoringRules | None = None, world: str = "planted",
             shape: str = "contract") -> dict:
    """Generate the raw tables into ``out_dir``; returns row counts per table.

    ``rules``: the scoring rules the planted sales process follows (default: read from the seeds and
    vars of this dbt project, generator.rules.load_rules()); ``world``: how the propensity is made
    (generator.worlds: ``planted`` or ``hidden_signals``); ``shape``: ``contract`` (the six raw
    tables) or a connector's tables holding the same world (generator.shapes: ``salesforce``,
    ``salesforce-airbyte``; generator.shape_marketo: ``marketo_salesforce``)."""
    if shape != "contract":
        import tempfile

        from lead_funnel.generator.shapes import SHAPES, write_shape

        if shape not in SHAPES:
            raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES)}")
        if dirty:
            raise ValueError("--dirty applies to the contract shape only")
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".contract-", dir=out) as contract_dir:
            generate(contract_dir, leads=leads, seed=seed, end_date=end_date, months=months, progress=progress,
                     rules=rules, world=world)
            counts = write_shape(shape, contract_dir, out, seed, _parse_end_date(end_date))
        if progress:
            print(f"wrote {', '.join(f'{k}={v:,}' for k, v in counts.items())} ({shape}) to {out}")
        return counts
    if leads < 1:
        raise ValueError("leads must be >= 1")
    if months < 1:
        raise ValueError("months must be >= 1")
    if not 0.0 <= dirty <= 0.5:
        raise ValueError("dirty rate must be within [0, 0.5]")
    out = Path(out_dir)
    end = _parse_end_date(end_date)
    started = time.perf_counter()
    ctx, acc = _build_context(leads, seed, end, months, dirty, rules or load_rules(), world)
    is_dirty = dirty > 0
    manifest: dict = {}
    writers = _Writers(out, is_dirty)
    counters: dict = {}
    opp_parts = []
    n_chunks = -(-leads // LEADS_PER_CHUNK)
    next_act, next_extra_lead = 0, 10 ** (ctx.lead_width - 1) // 2 + leads
    bar = _progress_bar(leads, progress)
    try:
        for ci in range(n_chunks):
            res = _make_chunk(ctx, ci, next_act)
            next_act += len(res.tables["activities"])
            for k, v in res.counters.items():
                counters[k] = counters.get(k, 0) + v
            t_leads, t_acts, t_status = (res.tables[k] for k in ("leads", "activities", "lead_status_history"))
            if is_dirty:
                dirt = Dirt(ctx, _rng(seed, STREAM_DIRTY_CHUNK, ci), manifest, force=ci == 0)
                t_leads, next_extra_lead = dirt.leads(t_leads, next_extra_lead)
                t_acts, next_act = dirt.activities(t_acts, next_act)
                t_status = dirt.status_history(t_status, res.lead_created[res.status_lead])
            writers.write("leads", t_leads)
            writers.write("activities", t_acts)
            writers.write("lead_status_history", t_status)
            writers.write("truth", res.truth)
            opp_parts.append(res.opps)
            np.minimum.at(acc["first_used"], res.linked_account, res.linked_created)
            bar.update(res.counters["leads"])
        bar.close()
        n_lead_opps = sum(len(p["lead"]) for p in opp_parts)
        n_null = int(round(NULL_LEAD_OPP_SHARE * n_lead_opps)) + 1
        opp_parts.append(_null_lead_opportunities(ctx, _rng(seed, STREAM_OPPS), n_null))
        for part in opp_parts:  # an account exists before its first lead or opportunity
            np.minimum.at(acc["first_used"], part["account"], part["created"])
        if is_dirty and n_lead_opps + n_null < MIN_DIRTY_OPPORTUNITIES:  # room for every dirty class
            opp_parts.append(_null_lead_opportunities(ctx, _rng(seed, STREAM_DIRTY_OPPS),
                                                      MIN_DIRTY_OPPORTUNITIES - n_lead_opps - n_null))
        t_opps = _opportunities_table(ctx, opp_parts)
        t_acc = _accounts_table(acc)
        t_spend = _campaign_spend(ctx)
        if is_dirty:
            dirt = Dirt(ctx, _rng(seed, STREAM_DIRTY_FINAL), manifest, force=True)
            t_opps, t_acc, t_spend = dirt.opportunities(t_opps), dirt.accounts(t_acc), dirt.spend(t_spend)
        writers.write("opportunities", t_opps)
        writers.write("accounts", t_acc)
        writers.write("campaign_spend", t_spend)
    finally:
        writers.close()

    rates = planted_rates(counters)
    if is_dirty:
        manifest["leads.free_mail_domain"] = counters["free_mail"]
    manifest_path = out / "_truth" / "dirty_manifest.json"
    manifest_path.write_text(json.dumps(
        {"dirty_rate": dirty, "seed": seed, "classes": dict(sorted(manifest.items()))}, indent=2) + "\n")
    summary = {
        "leads": leads, "seed": seed, "end_date": end.isoformat(), "start_date": ctx.start_date.isoformat(),
        "months": months, "dirty_rate": dirty, "row_counts": writers.rows, "planted_rates": rates,
        "counters": counters,
    }
    (out / "_truth" / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    if progress:
        elapsed = time.perf_counter() - started
        print(f"wrote {', '.join(f'{k}={v:,}' for k, v in writers.rows.items())} to {out} in {elapsed:.1f}s")
        print("planted funnel (MQL cohort, as of end-date): "
              f"MQL rate {rates['mql_rate']:.1%}, worked {rates['worked_rate']:.1%}, "
              f"SAL acceptance {rates['sal_acceptance']:.1%}, MQL->SQL {rates['mql_to_sql']:.1%}, "
              f"SQL->won {rates['sql_to_won']:.1%} (win rate of closed {rates['win_rate_closed']:.1%})")
    return dict(writers.rows)


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="lead", unit_scale=True, desc="generating", disable=not enabled,
                file=sys.stderr)

# ---------------------------------------------------------------------------
