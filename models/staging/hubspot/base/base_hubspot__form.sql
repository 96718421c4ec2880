{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'form')) }}
{#- One row per HubSpot `form` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'form') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['guid', 'id']) }} as form_id,
        {{ lead_funnel.connector_text(source_types, ['name']) }} as form_name,
        {{ lead_funnel.connector_timestamp(source_types, ['updated_at']) }} as updated_at,
        {{ lead_funnel.connector_any_flag(source_types, ['_fivetran_deleted']) }} as is_deleted
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'form_id', 'form_name', 'updated_at', 'is_deleted'
        ]) }} as raw_row_hash,
        case
            when typed.form_id is null then 'missing_form_id'
            when typed.is_deleted then 'deleted_in_source'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['form_id'], 'updated_at desc nulls last, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
