"""Predicted probability of SQL and of a win per lead at as_of (docs/ml.md); logic: lead_funnel.calibration."""

import pandas as pd

from lead_funnel.calibration import predict_leads
from lead_funnel.ml_features import lead_feature_frame


def model(dbt, session):
    dbt.config(materialized="table")
    current_features = dbt.ref("int_ml_lead_features").filter("feature_snapshot = 'current'")
    current_features = current_features.project("lead_id, feature_type, feature, feature_value")
    snapshots = dbt.ref("int_ml_lead_snapshots").filter("feature_snapshot = 'current'").df()
    activities = dbt.ref("int_ml_lead_activity_features").filter("feature_snapshot = 'current'").df()
    return predict_leads(
        leads=dbt.ref("dim_leads").project("lead_id, is_disqualified").df(),
        current_features=pd.concat([current_features.df(), lead_feature_frame(snapshots, activities)],
                                   ignore_index=True),
        weights=dbt.ref("ml_scoring_weights").df(),
    )
