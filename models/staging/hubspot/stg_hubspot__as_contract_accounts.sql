{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#- One row per staged HubSpot company in the raw contract's `accounts` shape (key hubspot:<company id>;
    country: ISO-2 by seed country_codes). -#}

with

companies as (
    select * from {{ ref('stg_hubspot__company') }}
),

country_codes as (
    select * from {{ ref('country_codes') }}
),

final as (
    select
        {{ lead_funnel.connector_person_key('hubspot', 'companies.company_id') }} as account_id,
        companies.company_name as account_name,
        companies.domain,
        companies.industry,
        cast({{ lead_funnel.parse_number('companies.employee_count', {}, allow_suffix=true) }} as {{ dbt.type_int() }})
            as employee_count,
        {{ lead_funnel.parse_number('companies.annual_revenue') }} as annual_revenue_usd,
        -- HubSpot holds a name (`United States`): its ISO-2 code by seed country_codes, else as entered
        coalesce(country_codes.country_code, companies.country) as country,
        companies.created_at,
        companies.is_deleted
    from companies
    left join country_codes
        on lower(trim(companies.country)) = country_codes.country_name
)

select * from final
