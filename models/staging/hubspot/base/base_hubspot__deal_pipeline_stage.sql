{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal_pipeline_stage')) }}
{#- One row per HubSpot `deal_pipeline_stage` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'deal_pipeline_stage') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['stage_id']) }} as stage_id,
        {{ lead_funnel.connector_text(source_types, ['label']) }} as stage_label,
        {{ lead_funnel.connector_text(source_types, ['pipeline_id']) }} as pipeline_id,
        {{ lead_funnel.connector_any_flag(source_types, ['is_closed']) }} as is_closed,
        {{ lead_funnel.connector_any_flag(source_types, ['closed_won']) }} as is_won,
        {{ lead_funnel.connector_any_flag(source_types, ['_fivetran_deleted']) }} as is_deleted
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'stage_id', 'stage_label', 'pipeline_id', 'is_closed', 'is_won', 'is_deleted'
        ]) }} as raw_row_hash,
        case
            when typed.stage_id is null then 'missing_stage_id'
            when typed.is_deleted then 'deleted_in_source'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['stage_id'], 'stage_id, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
