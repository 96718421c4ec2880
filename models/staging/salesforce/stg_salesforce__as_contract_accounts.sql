{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- The contract's accounts table from Salesforce accounts (keys prefixed salesforce:). -#}

with

accounts as (
    select * from {{ ref('stg_salesforce__account') }}
),

final as (
    select
        {{ dbt.concat(["'salesforce:'", 'id']) }} as account_id,
        name as account_name,
        website as domain,
        industry,
        number_of_employees as employee_count,
        annual_revenue as annual_revenue_usd,
        coalesce(billing_country_code, billing_country) as country,
        created_date as created_at,
        false as is_deleted
    from accounts
)

select * from final
