{#-
    Engagement at as_of: per lead and activity type, the points of the activities in the lead's
    recency window ending at as_of (an activity exactly `window` days old counts), decayed when
    var scoring_decay_enabled, capped per type; plus one `engagement_total_cap` row that takes
    back what exceeds var scoring_engagement_cap, so the rows sum to the engagement score.
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

in_window as (
    select
        activities.lead_id,
        activities.activity_type,
        activities.occurred_at,
        activities.points * {{ lead_funnel.scoring_decay_factor('activities.occurred_at') }} as points,
        activities.cap_per_window,
        activities.is_hand_raiser,
        leads.recency_window_days
    from activities
    inner join leads
        on activities.lead_id = leads.lead_id
    where {{ lead_funnel.scoring_in_engagement_window(
        'activities.occurred_at', lead_funnel.as_of(), 'leads.recency_window_days'
    ) }}
),

by_type as (
    select
        lead_id,
        activity_type,
        max(recency_window_days) as recency_window_days,
        max(cap_per_window) as cap_per_window,
        sum(points) as window_points,
        count(*) as activity_count,
        sum(case when is_hand_raiser then 1 else 0 end) as hand_raiser_activity_count,
        min(occurred_at) as earliest_occurred_at,
        max(occurred_at) as latest_occurred_at
    from in_window
    group by 1, 2
),

type_components as (
    select
        lead_id,
        activity_type as component,
        recency_window_days,
        cast(round(window_points) as integer) as uncapped_points,
        cast(round({{ lead_funnel.scoring_capped('window_points', 'cap_per_window') }}) as integer) as points,
        activity_count,
        hand_raiser_activity_count,
        earliest_occurred_at,
        latest_occurred_at
    from by_type
),

lead_totals as (
    select
        lead_id,
        max(recency_window_days) as recency_window_days,
        sum(points) as capped_points
    from type_components
    group by 1
),

total_cap_components as (
    -- what the total cap takes back (only for leads above it)
    select
        lead_id,
        'engagement_total_cap' as component,
        recency_window_days,
        cast(null as integer) as uncapped_points,
        cast({{ lead_funnel.scoring_engagement_total_capped('capped_points') }} - capped_points as integer) as points,
        cast(null as bigint) as activity_count,
        cast(null as bigint) as hand_raiser_activity_count,
        cast(null as {{ dbt.type_timestamp() }}) as earliest_occurred_at,
        cast(null as {{ dbt.type_timestamp() }}) as latest_occurred_at
    from lead_totals
    where capped_points > {{ var('scoring_engagement_cap') }}
),

final as (
    select * from type_components
    union all
    select * from total_cap_components
)

select * from final
