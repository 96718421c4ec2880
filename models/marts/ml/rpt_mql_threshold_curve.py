"""Candidate MQL thresholds run against history, one recommendation per segment (docs/ml.md);
logic: lead_funnel.calibration."""

from lead_funnel.calibration import Settings, threshold_curve


def model(dbt, session):
    dbt.config(materialized="table")
    return threshold_curve(
        grid=dbt.ref("int_ml_threshold_grid").df(),
        crossings=dbt.ref("int_ml_mql_threshold_crossings").df(),
        training=dbt.ref("ml_lead_training_set").df(),
        settings=Settings.from_frame(dbt.ref("int_ml_settings").df()),
    )
