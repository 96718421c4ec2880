"""The calibration's features beyond the rule model (docs/ml.md "Features"): which the fit uses.

The rule model's own features (fit rules met, capped counts of the weighted activity types in the
recency window, the MQL verdict) come long-form from ``int_ml_lead_features``; the extra ones come
in the same long form (``lead_id, feature_type, feature, feature_value``) from
``ml_lead_training_extra_features``, built in SQL by macro ``ml_lead_extra_features``
(macros/ml_apply.sql), the one definition that the application of the fit
(``ml_lead_probabilities``) builds every lead's features with too. So one design matrix holds both:

* ``attribute``: one-hot ``<attribute>=<value>`` of lead source, country, seniority, persona,
  e-mail type, industry, segment, size band (of the employee count) and path (mql /
  sales_sourced / never_mql at the snapshot); a missing value is ``unknown``;
* ``title_word``: each word of the job title (lowercase, letters and digits, 2+ characters);
* ``activity_window`` / ``activity_lifetime``: ``ln(1 + count)`` of the count per activity type in the
  recency window / over the lead's life up to the snapshot;
* ``recency``: days since the last activity, binned (``last_activity_0_7d`` ... ``no_activity``);
* ``hand_raiser``: ``hand_raiser_seen`` (any hand-raiser activity by the snapshot).

:func:`extra_feature_catalogue` keeps the features at least ``min_leads`` training leads have (the
frequency floor), drops an attribute value a fit rule matches exactly (``seniority=vp`` is rule
``seniority_vp`` already: a copy would split its weight) and says which a rule already uses (``is_used_by_rule``): an attribute a fit
rule matches on (seniority, persona, e-mail type, employee count -> size band, ICP industry ->
industry, and so the segment) or a title word a title pattern matches. A strong feature no rule uses is what
``ml_scoring_weights`` proposes as a new rule.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

# lead attribute of seed scoring_fit_rules -> the attribute feature it covers
RULE_ATTRIBUTES = {"seniority": "seniority", "persona": "persona", "email_type": "email_type",
                   "employee_count": "size_band", "is_icp_industry": "industry", "lead_source": "lead_source",
                   "country": "country", "segment": "segment"}
# attributes the fit rules cover as a whole (ranges, the ICP list), not value by value
WHOLE_ATTRIBUTE_RULES = ("size_band", "industry", "segment")
EXTRA_FEATURE_TYPES = ("attribute", "title_word", "activity_window", "activity_lifetime", "recency", "hand_raiser")
FEATURE_DESCRIPTIONS = {
    "attribute": "Lead attribute {feature} (one-hot; current attributes, path at the snapshot)",
    "title_word": "The job title contains the word '{feature}'",
    "activity_window": "log(1 + {feature} activities in the recency window ending at the snapshot)",
    "activity_lifetime": "log(1 + {feature} activities over the lead's life up to the snapshot)",
    "recency": "Days since the lead's last activity at the snapshot: {feature}",
    "hand_raiser": "The lead did a hand-raiser activity by the snapshot",
}
LONG_COLUMNS = ["lead_id", "feature_type", "feature", "feature_value"]


def _rule_words(title_patterns: pd.DataFrame | None) -> list[re.Pattern]:
    if title_patterns is None or not len(title_patterns):
        return []
    return [re.compile(str(p), re.IGNORECASE) for p in title_patterns["pattern"].dropna()]


def is_used_by_rule(feature_type: str, feature: str, fit_rules: pd.DataFrame,
                    title_patterns: pd.DataFrame | None = None) -> bool:
    """Whether a rule of the seeds already uses the feature (see the module docstring)."""
    if feature_type == "attribute":
        attribute, _, value = feature.partition("=")
        rules = fit_rules if "lead_attribute" in fit_rules else pd.DataFrame({"lead_attribute": []})
        used = {RULE_ATTRIBUTES.get(str(a), str(a)) for a in rules["lead_attribute"].dropna()}
        if "size_band" in used:
            used.add("segment")  # the segment is a band of the employee count (seed scoring_segments)
        if attribute not in used:
            return False
        if attribute in WHOLE_ATTRIBUTE_RULES:
            return True  # rules on ranges / the ICP list cover the whole attribute
        values = rules.loc[rules["lead_attribute"].map(lambda a: RULE_ATTRIBUTES.get(str(a), str(a))) == attribute,
                           "match_value"]
        return value in {str(v).lower() for v in values.dropna()}
    if feature_type == "title_word":
        return any(p.search(feature) for p in _rule_words(title_patterns))
    return False


def extra_feature_catalogue(training_extra: pd.DataFrame, lead_ids, fit_rules: pd.DataFrame,
                            title_patterns: pd.DataFrame | None, min_leads: int) -> pd.DataFrame:
    """One row per extra feature at least ``min_leads`` of ``lead_ids`` have (the frequency floor),
    in a fixed order (type, then feature), in the columns of calibration.feature_catalogue."""
    ids = set(pd.Series(lead_ids, dtype=object))
    rows = training_extra[training_extra["lead_id"].isin(ids) & (training_extra["feature_value"] != 0)]
    counts = rows.groupby(["feature_type", "feature"]).size().rename("n").reset_index()
    counts = counts[counts["n"] >= max(1, int(min_leads))]
    order = {t: i for i, t in enumerate(EXTRA_FEATURE_TYPES)}
    counts = counts.assign(o=counts["feature_type"].map(order)).sort_values(["o", "feature"], kind="stable")
    used = np.array([is_used_by_rule(t, f, fit_rules, title_patterns)
                     for t, f in zip(counts["feature_type"], counts["feature"])], dtype=bool)
    # an attribute value a fit rule matches exactly (seniority=vp: rule seniority_vp) is the rule's
    # own feature already: a copy would split its weight in two
    attribute = np.array([str(f).partition("=")[0] for f in counts["feature"]], dtype=object)
    duplicate = used & (counts["feature_type"] == "attribute").to_numpy() & ~np.isin(attribute, WHOLE_ATTRIBUTE_RULES)
    counts, used = counts[~duplicate], used[~duplicate]
    return pd.DataFrame({
        "feature_type": counts["feature_type"].astype(str).to_numpy(),
        "feature": counts["feature"].astype(str).to_numpy(),
        "description": pd.array([FEATURE_DESCRIPTIONS[t].format(feature=f)
                                 for t, f in zip(counts["feature_type"], counts["feature"])], dtype="string"),
        "current_points": pd.array([pd.NA] * len(counts), dtype="Int64"),
        "current_cap_per_window": pd.array([pd.NA] * len(counts), dtype="Int64"),
        "max_counted": np.inf,
        "is_disqualifier": False,
        "is_points_feature": False,
        "is_rule_feature": False,
        "is_used_by_rule": used,
    })
