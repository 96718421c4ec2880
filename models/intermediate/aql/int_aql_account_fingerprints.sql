{{
    config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key='account_id',
        on_schema_change='fail',
        pre_hook="{{ lead_funnel.incremental_copy_loaded() }}",
        post_hook="{{ lead_funnel.incremental_drop_loaded_copy() }}"
    )
}}
{#-
    What each account's AQL rows are computed from beyond its contacts' own inputs, as
    fingerprints, and the as_of of the run that last saw it change (changed_as_of), as
    int_lead_input_fingerprints does for leads. A full build writes every account with
    changed_as_of null; an incremental run writes only the accounts whose fingerprint moved: new
    and removed accounts, changed attributes (every column of int_aql_accounts_scored but the
    account_key row number: firmographics, segment and window in force, fit, customer since as of
    as_of) and a changed set of contacts (a contact re-pointed away, added or excluded).
    int_aql_accounts_affected reads it. The comparison with the loaded rows and the stamping:
    macro fingerprint_changes.
-#}

{%- set account_columns = [] -%}
{%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(ref('int_aql_accounts_scored')) -%}
        {%- if column.name | lower != 'account_key' -%}
            {%- do account_columns.append('accounts.' ~ column.name) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}

with

accounts as (
    select * from {{ ref('int_aql_accounts_scored') }}
),

contacts as (
    select
        account_id,
        lead_id
    from {{ ref('int_aql_account_contacts') }}
),

contact_sets as (
    select
        account_id,
        count(*) as contact_count,
        {{ dbt.hash(lead_funnel.sorted_listagg('lead_id', "'|'")) }} as contacts_fingerprint
    from contacts
    group by 1
),

fingerprints as (
    select
        accounts.account_id,
        {{ lead_funnel.row_key(account_columns or ['accounts.account_id']) }} as account_fingerprint,
        cast(coalesce(contact_sets.contact_count, 0) as bigint) as contact_count,
        coalesce(contact_sets.contacts_fingerprint, '') as contacts_fingerprint
    from accounts
    left join contact_sets
        on accounts.account_id = contact_sets.account_id
),

{{ lead_funnel.fingerprint_changes(
    'fingerprints', 'account_id', ['account_fingerprint', 'contact_count', 'contacts_fingerprint']
) }}

{{ lead_funnel.incremental_select('final', 'account_id') }}
