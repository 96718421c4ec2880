"""Calibrated weights of the scoring model (docs/ml.md); logic: lead_funnel.calibration.
The cross-validated AUC and the Platt scaling of the out-of-fold logits come from
ml_scoring_model_evaluation (the folds fitted once, same inputs): only the final model is fitted here."""

from lead_funnel.calibration import Settings, fit_scoring_weights, read_training_inputs


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
    return fit_scoring_weights(
        **inputs,
        settings=Settings.from_frame(dbt.ref("int_ml_settings").df()),
        evaluation=dbt.ref("ml_scoring_model_evaluation").df(),
    )
