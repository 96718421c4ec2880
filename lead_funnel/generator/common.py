"""Small numpy / Arrow helpers and the run context shared by every generator module."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lead_funnel.generator.constants import EPOCH, STR, TS, US_PER_DAY
from lead_funnel.generator.rules import ScoringRules

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _rng(seed: int, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=tuple(key)))


def _probs(weights) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def _choice(rng: np.random.Generator, weights, size: int) -> np.ndarray:
    """Vectorised categorical draw (integer codes) from a fixed weight vector."""
    cdf = np.cumsum(_probs(weights))
    cdf[-1] = 1.0
    return np.searchsorted(cdf, rng.random(size), side="right")


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _log_uniform(rng, low, high, size):
    return np.exp(rng.uniform(math.log(low), math.log(high), size))


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """``prefix`` + zero-padded number, built in Arrow (fast for millions of rows)."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers, pa.int64()), STR), width=width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _take(dictionary, codes: np.ndarray) -> pa.Array:
    """Strings from a dictionary by integer code; negative codes become null."""
    if not isinstance(dictionary, pa.Array):
        dictionary = pa.array(list(dictionary), STR)
    codes = np.asarray(codes)
    return pc.take(dictionary, pa.array(codes.astype(np.int64), mask=codes < 0))


def _join(*parts) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _ts(us: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(us, dtype=np.int64), TS, mask=null)


def _to_us(d: dt.date) -> int:
    return (d - EPOCH).days * US_PER_DAY


def _months_before(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _size_band(emp: np.ndarray) -> np.ndarray:
    band = np.select([emp < 0, emp < 10, emp < 50, emp < 200, emp < 1000], [5, 0, 1, 2, 3], 4)
    return band.astype(np.int8)


def _coprime_multiplier(modulus: int) -> int:
    a = max(3, int(modulus * 0.6180339887)) | 1
    while math.gcd(a, modulus) != 1:
        a += 2
    return a


def _segment_starts(event_sizes: np.ndarray) -> np.ndarray:
    """Segment start offsets for ``np.repeat``-expanded arrays."""
    return np.cumsum(event_sizes) - event_sizes

# ---------------------------------------------------------------------------
# Run context
# ---------------------------------------------------------------------------


@dataclass
class Context:
    """Everything shared by all chunks of one run."""

    rules: ScoringRules  # read from the seeds and vars of the dbt project
    title_seniority_seen: np.ndarray  # per title index: seniority / persona parsed by the seed patterns
    title_persona_seen: np.ndarray
    n_leads: int
    seed: int
    start_date: dt.date
    end_date: dt.date
    start_us: int
    end_us: int  # end-date 23:59:59.999999
    dirty: float
    lead_width: int
    act_width: int
    n_sdr: int
    n_ae: int
    # accounts (numpy + arrow columns)
    acc_ids: pa.Array
    acc_names: pa.Array
    acc_domains: pa.Array
    acc_emp: np.ndarray
    acc_icp: np.ndarray
    acc_deleted: np.ndarray
    acc_country: np.ndarray
    acc_cdf: np.ndarray
    # naming permutation for people
    name_modulus: int
    name_mult: int
    name_offset: int
    # campaign catalogue
    campaign_ids: pa.Array
    source_campaign_base: dict
    source_periods: dict
    email_campaign_base: int
    asset_dict: pa.Array
    asset_ranges: dict  # activity type code -> (start, count) in asset_dict
    webinar_asset_base: int
    webinar_period_us: int
    world: str = "planted"  # generator.worlds: how the propensity is made

    @property
    def history_us(self) -> int:
        return self.end_us - self.start_us

    def lead_ids(self, numbers: np.ndarray) -> pa.Array:
        return _ids("lead_", numbers, self.lead_width)
