{{
    config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key='lead_id',
        on_schema_change='fail',
        pre_hook="{{ lead_funnel.incremental_copy_loaded() }}",
        post_hook=[
            "{{ lead_funnel.incremental_delete_tombstones('activity_id') }}",
            "{{ lead_funnel.incremental_drop_loaded_copy() }}"
        ]
    )
}}
{#-
    Engagement at each activity, set-based. Each activity adds its points when it occurs and
    takes them back once it is older than the lead's recency window (strictly after
    occurred_at + window days, so at equal timestamps additions are ordered first and an
    activity exactly `window` days old still counts). A running sum per lead and type gives the
    type's points in the window; its capped value changes only at that type's deltas, so the
    running sum of those changes per lead is the sum of capped type points at every moment.
    The total cap is applied last. No activity x type cross join: two sorts of 2 rows per activity.

    Incremental (docs/performance.md): a lead's timeline depends on all its earlier activities,
    so a run recomputes the whole timeline of the affected leads only and replaces their rows
    (delete+insert on lead_id). Affected: leads with activities dated in the lookback
    (var incremental_lookback_days before the latest loaded activity or as_of), leads with loaded
    rows there, and leads whose number of activities before the lookback no longer matches the
    loaded rows (late, re-pointed, re-decided or removed activities). An affected lead left without
    activities is written as a tombstone (activity_id null) that deletes its rows; the post-hook
    removes it. Changes of the scoring seeds or vars, or of a lead's recency window alone, need
    `--full-refresh`.
-#}

with

activities as (
    select * from {{ ref('int_activities_scored') }}
    where occurred_at <= {{ lead_funnel.as_of() }}
),

leads as (
    select
        lead_id,
        recency_window_days
    from {{ ref('int_leads_enriched') }}
),

{% if is_incremental() %}

    loaded as (
        select
            lead_id,
            occurred_at
        from {{ lead_funnel.incremental_loaded() }}
    ),

    bounds as (
        select {{ lead_funnel.incremental_reprocess_from('occurred_at', lead_funnel.as_of()) }} as reprocess_from
        from loaded
    ),

    activity_counts as (
        -- per lead: activities before the lookback, and whether any is in it
        select
            activities.lead_id,
            count(
                case
                    when not {{ lead_funnel.incremental_is_reprocessed('activities.occurred_at', 'bounds.reprocess_from') }}
                        then 1
                end
            ) as earlier_count,
            max(
                case
                    when {{ lead_funnel.incremental_is_reprocessed('activities.occurred_at', 'bounds.reprocess_from') }}
                        then 1
                    else 0
                end
            ) as has_reprocessed
        from activities
        inner join leads
            on activities.lead_id = leads.lead_id
        cross join bounds
        group by 1
    ),

    loaded_counts as (
        select
            loaded.lead_id,
            count(
                case
                    when not {{ lead_funnel.incremental_is_reprocessed('loaded.occurred_at', 'bounds.reprocess_from') }}
                        then 1
                end
            ) as earlier_count,
            max(
                case
                    when {{ lead_funnel.incremental_is_reprocessed('loaded.occurred_at', 'bounds.reprocess_from') }}
                        then 1
                    else 0
                end
            ) as has_reprocessed
        from loaded
        cross join bounds
        group by 1
    ),

    affected_leads as (
        select coalesce(activity_counts.lead_id, loaded_counts.lead_id) as lead_id
        from activity_counts
        full outer join loaded_counts
            on activity_counts.lead_id = loaded_counts.lead_id
        where
            coalesce(activity_counts.has_reprocessed, 0) = 1
            or coalesce(loaded_counts.has_reprocessed, 0) = 1
            or coalesce(activity_counts.earlier_count, 0) <> coalesce(loaded_counts.earlier_count, 0)
    ),

{% endif %}

keyed_leads as (
    -- an integer key per lead: the windows below partition and sort on it (cheaper than text)
    select
        leads.lead_id,
        leads.recency_window_days,
        row_number() over (order by leads.lead_id) as lead_key
    from leads
    {% if is_incremental() -%}
        inner join affected_leads
            on leads.lead_id = affected_leads.lead_id
    {%- endif %}
),

windowed as (
    select
        keyed_leads.lead_key,
        activities.lead_id,
        activities.activity_id,
        activities.activity_type,
        activities.occurred_at,
        activities.points,
        activities.cap_per_window,
        activities.is_hand_raiser,
        {{ dbt.dateadd('day', 'keyed_leads.recency_window_days', 'activities.occurred_at') }} as expires_at
    from activities
    inner join keyed_leads
        on activities.lead_id = keyed_leads.lead_id
),

point_deltas as (
    -- delta_order 0: the activity's points arrive; 1: they expire (after any arrival at that time)
    select
        lead_key,
        lead_id,
        activity_id,
        activity_type,
        occurred_at,
        points,
        cap_per_window,
        is_hand_raiser,
        occurred_at as delta_at,
        0 as delta_order,
        points as point_delta
    from windowed
    union all
    select
        lead_key,
        lead_id,
        activity_id,
        activity_type,
        occurred_at,
        points,
        cap_per_window,
        is_hand_raiser,
        expires_at as delta_at,
        1 as delta_order,
        -points as point_delta
    from windowed
    -- an expiry after as_of precedes no evaluation
    where expires_at <= {{ lead_funnel.as_of() }}
),

type_points as (
    -- points of the type in the window at each delta (peers at the same time are summed together)
    select
        *,
        sum(point_delta) over (
            partition by lead_key, activity_type
            order by delta_at, delta_order
        ) as type_points_in_window
    from point_deltas
),

type_capped as (
    select
        *,
        {{ lead_funnel.scoring_capped('type_points_in_window', 'cap_per_window') }} as type_capped_points
    from type_points
),

type_changes as (
    -- how much the type's capped contribution moved at this delta
    select
        *,
        type_capped_points - coalesce(
            lag(type_capped_points) over (
                partition by lead_key, activity_type
                order by delta_at, delta_order, activity_id
            ),
            0
        ) as capped_points_change
    from type_capped
),

lead_totals as (
    select
        *,
        sum(capped_points_change) over (
            partition by lead_key
            order by delta_at, delta_order
        ) as engagement_before_total_cap
    from type_changes
),

timeline as (
    select
        lead_id,
        activity_id,
        activity_type,
        occurred_at,
        points,
        is_hand_raiser,
        cast(type_capped_points as integer) as type_capped_points,
        cast(engagement_before_total_cap as integer) as engagement_before_total_cap,
        cast(
            least(
                {{ var('scoring_engagement_cap') }},
                coalesce(engagement_before_total_cap, 0)
            ) as integer
        ) as engagement_score
    from lead_totals
    where delta_order = 0
),

final as (
    select * from timeline
    {% if is_incremental() -%}
        union all
        -- tombstones: affected leads left without activities (deleted by the post-hook)
        select
            affected_leads.lead_id,
            cast(null as {{ dbt.type_string() }}) as activity_id,
            cast(null as {{ dbt.type_string() }}) as activity_type,
            cast(null as {{ dbt.type_timestamp() }}) as occurred_at,
            cast(null as integer) as points,
            cast(null as boolean) as is_hand_raiser,
            cast(null as integer) as type_capped_points,
            cast(null as integer) as engagement_before_total_cap,
            cast(null as integer) as engagement_score
        from affected_leads
        where affected_leads.lead_id not in (select timeline.lead_id from timeline)
    {%- endif %}
)

{{ lead_funnel.incremental_select('final', 'lead_id', tombstone_column='activity_id') }}
