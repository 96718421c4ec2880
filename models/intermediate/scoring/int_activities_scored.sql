{#-
    One row per staged activity: re-pointed to the surviving lead, with the points of the
    scoring-model version in force at as_of (int_activities_scored_by_model_version).
-#}

with

activities as (
    select * from {{ ref('int_activities_scored_by_model_version') }}
),

final as (
    select
        activities.activity_id,
        activities.lead_id,
        activities.source_lead_id,
        activities.is_repointed,
        activities.activity_type,
        activities.occurred_at,
        activities.asset,
        activities.campaign_id,
        activities.is_known_activity_type,
        activities.is_scored_activity_type,
        activities.points,
        activities.cap_per_window,
        activities.is_hand_raiser
    from activities
    where {{ lead_funnel.scoring_model_version_is('is_in_force_at_as_of') }}
)

select * from final
