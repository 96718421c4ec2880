"""Generator worlds (``lead-funnel generate --world``): how the planted propensity is made.

* ``planted`` (default): the propensity depends on what the shipped rules score (seniority,
  persona, company size, ICP industry, e-mail type) plus noise - the rules are right in kind,
  only their weights are off.
* ``hidden_signals``: a "real-shaped" world (no openly-licensed lead data set is available
  offline): the propensity also depends on the lead source and on job-title words that no shipped
  rule uses (HIDDEN_SOURCE_EFFECT, HIDDEN_TITLE_WORD_EFFECT, on the log-odds). A calibration that
  can only re-weigh the rules cannot see them; one with features beyond the rules can, and should
  propose them as new rules (docs/ml.md).

Everything else (activities, sales, outcomes) follows the propensity as in the default world, and
the random draws are the same, so a world differs from the default only through the propensity.
"""

from __future__ import annotations

import re

import numpy as np

from lead_funnel.generator.constants import LEAD_SOURCES

WORLDS = ("planted", "hidden_signals")
# log-odds added to the propensity per lead source (no shipped rule scores the source)
HIDDEN_SOURCE_EFFECT = {
    "referral": 1.6, "partner": 1.0, "product_signup": 0.8,
    "paid_social": -0.8, "content_syndication": -1.0, "list_import": -1.2,
}
# log-odds added per job-title word (no shipped title pattern or fit rule reads these words)
HIDDEN_TITLE_WORD_EFFECT = {"product": 1.0, "data": 1.2, "senior": 0.7, "consultant": -1.2}


def _title_effects(titles: list[str]) -> np.ndarray:
    out = np.zeros(len(titles))
    for i, title in enumerate(titles):
        words = set(re.findall(r"[a-z0-9]+", title.lower()))
        out[i] = sum(effect for word, effect in HIDDEN_TITLE_WORD_EFFECT.items() if word in words)
    return out


def extra_logit(world: str, source: np.ndarray, title: np.ndarray, title_strings: list[str]) -> np.ndarray | None:
    """Log-odds the world adds to each lead's propensity (None: nothing, the default world)."""
    if world not in WORLDS:
        raise ValueError(f"unknown world {world!r}: one of {', '.join(WORLDS)}")
    if world == "planted":
        return None
    by_source = np.array([HIDDEN_SOURCE_EFFECT.get(s, 0.0) for s in LEAD_SOURCES])
    return by_source[source] + _title_effects(list(title_strings))[title]
