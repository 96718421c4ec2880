{%- set raw_types = lead_funnel.raw_input_types('campaign_spend') -%}
{%- set spend_at = lead_funnel.safe_timestamp('spend_date', raw_types) -%}
{%- set amount = lead_funnel.parse_number('amount_usd', raw_types) -%}
{%- set amount_problem = lead_funnel.number_problem('amount_usd', amount, var('max_plausible_amount_usd')) -%}

with

source as (
    select * from {{ lead_funnel.raw_input('campaign_spend') }}
),

known_lead_sources as (
    select enum_value from {{ ref('enum_values') }}
    where enum_name = 'lead_source'
),

typed as (
    select
        {{ lead_funnel.row_key(['spend_date', 'lead_source', 'campaign_id', 'amount_usd']) }}
            as raw_row_hash,
        {{ spend_at }} as spend_at,
        {{ lead_funnel.canonical_enum('lead_source', 'lead_source') }} as lead_source,
        {{ lead_funnel.clean_text('lead_source', 200) }} as raw_lead_source,
        {{ lead_funnel.clean_text('campaign_id') }} as campaign_id,
        {{ lead_funnel.usable_number(amount, amount_problem) }} as amount_usd,
        {{ lead_funnel.unparsed_text('spend_date', spend_at) }} as raw_spend_date,
        case
            when {{ amount_problem }} is not null
                then substr(cast(amount_usd as {{ dbt.type_string() }}), 1, 200)
        end as raw_amount_usd,
        {{ lead_funnel.timestamp_problem('spend_date', spend_at) }} as spend_date_problem,
        {{ amount_problem }} as amount_problem
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
            when typed.spend_date_problem = 'unsupported_time_zone' then 'unsupported_time_zone'
            when typed.spend_at is null then 'invalid_spend_date'
            when typed.spend_date_problem = 'implausible' then 'implausible_spend_date'
            when typed.lead_source is null then 'missing_lead_source'
            when typed.amount_problem in ('nan', 'infinite', 'implausible')
                then {{ dbt.concat(['typed.amount_problem', "'_amount'"]) }}
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
