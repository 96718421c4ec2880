{#-
    One row per staged activity and scoring-model version evaluated (int_scoring_model_versions):
    re-pointed to the surviving lead, with that version's points, cap per window and hand-raiser
    flag (seed scoring_activity_points; a type the version does not list scores 0), and an
    integer activity_type_key for the engagement windows' partitions (cheaper than the text).
    int_activities_scored is the version in force at as_of.
-#}

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

model_versions as (
    select model_version from {{ ref('int_scoring_model_versions') }}
),

activity_points_seed as (
    select * from {{ ref('scoring_activity_points') }}
),

activity_type_keys as (
    -- one integer per scored type (the same under every version); unscored types share 0 (0 points)
    select
        activity_type,
        row_number() over (order by activity_type) as activity_type_key
    from activity_points_seed
    group by 1
),

activity_points as (
    -- the seed with the type's key: the activities join it once (no second join for the key)
    select
        activity_points_seed.*,
        activity_type_keys.activity_type_key
    from activity_points_seed
    inner join activity_type_keys
        on activity_points_seed.activity_type = activity_type_keys.activity_type
),

final as (
    select
        activities.activity_id,
        model_versions.model_version,
        leads.canonical_lead_id as lead_id,
        activities.lead_id as source_lead_id,
        leads.canonical_lead_id <> activities.lead_id as is_repointed,
        activities.activity_type,
        coalesce(activity_points.activity_type_key, 0) as activity_type_key,
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
    cross join model_versions
    left join activity_points
        on
            activities.activity_type = activity_points.activity_type
            and model_versions.model_version = activity_points.model_version
)

select * from final
