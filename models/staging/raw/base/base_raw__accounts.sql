{%- set raw_types = lead_funnel.column_types(source('raw', 'accounts')) -%}
{%- set max_text = var('max_text_length') -%}

with

source as (
    select * from {{ source('raw', 'accounts') }}
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
        {{ dbt.safe_cast('employee_count', dbt.type_int()) }} as employee_count,
        {{ dbt.safe_cast('annual_revenue_usd', dbt.type_float()) }} as annual_revenue_usd,
        upper({{ lead_funnel.clean_text('country') }}) as country,
        {{ lead_funnel.safe_timestamp('created_at', raw_types) }} as created_at,
        coalesce({{ dbt.safe_cast('is_deleted', dbt.type_boolean()) }}, false) as is_deleted,
        {{ lead_funnel.unparsed_text('created_at', lead_funnel.safe_timestamp('created_at', raw_types)) }}
            as raw_created_at,
        {{ lead_funnel.unparsed_text('employee_count', dbt.safe_cast('employee_count', dbt.type_int())) }}
            as raw_employee_count
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
