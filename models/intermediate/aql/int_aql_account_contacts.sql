{{ config(materialized='table') }}
{#-
    A table, not a view (issue #18): the lead and account fingerprints, the contact activities,
    the engaged intervals, the affected accounts, fct_aql_events and dim_accounts each read it;
    as a view every one of them re-ran the join of every lead to its account.
-#}

with

leads as (
    select * from {{ ref('int_leads_enriched') }}
),

accounts as (
    select * from {{ ref('int_aql_accounts_scored') }}
),

final as (
    -- the lead-to-account match of the scoring layer (CRM account_id, else email domain);
    -- leads of an excluded email type (free mail) never count, even when CRM-assigned
    select
        leads.lead_id,
        -- an integer key: the activity-scale windows partition and sort on it (cheaper than text);
        -- from lead_id alone, so a new lead moves no other key (incremental readers store it)
        {{ lead_funnel.stable_integer_key('leads.lead_id') }} as contact_key,
        leads.account_id,
        leads.account_match_method,
        leads.email_type,
        leads.seniority,
        leads.persona,
        leads.is_disqualified,
        accounts.recency_window_days,
        leads.seniority in {{ lead_funnel.scoring_sql_list(var('aql_decision_maker_seniorities')) }}
            as is_decision_maker,
        case
            when leads.seniority not in {{ lead_funnel.scoring_sql_list(var('aql_committee_ignored_values')) }}
                then leads.seniority
        end as committee_seniority,
        case
            when leads.persona not in {{ lead_funnel.scoring_sql_list(var('aql_committee_ignored_values')) }}
                then leads.persona
        end as committee_persona
    from leads
    inner join accounts
        on leads.account_id = accounts.account_id
    where coalesce(leads.email_type, '') not in {{ lead_funnel.scoring_sql_list(var('aql_excluded_email_types')) }}
)

select * from final
