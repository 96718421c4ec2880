{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- The contract's lead_status_history table from Salesforce (stg_salesforce__lead_statuses). -#}

with

statuses as (
    select * from {{ ref('stg_salesforce__lead_statuses') }}
),

final as (
    select
        lead_id,
        status,
        changed_at,
        cast(null as {{ dbt.type_string() }}) as reason,
        owner_id
    from statuses
)

select * from final
