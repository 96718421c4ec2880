with

leads as (
    select * from {{ ref('int_leads_enriched') }}
),

components as (
    select * from {{ ref('fct_lead_score_components') }}
),

mql_events as (
    select * from {{ ref('fct_mql_events') }}
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

final as (
    select
        graded.lead_id,
        graded.account_id,
        graded.account_match_method,
        graded.email_domain,
        graded.email_sha256,
        graded.segment,
        graded.seniority,
        graded.persona,
        graded.email_type,
        graded.lead_source,
        graded.fit_score,
        graded.engagement_score,
        cast(graded.lead_score as integer) as lead_score,
        graded.fit_grade,
        graded.engagement_grade,
        {{ dbt.concat(['graded.fit_grade', 'graded.engagement_grade']) }} as score_grade,
        graded.is_disqualified,
        graded.disqualification_reason,
        (
            not graded.is_disqualified
            and (
                (
                    not graded.is_hand_raiser_only_source
                    and graded.fit_score >= {{ var('scoring_fit_gate') }}
                    and graded.engagement_score >= {{ var('scoring_engagement_gate') }}
                    and graded.lead_score >= graded.mql_score_threshold
                )
                or (
                    graded.has_hand_raiser_in_window
                    and graded.fit_score >= {{ var('scoring_fast_track_min_fit') }}
                )
            )
        ) as is_mql,
        mql_summary.first_mql_at,
        mql_summary.latest_mql_at,
        cast(coalesce(mql_summary.mql_count, 0) as bigint) as mql_count,
        graded.lead_created_at,
        graded.is_competitor,
        graded.is_hand_raiser_only_source,
        graded.has_hand_raiser_in_window,
        graded.mql_score_threshold,
        graded.recency_window_days,
        graded.employee_count,
        graded.is_icp_industry,
        graded.duplicate_lead_count
    from graded
    left join mql_summary
        on graded.lead_id = mql_summary.lead_id
)

select * from final
