{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- The contract's opportunities table from Salesforce (stg_salesforce__opportunities). -#}

with

opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

final as (
    select
        opportunity_id,
        account_id,
        lead_id,
        created_at,
        stage,
        amount_usd,
        closed_at,
        is_closed,
        is_won,
        false as is_deleted
    from opportunities
)

select * from final
