"""Dirty mode: injects every bad-input class into the Arrow tables and counts them."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lead_funnel.generator.common import Context, _ids, _join, _take, _ts
from lead_funnel.generator.constants import (
    ACTIVITY_TYPES, BAD_TIMESTAMPS, HUGE_STRING_BYTES, MAX_HUGE_ROWS, STR, UNKNOWN_ACTIVITY_TYPES,
    UNKNOWN_LEAD_SOURCES, UNKNOWN_STAGES, UNKNOWN_STATUSES, US_PER_DAY, US_PER_SEC,
)
from lead_funnel.generator.leads import TITLE_STRINGS
from lead_funnel.generator.vocabulary import TITLES

# ---------------------------------------------------------------------------
# Dirty-data injection
# ---------------------------------------------------------------------------


def _complement(n: int, *taken: np.ndarray) -> np.ndarray:
    """Row numbers 0..n-1 not in any of ``taken``."""
    free = np.ones(n, bool)
    for rows in taken:
        free[rows] = False
    return np.flatnonzero(free)


class Dirt:
    """Injects bad-input classes into Arrow tables and counts them in a manifest."""

    def __init__(self, ctx: Context, rng: np.random.Generator, manifest: dict, force: bool):
        self.ctx, self.rng, self.manifest, self.force = ctx, rng, manifest, force

    # -- bookkeeping -------------------------------------------------------
    def _count(self, n_rows: int) -> int:
        k = int(self.rng.binomial(n_rows, self.ctx.dirty)) if n_rows else 0
        return max(k, 1) if self.force and n_rows else k

    def _record(self, key: str, k: int) -> None:
        self.manifest[key] = self.manifest.get(key, 0) + int(k)

    def pick(self, n_rows: int, classes: list[str], pool: np.ndarray | None = None) -> dict:
        """Disjoint random row sets, one per class (scaled down if the table is tiny)."""
        pool = np.arange(n_rows) if pool is None else pool
        ks = np.array([self._count(n_rows) for _ in classes])
        if ks.sum() > len(pool):  # tiny table: share the rows out evenly
            ks = np.minimum(ks, len(pool) // len(classes))
        rows = self.rng.choice(pool, size=int(ks.sum()), replace=False) if ks.sum() else np.zeros(0, np.int64)
        out, pos = {}, 0
        for cls, k in zip(classes, ks):
            out[cls] = np.sort(rows[pos:pos + k])
            pos += k
        return out

    # -- generic edits -----------------------------------------------------
    @staticmethod
    def replace(table: pa.Table, col: str, rows: np.ndarray, values) -> pa.Table:
        if len(rows) == 0:
            return table
        arr = table.column(col).combine_chunks()
        mask = np.zeros(len(table), bool)
        mask[rows] = True
        values = values if isinstance(values, pa.Array) else pa.array(values, arr.type)
        new = pc.replace_with_mask(arr, pa.array(mask), values.cast(arr.type))
        return table.set_column(table.schema.get_field_index(col), col, new)

    @staticmethod
    def stringify(table: pa.Table) -> pa.Table:
        """Timestamp/date columns -> ISO-8601 strings ('2026-01-05 13:45:10.123456', '2026-01-05')."""
        for i, f in enumerate(table.schema):
            if pa.types.is_timestamp(f.type) or pa.types.is_date(f.type):
                table = table.set_column(i, f.name, pc.cast(table.column(i), STR))
        return table

    def bad_strings(self, options, k: int) -> pa.Array:
        return pa.array(np.asarray(options, dtype=object)[self.rng.integers(0, len(options), k)].tolist(), STR)

    def timestamps(self, table: pa.Table, name: str, col: str, rows: dict) -> pa.Table:
        table = self.replace(table, col, rows["null_ts"], pa.nulls(len(rows["null_ts"]), STR))
        table = self.replace(table, col, rows["bad_ts"], self.bad_strings(BAD_TIMESTAMPS, len(rows["bad_ts"])))
        self._record(f"{name}.null_{col}", len(rows["null_ts"]))
        self._record(f"{name}.unparseable_{col}", len(rows["bad_ts"]))
        return table

    def enum(self, table: pa.Table, name: str, col: str, rows: dict, unknown) -> pa.Table:
        table = self.replace(table, col, rows["unknown"], self.bad_strings(unknown, len(rows["unknown"])))
        cased = pc.utf8_title(table.column(col).combine_chunks().take(pa.array(rows["cased"])))
        table = self.replace(table, col, rows["cased"], cased)
        self._record(f"{name}.unknown_{col}", len(rows["unknown"]))
        self._record(f"{name}.cased_{col}", len(rows["cased"]))
        return table

    def fmt(self, us: np.ndarray) -> pa.Array:
        return pc.cast(_ts(us), STR)

    # -- tables ------------------------------------------------------------
    def leads(self, t: pa.Table, next_extra_lead: int) -> tuple[pa.Table, int]:
        rng, n = self.rng, len(t)
        end = self.ctx.end_us
        # appended rows: duplicate lead_id with a later updated_at (and a promotion)
        dup = np.sort(rng.choice(n, size=min(n, self._count(n)), replace=False))
        copies = t.take(pa.array(dup))
        upd = copies.column("updated_at").cast(pa.int64()).to_numpy()
        later = upd + (rng.random(len(dup)) * (end - upd)).astype(np.int64) + 1
        copies = self.replace(copies, "updated_at", np.arange(len(dup)), _ts(np.minimum(later, end)))
        copies = self.replace(copies, "job_title", np.arange(len(dup)),
                              _take(TITLE_STRINGS, rng.integers(0, len(TITLES), len(dup))))
        self._record("leads.duplicate_lead_id", len(dup))
        # same person, new lead_id, e-mail differently cased / padded
        same = np.sort(rng.choice(n, size=min(n, self._count(n)), replace=False))
        people = t.take(pa.array(same))
        emails = pc.utf8_title(people.column("email").combine_chunks())
        pad = rng.integers(0, 3, len(same))
        emails = _join(_take(["", "  ", " "], pad), emails, _take(["", " ", "  "], pad))
        people = self.replace(people, "email", np.arange(len(same)), emails)
        new_ids = self.ctx.lead_ids(np.arange(next_extra_lead, next_extra_lead + len(same)))
        people = self.replace(people, "lead_id", np.arange(len(same)), new_ids)
        created = people.column("created_at").cast(pa.int64()).to_numpy()
        created2 = created + (rng.random(len(same)) * (end - created)).astype(np.int64)
        people = self.replace(people, "created_at", np.arange(len(same)), _ts(created2))
        people = self.replace(people, "updated_at", np.arange(len(same)), _ts(created2))
        self._record("leads.email_case_padding_duplicate", len(same))
        t = self.stringify(pa.concat_tables([t, copies, people]))

        pool = _complement(n, dup, same)
        rows = self.pick(n, ["null_email", "malformed_email", "unknown", "cased", "null_ts", "bad_ts", "deleted"],
                         pool=pool)
        t = self.replace(t, "email", rows["null_email"], pa.nulls(len(rows["null_email"]), STR))
        emails = t.column("email").combine_chunks().take(pa.array(rows["malformed_email"]))
        broken = pc.if_else(pa.array(rng.random(len(emails)) < 0.5),
                            pc.replace_substring_regex(emails, pattern="@.*$", replacement="@"),
                            pc.replace_substring(emails, pattern="@", replacement="."))
        t = self.replace(t, "email", rows["malformed_email"], broken)
        t = self.enum(t, "leads", "lead_source", rows, UNKNOWN_LEAD_SOURCES)
        t = self.timestamps(t, "leads", "created_at", rows)
        t = self.replace(t, "is_deleted", rows["deleted"], pa.array(np.ones(len(rows["deleted"]), bool)))
        self._record("leads.null_email", len(rows["null_email"]))
        self._record("leads.malformed_email", len(rows["malformed_email"]))
        self._record("leads.is_deleted", len(rows["deleted"]))
        if self.force:  # huge strings: at most MAX_HUGE_ROWS in the whole run
            k = min(MAX_HUGE_ROWS, max(1, int(rng.binomial(self.ctx.n_leads, self.ctx.dirty))))
            huge = np.sort(rng.choice(n, size=min(k, n), replace=False))
            filler = ("VP of Marketing " * (HUGE_STRING_BYTES // 16 + 1))[:HUGE_STRING_BYTES]
            t = self.replace(t, "job_title", huge, pa.array([filler] * len(huge), STR))
            self._record("leads.huge_job_title", len(huge))
        return t, next_extra_lead + len(same)

    def activities(self, t: pa.Table, next_act: int) -> tuple[pa.Table, int]:
        rng, n = self.rng, len(t)
        exact_rows = np.sort(rng.choice(n, size=min(n, self._count(n)), replace=False))
        exact = t.take(pa.array(exact_rows))
        changed_rows = np.sort(rng.choice(n, size=min(n, self._count(n)), replace=False))
        changed = t.take(pa.array(changed_rows))
        occ = changed.column("occurred_at").cast(pa.int64()).to_numpy()
        shifted = np.minimum(occ + rng.integers(1, 3600, len(occ)) * US_PER_SEC, self.ctx.end_us)
        changed = self.replace(changed, "occurred_at", np.arange(len(occ)), _ts(shifted))
        changed = self.replace(changed, "activity_type", np.arange(len(occ)),
                               _take(ACTIVITY_TYPES, rng.integers(0, 3, len(occ))))
        orphans = t.take(pa.array(np.sort(rng.choice(n, size=min(n, self._count(n)), replace=False))))
        k = len(orphans)
        unknown = 10 ** self.ctx.lead_width - 1 - rng.integers(0, 10 ** (self.ctx.lead_width - 1) // 2, k)
        orphans = self.replace(orphans, "lead_id", np.arange(k), self.ctx.lead_ids(unknown))
        orphans = self.replace(orphans, "activity_id", np.arange(k),
                               _ids("act_", np.arange(next_act + 1, next_act + k + 1), self.ctx.act_width))
        self._record("activities.duplicate_id_same_content", len(exact))
        self._record("activities.duplicate_id_different_content", len(changed))
        self._record("activities.unknown_lead_id", k)
        t = self.stringify(pa.concat_tables([t, exact, changed, orphans]))

        # in-place edits never touch the source of a duplicate (keeps "same content" exact)
        pool = _complement(n, exact_rows, changed_rows)
        rows = self.pick(n, ["future", "unknown", "cased", "null_ts", "bad_ts"], pool=pool)
        future = self.ctx.end_us + (rng.uniform(2, 400, len(rows["future"])) * US_PER_DAY).astype(np.int64)
        t = self.replace(t, "occurred_at", rows["future"], self.fmt(future))
        self._record("activities.future_dated", len(rows["future"]))
        t = self.enum(t, "activities", "activity_type", rows, UNKNOWN_ACTIVITY_TYPES)
        t = self.timestamps(t, "activities", "occurred_at", rows)
        return t, next_act + k

    def status_history(self, t: pa.Table, status_created: np.ndarray) -> pa.Table:
        rng, n = self.rng, len(t)
        rows = self.pick(n, ["before_creation", "unknown", "cased", "null_ts", "bad_ts"])
        early = status_created[rows["before_creation"]] - (rng.uniform(1, 60, len(rows["before_creation"]))
                                                           * US_PER_DAY).astype(np.int64)
        t = self.stringify(t)
        t = self.replace(t, "changed_at", rows["before_creation"], self.fmt(early))
        self._record("lead_status_history.status_before_lead_creation", len(rows["before_creation"]))
        t = self.enum(t, "lead_status_history", "status", rows, UNKNOWN_STATUSES)
        return self.timestamps(t, "lead_status_history", "changed_at", rows)

    def opportunities(self, t: pa.Table) -> pa.Table:
        rng, n = self.rng, len(t)
        won = np.flatnonzero(t.column("is_won").to_numpy(zero_copy_only=False))
        won_rows = self.pick(n, ["won_null_closed"], pool=won if len(won) else None)["won_null_closed"]
        rest = _complement(n, won_rows)
        rows = self.pick(n, ["null_account", "negative", "unknown", "cased", "null_ts", "bad_ts"], pool=rest)
        t = self.stringify(t)
        k = len(won_rows)  # (no won opportunity at all in tiny runs: the picked rows become won)
        t = self.replace(t, "is_won", won_rows, pa.array(np.ones(k, bool)))
        t = self.replace(t, "is_closed", won_rows, pa.array(np.ones(k, bool)))
        t = self.replace(t, "stage", won_rows, pa.array(["closed_won"] * k, STR))
        t = self.replace(t, "closed_at", won_rows, pa.nulls(k, STR))
        t = self.replace(t, "account_id", rows["null_account"], pa.nulls(len(rows["null_account"]), STR))
        amounts = t.column("amount_usd").combine_chunks().take(pa.array(rows["negative"]))
        t = self.replace(t, "amount_usd", rows["negative"], pc.negate(amounts))
        self._record("opportunities.won_null_closed_at", len(won_rows))
        self._record("opportunities.null_account_id", len(rows["null_account"]))
        self._record("opportunities.negative_amount", len(rows["negative"]))
        t = self.enum(t, "opportunities", "stage", rows, UNKNOWN_STAGES)
        return self.timestamps(t, "opportunities", "created_at", rows)

    def accounts(self, t: pa.Table) -> pa.Table:
        rows = self.pick(len(t), ["deleted", "null_ts", "bad_ts"])
        t = self.stringify(t)
        t = self.replace(t, "is_deleted", rows["deleted"], pa.array(np.ones(len(rows["deleted"]), bool)))
        self._record("accounts.is_deleted", len(rows["deleted"]))
        return self.timestamps(t, "accounts", "created_at", rows)

    def spend(self, t: pa.Table) -> pa.Table:
        rows = self.pick(len(t), ["null_ts", "bad_ts"])
        t = self.stringify(t)
        t = self.replace(t, "spend_date", rows["null_ts"], pa.nulls(len(rows["null_ts"]), STR))
        t = self.replace(t, "spend_date", rows["bad_ts"], self.bad_strings(BAD_TIMESTAMPS[:2], len(rows["bad_ts"])))
        self._record("campaign_spend.null_spend_date", len(rows["null_ts"]))
        self._record("campaign_spend.unparseable_spend_date", len(rows["bad_ts"]))
        return t

# ---------------------------------------------------------------------------
