{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- The contract's campaign_spend table from Salesforce campaigns (stg_salesforce__campaign_spend). -#}

with

spend as (
    select * from {{ ref('stg_salesforce__campaign_spend') }}
),

final as (
    select
        spend_date,
        lead_source,
        campaign_id,
        amount_usd
    from spend
)

select * from final
