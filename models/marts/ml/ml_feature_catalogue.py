"""The calibration's feature catalogue (docs/ml.md); logic: lead_funnel.calibration / ml_features."""

from lead_funnel.calibration import Settings, feature_catalogue_table, read_training_inputs


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
    settings = Settings.from_frame(dbt.ref("int_ml_settings").df())
    return feature_catalogue_table(**inputs, settings=settings)
