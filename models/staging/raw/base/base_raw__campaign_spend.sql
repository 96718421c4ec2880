with

source as (
    select * from {{ source('raw', 'campaign_spend') }}
),

known_lead_sources as (
    select enum_value from {{ ref('enum_values') }}
    where enum_name = 'lead_source'
),

typed as (
    select
        {{ lead_funnel.row_key(['spend_date', 'lead_source', 'campaign_id', 'amount_usd']) }}
            as raw_row_hash,
        {{ dbt.safe_cast('spend_date', dbt.type_timestamp()) }} as spend_at,
        {{ lead_funnel.clean_enum('lead_source') }} as lead_source,
        {{ lead_funnel.clean_text('campaign_id') }} as campaign_id,
        {{ dbt.safe_cast('amount_usd', dbt.type_float()) }} as amount_usd,
        {{ lead_funnel.unparsed_text('spend_date', dbt.safe_cast('spend_date', dbt.type_timestamp())) }}
            as raw_spend_date,
        {{ lead_funnel.unparsed_text('amount_usd', dbt.safe_cast('amount_usd', dbt.type_float())) }}
            as raw_amount_usd
    from source
),

validated as (
    select
        typed.*,
        cast(typed.spend_at as date) as spend_date,
        {{ lead_funnel.row_key(['cast(typed.spend_at as date)', 'typed.lead_source', 'typed.campaign_id']) }}
            as spend_id,
        known_lead_sources.enum_value is not null as is_known_lead_source,
        case
            when typed.spend_at is null then 'invalid_spend_date'
            when typed.lead_source is null then 'missing_lead_source'
            when typed.amount_usd is null then 'invalid_amount'
            when typed.amount_usd < 0 then 'negative_amount'
        end as rejection_reason
    from typed
    left join known_lead_sources
        on typed.lead_source = known_lead_sources.enum_value
),

outcomes as (
    -- one spend row per day, source and campaign
    {{ lead_funnel.raw_row_outcomes('validated', ['spend_id'], 'raw_row_hash') }}
),

final as (
    select * from outcomes
)

select * from final
