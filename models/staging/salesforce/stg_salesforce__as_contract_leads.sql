{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- The contract's leads table from Salesforce (one row per person; keys prefixed salesforce:). -#}

with

persons as (
    select * from {{ ref('stg_salesforce__persons') }}
),

final as (
    select
        person_key as lead_id,
        email,
        first_name,
        last_name,
        job_title,
        company_name,
        account_id,
        lead_source,
        country,
        created_at,
        updated_at,
        false as is_deleted,
        'salesforce' as source_system,
        crm_lead_id,
        crm_contact_id
    from persons
)

select * from final
