with

activities as (
    select * from {{ ref('stg_raw__activities') }}
),

leads as (
    -- every staged lead record and the person it belongs to (the surviving duplicate)
    select
        lead_id,
        coalesce(duplicate_of_lead_id, lead_id) as canonical_lead_id
    from {{ ref('stg_raw__leads') }}
),

activity_points as (
    select * from {{ ref('scoring_activity_points') }}
),

final as (
    select
        activities.activity_id,
        leads.canonical_lead_id as lead_id,
        activities.lead_id as source_lead_id,
        leads.canonical_lead_id <> activities.lead_id as is_repointed,
        activities.activity_type,
        activities.occurred_at,
        activities.asset,
        activities.campaign_id,
        activities.is_known_activity_type,
        activity_points.activity_type is not null as is_scored_activity_type,
        coalesce(activity_points.points, 0) as points,
        coalesce(activity_points.cap_per_window, 0) as cap_per_window,
        coalesce(activity_points.is_hand_raiser, false) as is_hand_raiser
    from activities
    inner join leads
        on activities.lead_id = leads.lead_id
    left join activity_points
        on activities.activity_type = activity_points.activity_type
)

select * from final
