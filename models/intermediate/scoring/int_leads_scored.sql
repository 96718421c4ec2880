{#-
    Every canonical lead scored at as_of: engagement (the rows of int_lead_engagement_components,
    total cap included), whether a hand-raiser activity is inside the window, lead score,
    engagement grade and whether the MQL criteria hold now (macro mql_meets_criteria). dim_leads
    publishes it; the ML features read it here so the DAG flows one way.
-#}

with

leads as (
    select * from {{ ref('int_leads_enriched') }}
),

engagement_components as (
    select * from {{ ref('int_lead_engagement_components') }}
),

engagement_grade_bands as (
    select * from {{ ref('int_scoring_grade_bands') }}
    where grade_type = 'engagement'
),

current_activity_points as (
    select * from {{ ref('scoring_activity_points') }}
    where {{ lead_funnel.scoring_model_version_is('is_in_force_at_as_of') }}
),

engagement as (
    -- engagement at as_of and whether a hand-raiser activity is inside the window
    select
        engagement_components.lead_id,
        sum(engagement_components.points) as engagement_score,
        max(case when current_activity_points.is_hand_raiser then 1 else 0 end) as has_hand_raiser_in_window
    from engagement_components
    left join current_activity_points
        on engagement_components.component = current_activity_points.activity_type
    group by 1
),

scored as (
    select
        leads.*,
        cast(coalesce(engagement.engagement_score, 0) as integer) as engagement_score,
        coalesce(engagement.has_hand_raiser_in_window, 0) = 1 as has_hand_raiser_in_window
    from leads
    left join engagement
        on leads.lead_id = engagement.lead_id
),

graded as (
    select
        scored.*,
        scored.fit_score + scored.engagement_score as lead_score,
        engagement_grade_bands.grade as engagement_grade
    from scored
    left join engagement_grade_bands
        on
            scored.model_version = engagement_grade_bands.model_version
            and {{ lead_funnel.scoring_in_grade_band('scored.engagement_score', 'engagement_grade_bands') }}
),

final as (
    -- the MQL criteria at as_of (macros/scoring.sql), hand-raiser: one inside the window
    select
        lead_id,
        fit_score,
        engagement_score,
        lead_score,
        engagement_grade,
        has_hand_raiser_in_window,
        {{ lead_funnel.mql_meets_criteria(has_hand_raiser='has_hand_raiser_in_window') }} as meets_mql_criteria
    from graded
)

select * from final
