{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'merged_deal')) }}
{#- One row per HubSpot `merged_deal` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'merged_deal') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['deal_id']) }} as deal_id,
        {{ lead_funnel.connector_text(source_types, ['merged_deal_id']) }} as merged_deal_id
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'deal_id', 'merged_deal_id'
        ]) }} as raw_row_hash,
        case
            when typed.deal_id is null then 'missing_deal_id'
            when typed.merged_deal_id is null then 'missing_merged_deal_id'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['deal_id', 'merged_deal_id'], 'deal_id, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
