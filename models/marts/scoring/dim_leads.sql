with

leads as (
    select * from {{ ref('int_leads_enriched') }}
),

components as (
    select * from {{ ref('fct_lead_score_components') }}
),

mql_events as (
    select * from {{ ref('int_lead_mql_events') }}
),

engagement_grade_bands as (
    select * from {{ ref('int_scoring_grade_bands') }}
    where grade_type = 'engagement'
),

activity_points as (
    select * from {{ ref('scoring_activity_points') }}
),

engagement as (
    -- engagement at as_of and whether a hand-raiser activity is inside the window
    select
        components.lead_id,
        sum(components.points) as engagement_score,
        max(case when activity_points.is_hand_raiser then 1 else 0 end) as has_hand_raiser_in_window
    from components
    left join activity_points
        on components.component = activity_points.activity_type
    where components.component_type = 'engagement'
    group by 1
),

mql_summary as (
    select
        lead_id,
        min(mql_at) as first_mql_at,
        max(mql_at) as latest_mql_at,
        count(*) as mql_count
    from mql_events
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
            scored.engagement_score >= coalesce(engagement_grade_bands.min_score, scored.engagement_score)
            and (
                engagement_grade_bands.max_score_exclusive is null
                or scored.engagement_score < engagement_grade_bands.max_score_exclusive
            )
),

evaluated as (
    -- the MQL criteria at as_of (macros/scoring.sql), hand-raiser: one inside the window
    select
        graded.*,
        {{ lead_funnel.mql_meets_criteria(has_hand_raiser='has_hand_raiser_in_window') }} as is_mql
    from graded
),

final as (
    select
        evaluated.lead_id,
        evaluated.account_id,
        evaluated.account_match_method,
        evaluated.email_domain,
        evaluated.email_sha256,
        evaluated.segment,
        evaluated.seniority,
        evaluated.persona,
        evaluated.email_type,
        evaluated.lead_source,
        evaluated.fit_score,
        evaluated.engagement_score,
        cast(evaluated.lead_score as integer) as lead_score,
        evaluated.fit_grade,
        evaluated.engagement_grade,
        {{ dbt.concat(['evaluated.fit_grade', 'evaluated.engagement_grade']) }} as score_grade,
        evaluated.is_disqualified,
        evaluated.disqualification_reason,
        evaluated.is_mql,
        mql_summary.first_mql_at,
        mql_summary.latest_mql_at,
        cast(coalesce(mql_summary.mql_count, 0) as bigint) as mql_count,
        evaluated.lead_created_at,
        evaluated.is_competitor,
        evaluated.is_hand_raiser_only_source,
        evaluated.has_hand_raiser_in_window,
        evaluated.mql_score_threshold,
        evaluated.recency_window_days,
        evaluated.employee_count,
        evaluated.is_icp_industry,
        evaluated.duplicate_lead_count
    from evaluated
    left join mql_summary
        on evaluated.lead_id = mql_summary.lead_id
)

select * from final
