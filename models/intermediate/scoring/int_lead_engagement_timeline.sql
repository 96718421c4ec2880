{#-
    Engagement at each activity, set-based. Each activity adds its points when it occurs and
    takes them back once it is older than the lead's recency window (strictly after
    occurred_at + window days, so at equal timestamps additions are ordered first and an
    activity exactly `window` days old still counts). A running sum per lead and type gives the
    type's points in the window; its capped value changes only at that type's deltas, so the
    running sum of those changes per lead is the sum of capped type points at every moment.
    The total cap is applied last. No activity x type cross join: two sorts of 2 rows per activity.
-#}

with

activities as (
    select * from {{ ref('int_activities_scored') }}
    where occurred_at <= {{ lead_funnel.as_of() }}
),

leads as (
    -- an integer key per lead: the windows below partition and sort on it (cheaper than text)
    select
        lead_id,
        recency_window_days,
        row_number() over (order by lead_id) as lead_key
    from {{ ref('int_leads_enriched') }}
),

windowed as (
    select
        leads.lead_key,
        activities.lead_id,
        activities.activity_id,
        activities.activity_type,
        activities.occurred_at,
        activities.points,
        activities.cap_per_window,
        activities.is_hand_raiser,
        {{ dbt.dateadd('day', 'leads.recency_window_days', 'activities.occurred_at') }} as expires_at
    from activities
    inner join leads
        on activities.lead_id = leads.lead_id
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

final as (
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
)

select * from final
