{#-
    The MQL criteria at each activity under each scoring-model version evaluated: one row per
    activity and version. is_active_evaluation marks the version in force at the activity
    (seed scoring_model_versions: events follow the model then in force), is_draft_evaluation the
    draft of var scoring_draft_model_version (the backtest).
-#}

with

timeline as (
    select * from {{ ref('int_lead_engagement_timeline') }}
),

leads as (
    select * from {{ ref('int_leads_enriched_by_model_version') }}
),

model_versions as (
    select * from {{ ref('int_scoring_model_versions') }}
),

scored as (
    select
        timeline.lead_id,
        timeline.model_version,
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
        leads.fit_score + timeline.engagement_score as lead_score,
        {{ lead_funnel.scoring_model_version_in_force_at('model_versions', 'timeline.occurred_at') }}
            as is_active_evaluation,
        model_versions.is_draft as is_draft_evaluation
    from timeline
    inner join leads
        on
            timeline.lead_id = leads.lead_id
            and timeline.model_version = leads.model_version
    inner join model_versions
        on timeline.model_version = model_versions.model_version
),

final as (
    -- the MQL criteria at each activity (macros in macros/scoring.sql): score path (gates and
    -- segment threshold, not for hand-raiser-only sources), hand-raiser fast track, never for a
    -- disqualified lead
    select
        scored.*,
        {{ lead_funnel.mql_meets_score_threshold() }} as meets_score_threshold,
        {{ lead_funnel.mql_meets_hand_raiser_fast_track() }} as meets_hand_raiser_fast_track,
        {{ lead_funnel.mql_qualifies_by_score() }} as qualifies_by_score,
        {{ lead_funnel.mql_qualifies_by_hand_raiser() }} as qualifies_by_hand_raiser,
        {{ lead_funnel.mql_meets_criteria() }} as is_qualifying,
        {{ lead_funnel.mql_trigger() }} as mql_trigger
    from scored
)

select * from final
