{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_merge_audit')) }}
{#- One row per HubSpot `contact_merge_audit` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'contact_merge_audit') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(
            source_types, ['canonical_vid', 'contact_id']
        ) }} as canonical_contact_id,
        {{ lead_funnel.connector_text(source_types, ['vid_to_merge']) }} as merged_contact_id,
        {{ lead_funnel.connector_timestamp(source_types, ['timestamp']) }} as merged_at
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'canonical_contact_id', 'merged_contact_id', 'merged_at'
        ]) }} as raw_row_hash,
        case
            when typed.canonical_contact_id is null then 'missing_canonical_contact_id'
            when typed.merged_contact_id is null then 'missing_merged_contact_id'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['canonical_contact_id', 'merged_contact_id'], 'merged_at desc nulls last, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
