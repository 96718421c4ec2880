{#-
    A table, not a view (as intermediates are by default): its data tests and its one reader
    (fct_scoring_model_lead_changes, a table rebuilt on every run) each recomputed it from the
    score explanations of every lead (tier M: 67.4 s of data tests on the view, bench/results/M.md).
-#}
{{ config(materialized='table') }}
{#-
    One row per lead and scoring rule whose effect on that lead differs between the version in
    force at as_of and the draft (var scoring_draft_model_version), read from the score
    explanation of each version: fit rules the lead meets (int_lead_fit_components) with other
    points or under one version only, activity types the lead did with other points or cap
    (seed scoring_activity_points), and its segment's threshold and recency window
    (int_leads_enriched_by_model_version). No rows without a draft.
-#}

with

model_versions as (
    select * from {{ ref('int_scoring_model_versions') }}
),

fit_components as (
    select * from {{ ref('int_lead_fit_components') }}
),

leads as (
    select * from {{ ref('int_leads_enriched_by_model_version') }}
),

activity_points as (
    select * from {{ ref('scoring_activity_points') }}
),

active_version as (
    select model_version from model_versions
    where is_in_force_at_as_of
),

draft_version as (
    select model_version from model_versions
    where is_draft
),

active_version_points as (
    select activity_points.*
    from activity_points
    inner join active_version
        on activity_points.model_version = active_version.model_version
),

draft_version_points as (
    select activity_points.*
    from activity_points
    inner join draft_version
        on activity_points.model_version = draft_version.model_version
),

differing_activity_types as (
    -- the types whose points, cap or hand-raiser flag differ between the two versions (listed by
    -- either): only activities of these types can make an activity_points row below, so only
    -- they are de-duplicated per lead (not every lead's every type: issue #18)
    select coalesce(active_version_points.activity_type, draft_version_points.activity_type) as activity_type
    from active_version_points
    full outer join draft_version_points
        on active_version_points.activity_type = draft_version_points.activity_type
    where
        coalesce(active_version_points.points, 0) <> coalesce(draft_version_points.points, 0)
        or coalesce(active_version_points.cap_per_window, 0) <> coalesce(draft_version_points.cap_per_window, 0)
        or coalesce(active_version_points.is_hand_raiser, false)
        <> coalesce(draft_version_points.is_hand_raiser, false)
),

activities as (
    select distinct
        lead_id,
        activity_type
    from {{ ref('int_activities_scored') }}
    where
        occurred_at <= {{ lead_funnel.as_of() }}
        and activity_type in (select differing_activity_types.activity_type from differing_activity_types)
),

active_fit as (
    select fit_components.*
    from fit_components
    inner join active_version
        on fit_components.model_version = active_version.model_version
),

draft_fit as (
    select fit_components.*
    from fit_components
    inner join draft_version
        on fit_components.model_version = draft_version.model_version
),

fit_differences as (
    select
        coalesce(active_fit.lead_id, draft_fit.lead_id) as lead_id,
        'fit_rule' as rule_type,
        coalesce(active_fit.rule_id, draft_fit.rule_id) as rule_id,
        active_fit.points as active_points,
        draft_fit.points as draft_points
    from active_fit
    full outer join draft_fit
        on
            active_fit.lead_id = draft_fit.lead_id
            and active_fit.rule_id = draft_fit.rule_id
    where
        active_fit.lead_id is null
        or draft_fit.lead_id is null
        or active_fit.points <> draft_fit.points
        or coalesce(active_fit.disqualification_reason, '') <> coalesce(draft_fit.disqualification_reason, '')
),

activity_differences as (
    select
        activities.lead_id,
        'activity_points' as rule_type,
        activities.activity_type as rule_id,
        active_points.points as active_points,
        draft_points.points as draft_points
    from activities
    cross join active_version
    cross join draft_version
    left join activity_points as active_points
        on
            activities.activity_type = active_points.activity_type
            and active_version.model_version = active_points.model_version
    left join activity_points as draft_points
        on
            activities.activity_type = draft_points.activity_type
            and draft_version.model_version = draft_points.model_version
    where
        coalesce(active_points.points, 0) <> coalesce(draft_points.points, 0)
        or coalesce(active_points.cap_per_window, 0) <> coalesce(draft_points.cap_per_window, 0)
        or coalesce(active_points.is_hand_raiser, false) <> coalesce(draft_points.is_hand_raiser, false)
),

segment_pairs as (
    select
        active_leads.lead_id,
        active_leads.segment as active_segment,
        draft_leads.segment as draft_segment,
        active_leads.mql_score_threshold as active_threshold,
        draft_leads.mql_score_threshold as draft_threshold,
        active_leads.recency_window_days as active_window_days,
        draft_leads.recency_window_days as draft_window_days
    from leads as active_leads
    inner join active_version
        on active_leads.model_version = active_version.model_version
    inner join leads as draft_leads
        on active_leads.lead_id = draft_leads.lead_id
    inner join draft_version
        on draft_leads.model_version = draft_version.model_version
),

segment_differences as (
    select
        lead_id,
        'segment_threshold' as rule_type,
        draft_segment as rule_id,
        active_threshold as active_points,
        draft_threshold as draft_points
    from segment_pairs
    where active_threshold <> draft_threshold
    union all
    select
        lead_id,
        'recency_window_days' as rule_type,
        draft_segment as rule_id,
        active_window_days as active_points,
        draft_window_days as draft_points
    from segment_pairs
    where active_window_days <> draft_window_days
),

final as (
    select * from fit_differences
    union all
    select * from activity_differences
    union all
    select * from segment_differences
)

select * from final
