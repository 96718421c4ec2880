{#-
    The calibration features of every lead at its two snapshots (docs/ml.md; the logic:
    int_ml_lead_features_stored), with each snapshot's time from int_ml_lead_snapshots. A view: the
    stored features are incremental on the affected leads, while the `current` snapshot's time is
    as_of and moves for every lead every day, so it is joined at read time (a cheap join on the
    lead's two snapshot rows).
-#}

with

stored_features as (
    select * from {{ ref('int_ml_lead_features_stored') }}
),

snapshots as (
    select
        lead_id,
        feature_snapshot,
        snapshot_at
    from {{ ref('int_ml_lead_snapshots') }}
),

final as (
    select
        stored_features.lead_feature_id,
        stored_features.lead_id,
        stored_features.feature_snapshot,
        snapshots.snapshot_at,
        stored_features.feature_type,
        stored_features.feature,
        stored_features.feature_value,
        stored_features.activity_count,
        stored_features.rule_points
    from stored_features
    inner join snapshots
        on
            stored_features.lead_id = snapshots.lead_id
            and stored_features.feature_snapshot = snapshots.feature_snapshot
)

select * from final
