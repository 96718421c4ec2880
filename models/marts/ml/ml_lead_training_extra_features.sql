{#-
    The calibration's features beyond the rule model (docs/ml.md "Features") for the training
    rows the fit reads: the training snapshot (int_ml_lead_snapshots) of each lead of the bounded
    training sample (ml_lead_training_sample, at most var ml_max_training_leads leads), built by
    macro ml_lead_extra_features, the same macro that applies the fit to every lead at as_of
    (ml_lead_probabilities): the weights are applied to the features they were fitted on.
    Read by the three Python models that fit or count on the training set
    (lead_funnel.calibration.read_training_inputs).
-#}

with

sampled as (
    select lead_id from {{ ref('ml_lead_training_sample') }}
    where is_in_training_sample
),

training_snapshots as (
    select * from {{ ref('int_ml_lead_snapshots') }}
    where
        feature_snapshot = 'training'
        and lead_id in (select sampled.lead_id from sampled)
),

training_activities as (
    select * from {{ ref('int_ml_lead_activity_features') }}
    where
        feature_snapshot = 'training'
        and lead_id in (select sampled.lead_id from sampled)
),

{{ lead_funnel.ml_lead_extra_features('training_snapshots', 'training_activities') }},

final as (
    select
        {{ lead_funnel.row_key(['lead_id', 'feature_type', 'feature']) }} as lead_extra_feature_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(feature_type as {{ dbt.type_string() }}) as feature_type,
        cast(feature as {{ dbt.type_string() }}) as feature,
        cast(feature_value as {{ lead_funnel.type_double() }}) as feature_value
    from ml_extra_features
)

select * from final
