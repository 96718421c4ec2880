{{ config(materialized='table') }}
{#-
    The accounts whose AQL rows an incremental run recomputes (one definition: the account
    timeline, fct_aql_events and dim_accounts replace the rows of exactly these accounts), within
    the lookback (var incremental_lookback_days before as_of): the accounts of the affected leads
    (int_leads_affected: contacts whose activities, attributes, MQL state or contact window moved,
    high-intent activities leaving the window included) and the accounts whose own inputs changed
    (int_aql_account_fingerprints: new, removed, changed attributes or customer status, a changed
    set of contacts, e.g. a contact re-pointed away). A table: each model reads it twice (its
    select and the pre-hook deleting the accounts' old rows).
-#}

with

leads_affected as (
    select lead_id from {{ ref('int_leads_affected') }}
),

contacts as (
    select
        lead_id,
        account_id
    from {{ ref('int_aql_account_contacts') }}
),

fingerprints as (
    select * from {{ ref('int_aql_account_fingerprints') }}
),

accounts_of_affected_leads as (
    select contacts.account_id
    from contacts
    inner join leads_affected
        on contacts.lead_id = leads_affected.lead_id
),

changed_accounts as (
    select account_id
    from fingerprints
    where changed_as_of >= {{ lead_funnel.incremental_lookback_start() }}
),

final as (
    select distinct account_id
    from (
        select account_id from accounts_of_affected_leads
        union all
        select account_id from changed_accounts
    ) as affected
)

select * from final
