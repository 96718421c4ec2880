"""Candidate MQL thresholds run against history, one recommendation per segment (docs/ml.md);
logic: lead_funnel.calibration. The volume is counted in the warehouse over every crossing; the
rates come from the weighted training sample (ml_lead_training_sample), like the fits."""

from lead_funnel.calibration import Settings, read_curve_inputs, threshold_curve


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = read_curve_inputs(
        grid=dbt.ref("int_ml_threshold_grid"),
        crossings=dbt.ref("int_ml_mql_threshold_crossings"),
        training=dbt.ref("ml_lead_training_set"),
        sample=dbt.ref("ml_lead_training_sample"),
    )
    return threshold_curve(**inputs, settings=Settings.from_frame(dbt.ref("int_ml_settings").df()))
