"""Predicted probability of SQL and of a win per lead at as_of (docs/ml.md); logic: lead_funnel.calibration."""

from lead_funnel.calibration import predict_leads


def model(dbt, session):
    dbt.config(materialized="table")
    current_features = dbt.ref("int_ml_lead_features").filter("feature_snapshot = 'current'")
    current_features = current_features.project("lead_id, feature_type, feature, feature_value")
    return predict_leads(
        leads=dbt.ref("dim_leads").project("lead_id, is_disqualified").df(),
        current_features=current_features.df(),
        weights=dbt.ref("ml_scoring_weights").df(),
    )
