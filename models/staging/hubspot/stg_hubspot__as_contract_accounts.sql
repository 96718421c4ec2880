{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#- One row per staged HubSpot company in the raw contract's `accounts` shape (key hubspot:<company id>). -#}

with

companies as (
    select * from {{ ref('stg_hubspot__company') }}
),

final as (
    select
        {{ lead_funnel.connector_person_key('hubspot', 'company_id') }} as account_id,
        company_name as account_name,
        domain,
        industry,
        cast({{ lead_funnel.parse_number('employee_count', {}, allow_suffix=true) }} as {{ dbt.type_int() }})
            as employee_count,
        {{ lead_funnel.parse_number('annual_revenue') }} as annual_revenue_usd,
        country,
        created_at,
        is_deleted
    from companies
)

select * from final
