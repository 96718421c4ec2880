{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_property_history')) }}
{#- One row per HubSpot `contact_property_history` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'contact_property_history') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['contact_id']) }} as contact_id,
        {{ lead_funnel.connector_text(source_types, ['name']) }} as property_name,
        {{ lead_funnel.connector_text(source_types, ['value']) }} as property_value,
        {{ lead_funnel.connector_text(source_types, ['source']) }} as change_source,
        {{ lead_funnel.connector_timestamp(source_types, ['timestamp']) }} as changed_at
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'contact_id', 'property_name', 'property_value', 'change_source', 'changed_at'
        ]) }} as raw_row_hash,
        case
            when typed.contact_id is null then 'missing_contact_id'
            when typed.property_name is null then 'missing_property_name'
            when typed.changed_at is null then 'missing_changed_at'
            when typed.property_value is null then 'missing_property_value'
            when typed.changed_at is null then 'invalid_changed_at'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['contact_id', 'property_name', 'changed_at', 'property_value'], 'changed_at, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
