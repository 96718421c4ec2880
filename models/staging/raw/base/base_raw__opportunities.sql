{%- set raw_types = lead_funnel.raw_input_types('opportunities') -%}
{%- set amount = lead_funnel.parse_number('amount_usd', raw_types) -%}
{%- set amount_problem = lead_funnel.number_problem('amount_usd', amount, var('max_plausible_amount_usd')) -%}
{%- set created_at = lead_funnel.safe_timestamp('created_at', raw_types) -%}
{%- set closed_at = lead_funnel.safe_timestamp('closed_at', raw_types) -%}
{#- is_deleted is optional in opportunities exports: an absent column means no row is deleted -#}
{%- set has_is_deleted = 'is_deleted' in raw_types -%}
{%- set is_deleted = 'coalesce(' ~ lead_funnel.safe_cast_or_null('is_deleted', dbt.type_boolean()) ~ ', false)'
    if has_is_deleted else 'false' -%}
{#- a closed_at without a time of day (a date export, or a DATE column) -#}
{%- if lead_funnel.is_text_type(raw_types.get('closed_at', 'varchar')) -%}
    {%- set closed_on_date_only = lead_funnel.regex_matches(
        'trim(cast(closed_at as ' ~ dbt.type_string() ~ '))', '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
    ) -%}
{%- else -%}
    {%- set closed_on_date_only = 'true' if raw_types.get('closed_at', '') == 'date' else 'false' -%}
{%- endif -%}

with

source as (
    select * from {{ lead_funnel.raw_input('opportunities') }}
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
        ] + (['is_deleted'] if has_is_deleted else [])) }} as raw_row_hash,
        {{ lead_funnel.clean_text('opportunity_id') }} as opportunity_id,
        {{ lead_funnel.clean_text('account_id') }} as account_id,
        {{ lead_funnel.clean_text('lead_id') }} as lead_id,
        {{ created_at }} as created_at,
        {{ lead_funnel.canonical_enum('stage', 'opportunity_stage') }} as stage,
        {{ lead_funnel.clean_text('stage', 200) }} as raw_stage,
        {{ lead_funnel.usable_number(amount, amount_problem) }} as amount_usd,
        -- a date-only closed_at on the day of created_at closed that day, not before it was created
        case
            when
                coalesce({{ closed_on_date_only }}, false)
                and cast({{ closed_at }} as date) = cast({{ created_at }} as date)
                and {{ closed_at }} < {{ created_at }}
                then {{ created_at }}
            else {{ closed_at }}
        end as closed_at,
        {{ is_deleted }} as is_deleted,
        {{ lead_funnel.safe_cast_or_null('is_closed', dbt.type_boolean()) }} as raw_is_closed,
        {{ lead_funnel.safe_cast_or_null('is_won', dbt.type_boolean()) }} as raw_is_won,
        {{ lead_funnel.unparsed_text('created_at', created_at) }} as raw_created_at,
        {{ lead_funnel.unparsed_text('closed_at', closed_at) }} as raw_closed_at,
        case
            when {{ amount_problem }} is not null
                then substr(cast(amount_usd as {{ dbt.type_string() }}), 1, 200)
        end as raw_amount_usd,
        {{ amount_problem }} as amount_problem,
        {{ lead_funnel.timestamp_problem('created_at', created_at) }} as created_at_problem,
        {{ lead_funnel.timestamp_problem('closed_at', closed_at) }} as closed_at_problem
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
            when typed.is_deleted then 'deleted_in_source'
            when typed.created_at_problem = 'unsupported_time_zone' then 'unsupported_time_zone'
            when typed.created_at is null then 'invalid_created_at'
            when typed.created_at_problem = 'implausible' then 'implausible_created_at'
            when typed.amount_problem is not null
                then {{ dbt.concat(['typed.amount_problem', "'_amount'"]) }}
            when typed.amount_usd < 0 then 'negative_amount'
            when typed.closed_at_problem = 'unsupported_time_zone' then 'unsupported_time_zone'
            when typed.closed_at_problem is not null then {{ dbt.concat(['typed.closed_at_problem', "'_closed_at'"]) }}
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
