{#-
    One row per staged activity: re-pointed to the surviving lead, with the points of the
    scoring-model version in force at as_of: macro scored_activities_select, the definition of
    int_activities_scored_by_model_version, with only that version (chosen before it multiplies
    the activities, not filtered out of every version's rows afterwards).
-#}

{{ lead_funnel.scored_activities_select('is_in_force_at_as_of') }},

scored as (
    select * from final
),

in_force as (
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
    from scored as activities
)

select * from in_force
