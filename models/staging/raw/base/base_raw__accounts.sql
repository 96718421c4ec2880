{%- set raw_types = lead_funnel.raw_input_types('accounts') -%}
{%- set max_text = var('max_text_length') -%}
{%- set employees = lead_funnel.parse_number('employee_count', raw_types, allow_suffix=true) -%}
{%- set employees_problem = lead_funnel.number_problem(
    'employee_count', employees, var('max_plausible_employee_count')
) -%}
{%- set revenue = lead_funnel.parse_number('annual_revenue_usd', raw_types, allow_suffix=true) -%}
{%- set revenue_problem = lead_funnel.number_problem(
    'annual_revenue_usd', revenue, var('max_plausible_revenue_usd')
) -%}

with

source as (
    select * from {{ lead_funnel.raw_input('accounts') }}
),

typed as (
    select
        {{ lead_funnel.row_key([
            'account_id', 'account_name', 'domain', 'industry', 'employee_count',
            'annual_revenue_usd', 'country', 'created_at', 'is_deleted'
        ]) }} as raw_row_hash,
        {{ lead_funnel.clean_text('account_id') }} as account_id,
        {{ lead_funnel.clean_text('account_name', max_text) }} as account_name,
        -- acme.com, not https://www.Acme.com/
        nullif(
            {{ lead_funnel.regex_replace(
                'lower(' ~ lead_funnel.clean_text('domain') ~ ')', '^(https?://)?(www\\.)?|/.*$', ''
            ) }},
            ''
        ) as domain,
        {{ lead_funnel.clean_enum('industry') }} as industry,
        -- a count with a fraction (12.5) is not a headcount: flagged like text that does not parse
        case
            when {{ employees }} = floor({{ employees }})
                then cast({{ lead_funnel.usable_number(employees, employees_problem) }} as {{ dbt.type_int() }})
        end as employee_count,
        {{ lead_funnel.usable_number(revenue, revenue_problem) }} as annual_revenue_usd,
        upper({{ lead_funnel.clean_text('country') }}) as country,
        {{ lead_funnel.safe_timestamp('created_at', raw_types) }} as created_at,
        coalesce({{ lead_funnel.safe_cast_or_null('is_deleted', dbt.type_boolean()) }}, false) as is_deleted,
        {{ lead_funnel.unparsed_text('created_at', lead_funnel.safe_timestamp('created_at', raw_types)) }}
            as raw_created_at,
        case
            when {{ employees_problem }} is not null or {{ employees }} <> floor({{ employees }})
                then substr(cast(employee_count as {{ dbt.type_string() }}), 1, 200)
        end as raw_employee_count,
        case
            when {{ employees }} <> floor({{ employees }}) then 'invalid'
            else {{ employees_problem }}
        end as employee_count_problem,
        case
            when {{ revenue_problem }} is not null
                then substr(cast(annual_revenue_usd as {{ dbt.type_string() }}), 1, 200)
        end as raw_annual_revenue_usd,
        {{ revenue_problem }} as annual_revenue_usd_problem
    from source
),

validated as (
    select
        typed.*,
        case
            when typed.account_id is null then 'missing_account_id'
            when typed.is_deleted then 'deleted_in_source'
            when typed.employee_count < 0 then 'negative_employee_count'
        end as rejection_reason
    from typed
),

outcomes as (
    -- among valid rows, the most recently created row wins for an account_id
    {{ lead_funnel.raw_row_outcomes('validated', ['account_id'], 'created_at desc nulls last, raw_row_hash') }}
),

final as (
    select * from outcomes
)

select * from final
