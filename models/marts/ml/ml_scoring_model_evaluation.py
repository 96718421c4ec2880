"""AUC and lift by decile of the rule model and the calibrated model (docs/ml.md), cross-validated
once: rpt_scoring_model_evaluation publishes it, ml_scoring_weights takes its AUC and the Platt
scaling of its out-of-fold logits; logic: lead_funnel.calibration."""

from lead_funnel.calibration import Settings, evaluate_models, read_training_inputs


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = read_training_inputs(
        training=dbt.ref("ml_lead_training_set"),
        sample=dbt.ref("ml_lead_training_sample"),
        model_versions=dbt.ref("int_scoring_model_versions"),
        features=dbt.ref("int_ml_lead_features"),
        extra_features=dbt.ref("ml_lead_training_extra_features"),
        fit_rules=dbt.ref("scoring_fit_rules"),
        activity_points=dbt.ref("scoring_activity_points"),
        title_patterns=dbt.ref("scoring_title_patterns"),
    )
    return evaluate_models(**inputs, settings=Settings.from_frame(dbt.ref("int_ml_settings").df()))
