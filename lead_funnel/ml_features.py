"""The calibration's features beyond the rule model (docs/ml.md "Features").

The rule model's own features (fit rules met, capped counts of the weighted activity types in the
recency window, the MQL verdict) come long-form from ``int_ml_lead_features``. This module turns
the lead attributes and engagement of one snapshot (``int_ml_lead_snapshots``,
``int_ml_lead_activity_features``) into more features in the same long form (``lead_id,
feature_type, feature, feature_value``), so one design matrix holds both:

* ``attribute``: one-hot ``<attribute>=<value>`` of lead source, country, seniority, persona,
  e-mail type, industry, segment, size band (of the employee count) and path (mql /
  sales_sourced / never_mql at the snapshot); a missing value is ``unknown``;
* ``title_word``: each word of the job title (lowercase, letters and digits, 2+ characters);
* ``activity_window`` / ``activity_lifetime``: ``log1p`` of the count per activity type in the
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

ATTRIBUTES = ("lead_source", "country", "seniority", "persona", "email_type", "industry", "segment",
              "size_band", "path")
# lead attribute of seed scoring_fit_rules -> the attribute feature it covers
RULE_ATTRIBUTES = {"seniority": "seniority", "persona": "persona", "email_type": "email_type",
                   "employee_count": "size_band", "is_icp_industry": "industry", "lead_source": "lead_source",
                   "country": "country", "segment": "segment"}
SIZE_BANDS = ((None, 9, "1_9"), (10, 49, "10_49"), (50, 199, "50_199"), (200, 999, "200_999"),
              (1000, 4999, "1000_4999"), (5000, None, "5000_plus"))
# attributes the fit rules cover as a whole (ranges, the ICP list), not value by value
WHOLE_ATTRIBUTE_RULES = ("size_band", "industry", "segment")
# the SQL that applies the fit to every lead (macros/ml_apply.sql: ml_recency_bins and the
# feature CTEs of ml_lead_probabilities) builds the same features: keep both in step
# (unit test ml_lead_predictions__applies_the_fit_to_each_leads_features in _ml__models.yml)
RECENCY_BINS = ((7, "last_activity_0_7d"), (30, "last_activity_8_30d"), (90, "last_activity_31_90d"),
                (np.inf, "last_activity_91d_plus"))
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
_WORD = re.compile(r"[a-z0-9]{2,}")


def size_band(employee_count) -> pd.Series:
    """Employee count -> band label (``unknown`` when missing)."""
    count = pd.to_numeric(pd.Series(employee_count), errors="coerce")
    out = pd.Series("unknown", index=count.index, dtype=object)
    for low, high, label in SIZE_BANDS:
        hit = count.notna()
        if low is not None:
            hit &= count >= low
        if high is not None:
            hit &= count <= high
        out[hit] = label
    return out


def title_words(title) -> list[str]:
    """Distinct lowercase words of a job title (letters and digits, 2+ characters), in order."""
    if title is None or (isinstance(title, float) and np.isnan(title)):
        return []
    return list(dict.fromkeys(_WORD.findall(str(title).lower())))


def _long(lead_ids, feature_type: str, features, values) -> pd.DataFrame:
    return pd.DataFrame({"lead_id": pd.Series(lead_ids, dtype=object).to_numpy(), "feature_type": feature_type,
                         "feature": pd.Series(features, dtype=object).to_numpy(),
                         "feature_value": np.asarray(values, dtype=float)})


def lead_feature_frame(snapshots: pd.DataFrame, activity_features: pd.DataFrame) -> pd.DataFrame:
    """The extra features of one snapshot, long form (see the module docstring).

    ``snapshots``: rows of int_ml_lead_snapshots for one feature_snapshot; ``activity_features``:
    rows of int_ml_lead_activity_features for the same snapshot."""
    frames = []
    if len(snapshots):
        s = snapshots.reset_index(drop=True)
        values = {a: s[a] for a in ATTRIBUTES if a in s and a != "size_band"}
        values["size_band"] = size_band(s["employee_count"]) if "employee_count" in s else "unknown"
        for attribute in ATTRIBUTES:
            col = pd.Series(values.get(attribute, pd.Series([None] * len(s))), dtype=object)
            col = col.where(col.notna() & (col.astype(str).str.strip() != ""), "unknown").astype(str).str.lower()
            frames.append(_long(s["lead_id"], "attribute", attribute + "=" + col, np.ones(len(s))))
        if "job_title" in s:
            words = s[["lead_id", "job_title"]].assign(word=s["job_title"].map(title_words)).explode("word")
            words = words[words["word"].notna()]
            frames.append(_long(words["lead_id"], "title_word", words["word"], np.ones(len(words))))
        # recency and hand-raiser need the snapshot moment: from the activity rows
    if len(activity_features):
        a = activity_features
        window = a[pd.to_numeric(a["window_count"]) > 0]
        frames.append(_long(window["lead_id"], "activity_window", window["activity_type"],
                            np.log1p(pd.to_numeric(window["window_count"]).to_numpy(float))))
        frames.append(_long(a["lead_id"], "activity_lifetime", a["activity_type"],
                            np.log1p(pd.to_numeric(a["lifetime_count"]).to_numpy(float))))
        raised = a[a["is_hand_raiser"].fillna(False).astype(bool)]["lead_id"].drop_duplicates()
        frames.append(_long(raised, "hand_raiser", ["hand_raiser_seen"] * len(raised), np.ones(len(raised))))
    if len(snapshots):
        last = (activity_features.groupby("lead_id")["last_occurred_at"].max() if len(activity_features)
                else pd.Series(dtype="datetime64[us]"))
        at = pd.to_datetime(snapshots.set_index("lead_id")["snapshot_at"])
        days = (at - pd.to_datetime(last.reindex(at.index))).dt.total_seconds() / 86_400
        label = pd.Series("no_activity", index=at.index, dtype=object)
        for bound, name in reversed(RECENCY_BINS):
            label[days.notna() & (days <= bound)] = name
        frames.append(_long(label.index, "recency", label.to_numpy(), np.ones(len(label))))
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object if c != "feature_value" else float) for c in LONG_COLUMNS})
    out = pd.concat(frames, ignore_index=True)
    return out.drop_duplicates(["lead_id", "feature_type", "feature"]).reset_index(drop=True)


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
