"""The decile cut points of the last fit (docs/ml.md "Deciles"): every lead's probability at fit
time, ranked; ml_lead_predictions places a lead by them. Part of the calibration (selectors.yml);
logic: lead_funnel.calibration."""

import pandas as pd

from lead_funnel.calibration import lead_probabilities, probability_decile_cuts, scoring_fit_id
from lead_funnel.ml_features import lead_feature_frame


def model(dbt, session):
    dbt.config(materialized="table")
    current_features = dbt.ref("int_ml_lead_features").filter("feature_snapshot = 'current'")
    current_features = current_features.project("lead_id, feature_type, feature, feature_value")
    snapshots = dbt.ref("int_ml_lead_snapshots").filter("feature_snapshot = 'current'").df()
    activities = dbt.ref("int_ml_lead_activity_features").filter("feature_snapshot = 'current'").df()
    weights = dbt.ref("ml_scoring_weights").df()
    probabilities, _ = lead_probabilities(
        leads=dbt.ref("dim_leads").project("lead_id, is_disqualified").df(),
        current_features=pd.concat([current_features.df(), lead_feature_frame(snapshots, activities)],
                                   ignore_index=True),
        weights=weights,
    )
    cuts = probability_decile_cuts(probabilities)
    cuts["scoring_fit_id"] = scoring_fit_id(weights, cuts)
    cuts["scoring_fit_id"] = cuts["scoring_fit_id"].astype(object)
    return cuts
