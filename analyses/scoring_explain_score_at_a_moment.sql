-- Why did a lead have its score at a moment? The score from fct_lead_score_daily, explained rule
-- by rule like fct_lead_score_components, for any time (e.g. when sales called). Set the lead and
-- the moment below; the fit rows and the engagement rows add up to the history's lead_score
-- (engagement: per activity type capped per window, then the total cap).
{% set lead_id = 'L0001' %}
{% set moment = "timestamp '2026-01-10 12:00:00'" %}

with

history as (
    select * from {{ ref('fct_lead_score_daily') }}
    where
        lead_id = '{{ lead_id }}'
        and (changed_at < {{ moment }} or (changed_at = {{ moment }} and change_order <= 0))
    order by changed_at desc, change_order desc
    limit 1
),

leads as (
    select * from {{ ref('int_leads_enriched_by_model_version') }}
),

fit_rows as (
    select
        'fit' as component_type,
        fit_components.rule_id as component,
        fit_components.points
    from {{ ref('int_lead_fit_components') }} as fit_components
    inner join history
        on
            fit_components.lead_id = history.lead_id
            and fit_components.model_version = history.scoring_model_version
),

engagement_by_type as (
    select
        activities.activity_type as component,
        {{ lead_funnel.scoring_capped('sum(activities.points)', 'max(activities.cap_per_window)') }} as points
    from {{ ref('int_activities_scored_by_model_version') }} as activities
    inner join history
        on
            activities.lead_id = history.lead_id
            and activities.model_version = history.scoring_model_version
    inner join leads
        on
            activities.lead_id = leads.lead_id
            and activities.model_version = leads.model_version
    where {{ lead_funnel.scoring_in_engagement_window('activities.occurred_at', moment, 'leads.recency_window_days') }}
    group by activities.activity_type
)

select * from fit_rows
union all
select
    'engagement' as component_type,
    component,
    points
from engagement_by_type
union all
select
    'engagement' as component_type,
    'engagement_total_cap' as component,
    {{ lead_funnel.scoring_engagement_total_capped('sum(points)') }} - sum(points) as points
from engagement_by_type
having sum(points) > {{ var('scoring_engagement_cap') }}
