"""The calibration's feature catalogue (docs/ml.md); logic: lead_funnel.calibration / ml_features."""

from lead_funnel.calibration import Settings, feature_catalogue_table
from lead_funnel.ml_features import lead_feature_frame


def model(dbt, session):
    dbt.config(materialized="table")
    training_features = dbt.ref("int_ml_lead_features").filter("feature_snapshot = 'training'")
    training_features = training_features.project("lead_id, feature_type, feature, feature_value")
    snapshots = dbt.ref("int_ml_lead_snapshots").filter("feature_snapshot = 'training'").df()
    activities = dbt.ref("int_ml_lead_activity_features").filter("feature_snapshot = 'training'").df()
    return feature_catalogue_table(
        training=dbt.ref("ml_lead_training_set").df(),
        training_features=training_features.df(),
        fit_rules=dbt.ref("scoring_fit_rules").df(),
        activity_points=dbt.ref("scoring_activity_points").df(),
        settings=Settings.from_config(dbt.config.get),
        extra_features=lead_feature_frame(snapshots, activities),
        title_patterns=dbt.ref("scoring_title_patterns").df(),
    )
