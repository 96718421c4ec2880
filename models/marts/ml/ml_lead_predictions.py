"""Predicted probability of SQL and of a win per lead at as_of (docs/ml.md); logic:
lead_funnel.calibration.

Incremental (delete+insert on lead_id; the pre-hook deletes the rows of int_leads_affected): a
daily run predicts the leads of int_leads_affected and the leads whose recency bin moved with
as_of (lead_funnel.ml_features.recency_bin_changed_sql, set-based), with the last fit (ml_scoring_weights and the
cut points of ml_probability_deciles, which the daily selection does not rebuild). Every lead when
the fit changed since the loaded rows were written (their scoring_fit_id): a weekly refit is
applied to all leads on the next run. A lead's row depends on its own features and the fit only,
so this equals a full rebuild."""

import pandas as pd

from lead_funnel.calibration import predict_leads, scoring_fit_id
from lead_funnel.ml_features import lead_feature_frame, recency_bin_changed_sql


def leads_to_predict(dbt, session, activities, snapshots, fit_id):
    """The lead_ids an incremental run recomputes (a one-column relation), or None for every lead.
    Set-based in the warehouse: the leads of int_leads_affected, plus the leads whose last activity
    (the stored last activity time per activity type, int_ml_lead_activity_features) lies where a
    recency bin bound was crossed in the lookback; only those candidates' rows are aggregated."""
    if "scoring_fit_id" not in session.table(str(dbt.this)).columns:
        return None  # a table from before the fit id: on_schema_change fails, asking for --full-refresh
    loaded_fits = session.sql(f"select distinct scoring_fit_id from {dbt.this}").fetchall()
    if loaded_fits != [(fit_id,)]:
        return None
    as_of = snapshots.aggregate("max(snapshot_at)").fetchall()[0][0]
    if as_of is None:
        return None
    lookback_days = float(dbt.config.get("incremental_lookback_days"))
    candidates = activities.filter(recency_bin_changed_sql("last_occurred_at", as_of, lookback_days))
    candidates = candidates.project("lead_id").distinct().set_alias("candidates")
    last = activities.set_alias("candidate_activities").join(candidates, "lead_id").aggregate(
        "lead_id, max(last_occurred_at) as last_activity_at")
    moved = last.filter(recency_bin_changed_sql("last_activity_at", as_of, lookback_days)).project("lead_id")
    keys = dbt.ref("int_leads_affected").project("lead_id").union(moved).distinct()
    return keys.set_alias("recomputed_leads")


def model(dbt, session):
    weights = dbt.ref("ml_scoring_weights").df()
    cuts = dbt.ref("ml_probability_deciles").df()
    fit_id = scoring_fit_id(weights, cuts)
    leads = dbt.ref("dim_leads").project("lead_id, is_disqualified")
    # the stored features (int_ml_lead_features without the snapshot time, which is as_of here)
    current_features = dbt.ref("int_ml_lead_features_stored").filter("feature_snapshot = 'current'")
    current_features = current_features.project("lead_id, feature_type, feature, feature_value")
    snapshots = dbt.ref("int_ml_lead_snapshots").filter("feature_snapshot = 'current'")
    activities = dbt.ref("int_ml_lead_activity_features").filter("feature_snapshot = 'current'")
    keys = leads_to_predict(dbt, session, activities, snapshots, fit_id) if dbt.is_incremental else None
    if keys is not None:
        leads, current_features, snapshots, activities = (
            relation.join(keys, "lead_id") for relation in (leads, current_features, snapshots, activities))
    predictions = predict_leads(
        leads=leads.df(),
        current_features=pd.concat([current_features.df(), lead_feature_frame(snapshots.df(), activities.df())],
                                   ignore_index=True),
        weights=weights,
        decile_cuts=cuts,
        fit_id=fit_id,
    )
    # typed: a run predicting few leads (or none) must insert the types the table was created with
    return session.from_df(predictions).project(
        "cast(lead_id as varchar) as lead_id,"
        " cast(predicted_sql_probability as double) as predicted_sql_probability,"
        " cast(predicted_win_probability as double) as predicted_win_probability,"
        " cast(sql_probability_decile as integer) as sql_probability_decile,"
        " cast(win_probability_decile as integer) as win_probability_decile,"
        " cast(prediction_status as varchar) as prediction_status,"
        " cast(prediction_reason as varchar) as prediction_reason,"
        " cast(scoring_fit_id as varchar) as scoring_fit_id"
    )
