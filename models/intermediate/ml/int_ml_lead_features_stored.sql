{#-
    The stored part of int_ml_lead_features (which adds each snapshot's time: the `current` one is
    as_of and moves every day, so it is not stored). The calibration features of every lead at two
    moments (docs/ml.md), sparse: a row only for a
    fit rule the lead meets or an activity type it did in the window.
    - `training`: frozen at the training cutoff of int_ml_lead_snapshots (first MQL, else
      created_at + N days, never after the first sales stage); what the models learn from.
      Nothing after that moment is counted, so no outcome can leak in.
    - `current`: at as_of; what the models predict from.
    The features are the rule model's own: its fit rules (seed scoring_fit_rules), the counts
    of its weighted activity types (seed scoring_activity_points, points not 0) in the
    lead's segment recency window ending at the snapshot (an activity exactly `window` days old
    counts), and its verdict: the MQL criteria hold at the snapshot (int_ml_lead_snapshots). Fit uses
    the lead's current attributes (there is no attribute history).
    A table (three Python models and the training set read it), incremental on the leads of
    int_leads_affected (macro incremental_by_affected_leads): a lead's features depend only on its
    own inputs and on the version in force, and move with as_of only when an activity leaves its
    recency window or its score decays, which int_leads_affected lists (every lead when a version
    takes force).
-#}

with

{{ lead_funnel.incremental_by_affected_leads() }}

snapshots as (
    -- the training cutoff and the current moment of every lead (int_ml_lead_snapshots)
    select
        lead_id,
        feature_snapshot,
        snapshot_at,
        recency_window_days,
        meets_mql_criteria
    from {{ ref('int_ml_lead_snapshots') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

fit_components as (
    -- the fit rules of the scoring-model version in force at as_of
    select
        fit_components.lead_id,
        fit_components.rule_id,
        fit_components.points
    from {{ ref('int_lead_fit_components') }} as fit_components
    inner join {{ ref('int_scoring_model_versions') }} as model_versions
        on fit_components.model_version = model_versions.model_version
    where model_versions.is_in_force_at_as_of
),

activities as (
    select
        lead_id,
        activity_type,
        occurred_at
    from {{ ref('int_activities_scored') }}
    where
        occurred_at <= {{ lead_funnel.as_of() }}
    {% if is_incremental() -%}
        and lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

weighted_activity_types as (
    -- the activity points of the scoring-model version in force at as_of
    select
        activity_points.activity_type,
        activity_points.points,
        activity_points.cap_per_window
    from {{ ref('scoring_activity_points') }} as activity_points
    inner join {{ ref('int_scoring_model_versions') }} as model_versions
        on activity_points.model_version = model_versions.model_version
    where model_versions.is_in_force_at_as_of and activity_points.points <> 0
),

activity_counts as (
    -- one row per lead, snapshot and weighted activity type done in the window ending at the snapshot
    select
        snapshots.lead_id,
        snapshots.feature_snapshot,
        snapshots.snapshot_at,
        activities.activity_type,
        count(*) as activity_count
    from snapshots
    inner join activities
        on
            snapshots.lead_id = activities.lead_id
            and {{ lead_funnel.scoring_in_engagement_window(
                'activities.occurred_at', 'snapshots.snapshot_at', 'snapshots.recency_window_days'
            ) }}
    inner join weighted_activity_types
        on activities.activity_type = weighted_activity_types.activity_type
    group by 1, 2, 3, 4
),

fit_features as (
    select
        snapshots.lead_id,
        snapshots.feature_snapshot,
        snapshots.snapshot_at,
        'fit_rule' as feature_type,
        fit_components.rule_id as feature,
        cast(1 as integer) as feature_value,
        cast(null as bigint) as activity_count,
        cast(fit_components.points as integer) as rule_points
    from snapshots
    inner join fit_components
        on snapshots.lead_id = fit_components.lead_id
),

activity_features as (
    select
        activity_counts.lead_id,
        activity_counts.feature_snapshot,
        activity_counts.snapshot_at,
        'activity_type' as feature_type,
        activity_counts.activity_type as feature,
        cast(activity_counts.activity_count as integer) as feature_value,
        cast(activity_counts.activity_count as bigint) as activity_count,
        cast(
            {{ lead_funnel.scoring_capped(
                'activity_counts.activity_count * weighted_activity_types.points',
                'weighted_activity_types.cap_per_window'
            ) }} as integer
        ) as rule_points
    from activity_counts
    inner join weighted_activity_types
        on activity_counts.activity_type = weighted_activity_types.activity_type
),

verdict_features as (
    select
        lead_id,
        feature_snapshot,
        snapshot_at,
        'rule_verdict' as feature_type,
        'meets_mql_criteria' as feature,
        cast(1 as integer) as feature_value,
        cast(null as bigint) as activity_count,
        cast(null as integer) as rule_points
    from snapshots
    where meets_mql_criteria
),

unioned as (
    select * from fit_features
    union all
    select * from activity_features
    union all
    select * from verdict_features
),

final as (
    select
        {{ lead_funnel.row_key(['lead_id', 'feature_snapshot', 'feature_type', 'feature']) }} as lead_feature_id,
        lead_id,
        feature_snapshot,
        feature_type,
        feature,
        feature_value,
        activity_count,
        rule_points
    from unioned
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='affected') }}
