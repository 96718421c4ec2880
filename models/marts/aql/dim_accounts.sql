{#-
    One row per account with its AQL state at as_of. Incremental (delete+insert on account_id,
    macro incremental_by_affected_accounts): a run recomputes the accounts of
    int_aql_accounts_affected only.
-#}

with

{{ lead_funnel.incremental_by_affected_accounts() }}

accounts as (
    select * from {{ ref('int_aql_accounts_scored') }}
    {% if is_incremental() -%}
        where account_id in (select affected_accounts.account_id from affected_accounts)
    {%- endif %}
),

contacts as (
    select * from {{ ref('int_aql_account_contacts') }}
    {% if is_incremental() -%}
        where account_id in (select affected_accounts.account_id from affected_accounts)
    {%- endif %}
),

intervals as (
    select * from {{ ref('int_aql_contact_engaged_intervals') }}
    -- still engaged at as_of
    where engaged_until_at is null
    {% if is_incremental() -%}
        and account_id in (select affected_accounts.account_id from affected_accounts)
    {%- endif %}
),

activities as (
    select * from {{ ref('int_aql_contact_activities') }}
    {% if is_incremental() -%}
        where account_id in (select affected_accounts.account_id from affected_accounts)
    {%- endif %}
),

leads as (
    select * from {{ ref('dim_leads') }}
),

aql_events as (
    select * from {{ ref('fct_aql_events') }}
    {% if is_incremental() -%}
        where account_id in (select affected_accounts.account_id from affected_accounts)
    {%- endif %}
),

contact_summary as (
    select
        contacts.account_id,
        count(*) as contacts,
        sum(case when leads.meets_mql_criteria then 1 else 0 end) as mql_contacts,
        count(intervals.lead_id) as engaged_contacts,
        sum(intervals.engagement_score_at_as_of) as account_engagement_score,
        max(case when intervals.lead_id is not null and contacts.is_decision_maker then 1 else 0 end)
            as has_decision_maker,
        count(distinct case when intervals.lead_id is not null then contacts.committee_persona end)
            as personas_engaged,
        count(distinct case when intervals.lead_id is not null then contacts.committee_seniority end)
            as seniority_levels_engaged
    from contacts
    left join intervals
        on contacts.lead_id = intervals.lead_id
    left join leads
        on contacts.lead_id = leads.lead_id
    group by 1
),

intent_summary as (
    -- high-intent activities in the window ending at as_of (one exactly `window` days old counts)
    select
        account_id,
        count(*) as high_intent_activities
    from activities
    where
        is_high_intent
        and {{ lead_funnel.scoring_window_expires_at('occurred_at', 'recency_window_days') }}
        >= {{ lead_funnel.as_of() }}
    group by 1
),

event_summary as (
    select
        account_id,
        min(case when not is_expansion then aql_at end) as first_aql_at,
        max(case when not is_expansion then aql_at end) as latest_aql_at,
        sum(case when not is_expansion then 1 else 0 end) as aql_count,
        min(case when is_expansion then aql_at end) as first_expansion_aql_at,
        sum(case when is_expansion then 1 else 0 end) as expansion_aql_count
    from aql_events
    group by 1
),

summarised as (
    select
        accounts.*,
        coalesce(contact_summary.contacts, 0) as contacts,
        coalesce(contact_summary.engaged_contacts, 0) as engaged_contacts,
        coalesce(intent_summary.high_intent_activities, 0) as high_intent_activities,
        coalesce(contact_summary.account_engagement_score, 0) as account_engagement_score,
        coalesce(contact_summary.mql_contacts, 0) as mql_contacts,
        coalesce(contact_summary.has_decision_maker, 0) = 1 as has_decision_maker,
        coalesce(contact_summary.personas_engaged, 0) as personas_engaged,
        coalesce(contact_summary.seniority_levels_engaged, 0) as seniority_levels_engaged,
        event_summary.first_aql_at,
        event_summary.latest_aql_at,
        coalesce(event_summary.aql_count, 0) as aql_count,
        event_summary.first_expansion_aql_at,
        coalesce(event_summary.expansion_aql_count, 0) as expansion_aql_count
    from accounts
    left join contact_summary
        on accounts.account_id = contact_summary.account_id
    left join intent_summary
        on accounts.account_id = intent_summary.account_id
    left join event_summary
        on accounts.account_id = event_summary.account_id
),

evaluated as (
    select
        summarised.*,
        (
            summarised.meets_fit_gate
            and summarised.engaged_contacts >= {{ var('aql_min_engaged_contacts') }}
            and summarised.high_intent_activities >= {{ var('aql_min_high_intent_activities') }}
        ) as meets_aql_criteria
    from summarised
),

final as (
    select
        account_id,
        account_name,
        domain,
        industry,
        employee_count,
        segment,
        account_fit_score,
        cast(contacts as integer) as contact_count,
        cast(engaged_contacts as integer) as engaged_contact_count,
        cast(high_intent_activities as integer) as high_intent_activity_count,
        cast(account_engagement_score as integer) as account_engagement_score,
        cast(mql_contacts as integer) as mql_contact_count,
        has_decision_maker,
        cast(personas_engaged as integer) as engaged_persona_count,
        is_customer,
        meets_aql_criteria and not is_customer as is_aql,
        first_aql_at,
        country,
        recency_window_days,
        meets_fit_gate,
        cast(seniority_levels_engaged as integer) as engaged_seniority_level_count,
        meets_aql_criteria,
        meets_aql_criteria and is_customer as is_expansion_aql,
        customer_since_at,
        latest_aql_at,
        cast(aql_count as integer) as aql_count,
        first_expansion_aql_at,
        cast(expansion_aql_count as integer) as expansion_aql_count
    from evaluated
)

{{ lead_funnel.incremental_select('final', 'account_id', replaced_keys='affected_accounts') }}
