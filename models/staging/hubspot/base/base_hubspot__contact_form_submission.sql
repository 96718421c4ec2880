{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_form_submission')) }}
{#- One row per HubSpot `contact_form_submission` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'contact_form_submission') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['conversion_id']) }} as conversion_id,
        {{ lead_funnel.connector_text(source_types, ['contact_id']) }} as contact_id,
        {{ lead_funnel.connector_text(source_types, ['form_id']) }} as form_id,
        {{ lead_funnel.connector_text(source_types, ['page_url']) }} as page_url,
        {{ lead_funnel.connector_text(source_types, ['title']) }} as page_title,
        {{ lead_funnel.connector_timestamp(source_types, ['timestamp']) }} as submitted_at
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'conversion_id', 'contact_id', 'form_id', 'page_url', 'page_title', 'submitted_at'
        ]) }} as raw_row_hash,
        case
            when typed.conversion_id is null then 'missing_conversion_id'
            when typed.submitted_at is null then 'invalid_submitted_at'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['conversion_id'], 'submitted_at desc nulls last, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
