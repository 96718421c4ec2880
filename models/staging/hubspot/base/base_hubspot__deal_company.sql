{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal_company')) }}
{#- One row per HubSpot `deal_company` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'deal_company') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['deal_id']) }} as deal_id,
        {{ lead_funnel.connector_text(source_types, ['company_id']) }} as company_id
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'deal_id', 'company_id'
        ]) }} as raw_row_hash,
        case
            when typed.deal_id is null then 'missing_deal_id'
            when typed.company_id is null then 'missing_company_id'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['deal_id', 'company_id'], 'deal_id, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
