{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal')) }}
{#- One row per HubSpot `deal` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'deal') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['deal_id', 'id']) }} as deal_id,
        {{ lead_funnel.connector_text(source_types, ['property_dealname']) }} as deal_name,
        {{ lead_funnel.connector_text(
            source_types, ['deal_pipeline_stage_id', 'property_dealstage']
        ) }} as pipeline_stage_id,
        {{ lead_funnel.connector_text(source_types, ['property_amount']) }} as amount,
        {{ lead_funnel.connector_timestamp(source_types, ['property_createdate']) }} as created_at,
        {{ lead_funnel.connector_timestamp(source_types, ['property_closedate']) }} as close_date,
        {{ lead_funnel.connector_any_flag(source_types, ['is_deleted', '_fivetran_deleted']) }} as is_deleted
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'deal_id', 'deal_name', 'pipeline_stage_id', 'amount', 'created_at', 'close_date', 'is_deleted'
        ]) }} as raw_row_hash,
        case
            when typed.deal_id is null then 'missing_deal_id'
            when typed.is_deleted then 'deleted_in_source'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['deal_id'], 'created_at desc nulls last, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
