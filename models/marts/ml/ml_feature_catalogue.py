"""The calibration's feature catalogue (docs/ml.md); logic: lead_funnel.calibration / ml_features."""

from lead_funnel.calibration import Settings, feature_catalogue_table
from lead_funnel.ml_features import lead_feature_frame
from lead_funnel.settings import in_force_rows


def model(dbt, session):
    dbt.config(materialized="table")
    model_versions = dbt.ref("int_scoring_model_versions").df()
    training_features = dbt.ref("int_ml_lead_features").filter("feature_snapshot = 'training'")
    training_features = training_features.project("lead_id, feature_type, feature, feature_value")
    snapshots = dbt.ref("int_ml_lead_snapshots").filter("feature_snapshot = 'training'").df()
    activities = dbt.ref("int_ml_lead_activity_features").filter("feature_snapshot = 'training'").df()
    return feature_catalogue_table(
        training=dbt.ref("ml_lead_training_set").df(),
        training_features=training_features.df(),
        fit_rules=in_force_rows(dbt.ref("scoring_fit_rules").df(), model_versions),
        activity_points=in_force_rows(dbt.ref("scoring_activity_points").df(), model_versions),
        settings=Settings.from_config(dbt.config.get),
        extra_features=lead_feature_frame(snapshots, activities),
        title_patterns=in_force_rows(dbt.ref("scoring_title_patterns").df(), model_versions),
    )
