{#-
    The engagement features of the calibration beyond the rule model (docs/ml.md): per lead,
    feature snapshot (int_ml_lead_snapshots) and activity type the lead did by the snapshot, how
    many it did in its segment's recency window ending at the snapshot, how many over its life up
    to the snapshot, and when the last one was. Every activity type counts, weighted or not, except
    the sales touches (var funnel_sales_touch_activity_types): they are what sales does to a lead,
    not what the lead does. Nothing after the snapshot is read, so the training snapshot stays
    leakage-free.
    Incremental on the leads of int_leads_affected (macro incremental_by_affected_leads): a lead's
    rows depend only on its own activities and snapshots, and they move with as_of only when an
    activity leaves its recency window, which int_leads_affected lists (the training snapshot is
    fixed by the lead's inputs). ml_lead_predictions reads the stored last activity times to find
    the leads whose recency bin moved.
-#}

with

{{ lead_funnel.incremental_by_affected_leads() }}

snapshots as (
    select
        lead_id,
        feature_snapshot,
        snapshot_at,
        recency_window_days
    from {{ ref('int_ml_lead_snapshots') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

activities as (
    select
        lead_id,
        activity_type,
        occurred_at,
        is_hand_raiser
    from {{ ref('int_activities_scored') }}
    where
        occurred_at <= {{ lead_funnel.as_of() }}
        and activity_type not in {{ lead_funnel.scoring_sql_list(var('funnel_sales_touch_activity_types')) }}
    {% if is_incremental() -%}
        and lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

counted as (
    select
        snapshots.lead_id,
        snapshots.feature_snapshot,
        activities.activity_type,
        max(case when activities.is_hand_raiser then 1 else 0 end) as is_hand_raiser_type,
        sum(
            case
                when {{ lead_funnel.scoring_in_engagement_window(
                    'activities.occurred_at', 'snapshots.snapshot_at', 'snapshots.recency_window_days'
                ) }} then 1
                else 0
            end
        ) as window_count,
        count(*) as lifetime_count,
        max(activities.occurred_at) as last_occurred_at
    from snapshots
    inner join activities
        on
            snapshots.lead_id = activities.lead_id
            and snapshots.snapshot_at >= activities.occurred_at
    group by 1, 2, 3
),

final as (
    select
        {{ lead_funnel.row_key(['lead_id', 'feature_snapshot', 'activity_type']) }} as lead_activity_feature_id,
        lead_id,
        feature_snapshot,
        activity_type,
        is_hand_raiser_type = 1 as is_hand_raiser,
        cast(window_count as integer) as window_count,
        cast(lifetime_count as integer) as lifetime_count,
        last_occurred_at
    from counted
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='affected') }}
