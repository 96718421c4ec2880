with

leads as (
    select * from {{ ref('int_leads_profiled') }}
),

fit_components as (
    select * from {{ ref('int_lead_fit_components') }}
),

grade_bands as (
    select * from {{ ref('int_scoring_grade_bands') }}
    where grade_type = 'fit'
),

fit_scores as (
    select
        lead_id,
        sum(points) as fit_score,
        min(disqualification_reason) as disqualification_reason
    from fit_components
    group by 1
),

scored as (
    select
        leads.*,
        cast(coalesce(fit_scores.fit_score, 0) as integer) as fit_score,
        fit_scores.disqualification_reason is not null as is_disqualified,
        fit_scores.disqualification_reason
    from leads
    left join fit_scores
        on leads.lead_id = fit_scores.lead_id
),

final as (
    select
        scored.*,
        grade_bands.grade as fit_grade
    from scored
    left join grade_bands
        on scored.fit_score >= coalesce(grade_bands.min_score, scored.fit_score)
        and (
            grade_bands.max_score_exclusive is null
            or scored.fit_score < grade_bands.max_score_exclusive
        )
)

select * from final
