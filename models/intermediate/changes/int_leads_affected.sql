{{ config(materialized='table') }}
{#-
    The leads whose per-lead and per-contact models an incremental run recomputes (one
    definition: every such model replaces the rows of exactly these leads). Affected within the
    lookback (var incremental_lookback_days before as_of, so a model that missed a run catches up):
    leads whose inputs changed (int_leads_changed: stamped by int_lead_input_fingerprints, or
    every lead when engagement decays or a scoring-model version takes force) and leads whose
    window state moves with as_of (an activity leaving the lead's recency window, found in the
    activities the timeline stores under the version in force, or its AQL contact window).
    A table: each incremental model reads it twice (its select and the pre-hook deleting the
    leads' old rows).
-#}

with

changed_leads as (
    select lead_id from {{ ref('int_leads_changed') }}
),

leads as (
    select
        lead_id,
        model_version,
        recency_window_days
    from {{ ref('int_leads_enriched') }}
),

activities as (
    -- the activities up to as_of as stored by the timeline (a table: no re-staging, no re-scoring)
    select
        lead_id,
        model_version,
        occurred_at
    from {{ ref('int_lead_engagement_timeline') }}
    where occurred_at <= {{ lead_funnel.as_of() }}
),

contact_activities as (
    select
        lead_id,
        {{ lead_funnel.scoring_window_expires_at('occurred_at', 'recency_window_days') }} as expires_at
    from {{ ref('int_aql_contact_activities') }}
),

leaving_lead_window as (
    select activities.lead_id
    from activities
    inner join leads
        on
            activities.lead_id = leads.lead_id
            and activities.model_version = leads.model_version
    where
        {{ lead_funnel.scoring_window_expires_at('activities.occurred_at', 'leads.recency_window_days') }}
        >= {{ lead_funnel.incremental_lookback_start() }}
        and {{ lead_funnel.scoring_window_expires_at('activities.occurred_at', 'leads.recency_window_days') }}
        <= {{ lead_funnel.as_of() }}
),

leaving_contact_window as (
    select lead_id
    from contact_activities
    where
        expires_at >= {{ lead_funnel.incremental_lookback_start() }}
        and expires_at <= {{ lead_funnel.as_of() }}
),

final as (
    select distinct lead_id
    from (
        select lead_id from changed_leads
        union all
        select lead_id from leaving_lead_window
        union all
        select lead_id from leaving_contact_window
    ) as affected
)

select * from final
