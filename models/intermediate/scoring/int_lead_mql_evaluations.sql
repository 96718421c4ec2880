with

timeline as (
    select * from {{ ref('int_lead_engagement_timeline') }}
),

leads as (
    select * from {{ ref('int_leads_enriched') }}
),

scored as (
    select
        timeline.lead_id,
        timeline.activity_id,
        timeline.activity_type,
        timeline.occurred_at,
        timeline.is_hand_raiser,
        leads.segment,
        leads.mql_score_threshold,
        leads.is_disqualified,
        leads.is_hand_raiser_only_source,
        leads.fit_score,
        leads.fit_grade,
        timeline.engagement_score,
        leads.fit_score + timeline.engagement_score as lead_score
    from timeline
    inner join leads
        on timeline.lead_id = leads.lead_id
),

criteria as (
    select
        scored.*,
        (
            scored.fit_score >= {{ var('scoring_fit_gate') }}
            and scored.engagement_score >= {{ var('scoring_engagement_gate') }}
            and scored.lead_score >= scored.mql_score_threshold
        ) as meets_score_threshold,
        (
            scored.is_hand_raiser
            and scored.fit_score >= {{ var('scoring_fast_track_min_fit') }}
        ) as meets_hand_raiser_fast_track
    from scored
),

final as (
    -- score path: gates and segment threshold (not for hand-raiser-only sources);
    -- hand-raiser path: a hand-raiser activity with enough fit; never for a disqualified lead
    select
        criteria.*,
        (
            not criteria.is_disqualified
            and not criteria.is_hand_raiser_only_source
            and criteria.meets_score_threshold
        ) as qualifies_by_score,
        (
            not criteria.is_disqualified
            and criteria.meets_hand_raiser_fast_track
        ) as qualifies_by_hand_raiser,
        (
            not criteria.is_disqualified
            and (
                (not criteria.is_hand_raiser_only_source and criteria.meets_score_threshold)
                or criteria.meets_hand_raiser_fast_track
            )
        ) as is_qualifying,
        case
            when criteria.is_disqualified then null
            when not criteria.is_hand_raiser_only_source and criteria.meets_score_threshold
                then 'score'
            when criteria.meets_hand_raiser_fast_track then 'hand_raiser'
        end as mql_trigger
    from criteria
)

select * from final
