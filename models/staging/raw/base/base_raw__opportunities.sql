{%- set raw_types = lead_funnel.column_types(source('raw', 'opportunities')) -%}

with

source as (
    select * from {{ source('raw', 'opportunities') }}
),

known_stages as (
    select enum_value from {{ ref('enum_values') }}
    where enum_name = 'opportunity_stage'
),

typed as (
    select
        {{ lead_funnel.row_key([
            'opportunity_id', 'account_id', 'lead_id', 'created_at', 'stage', 'amount_usd',
            'closed_at', 'is_closed', 'is_won'
        ]) }} as raw_row_hash,
        {{ lead_funnel.clean_text('opportunity_id') }} as opportunity_id,
        {{ lead_funnel.clean_text('account_id') }} as account_id,
        {{ lead_funnel.clean_text('lead_id') }} as lead_id,
        {{ lead_funnel.safe_timestamp('created_at', raw_types) }} as created_at,
        {{ lead_funnel.clean_enum('stage') }} as stage,
        {{ dbt.safe_cast('amount_usd', dbt.type_float()) }} as amount_usd,
        {{ lead_funnel.safe_timestamp('closed_at', raw_types) }} as closed_at,
        {{ dbt.safe_cast('is_closed', dbt.type_boolean()) }} as raw_is_closed,
        {{ dbt.safe_cast('is_won', dbt.type_boolean()) }} as raw_is_won,
        {{ lead_funnel.unparsed_text('created_at', lead_funnel.safe_timestamp('created_at', raw_types)) }}
            as raw_created_at,
        {{ lead_funnel.unparsed_text('closed_at', lead_funnel.safe_timestamp('closed_at', raw_types)) }}
            as raw_closed_at,
        {{ lead_funnel.unparsed_text('amount_usd', dbt.safe_cast('amount_usd', dbt.type_float())) }}
            as raw_amount_usd
    from source
),

validated as (
    select
        typed.*,
        known_stages.enum_value is not null as is_known_stage,
        -- the stage is the more specific signal when the flags are missing
        coalesce(typed.raw_is_won, typed.stage = 'closed_won', false) as is_won,
        coalesce(typed.raw_is_closed, typed.stage in ('closed_won', 'closed_lost'), false)
        or coalesce(typed.raw_is_won, false) as is_closed,
        case
            when typed.opportunity_id is null then 'missing_opportunity_id'
            when typed.account_id is null then 'missing_account_id'
            when typed.created_at is null then 'invalid_created_at'
            when typed.amount_usd < 0 then 'negative_amount'
            when
                typed.closed_at is null
                and coalesce(typed.raw_is_won, typed.stage = 'closed_won', false)
                then 'won_without_closed_at'
            when typed.closed_at < typed.created_at then 'closed_before_created'
        end as rejection_reason
    from typed
    left join known_stages
        on typed.stage = known_stages.enum_value
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['opportunity_id'], 'closed_at desc nulls last, created_at desc, raw_row_hash'
    ) }}
),

final as (
    select * from outcomes
)

select * from final
