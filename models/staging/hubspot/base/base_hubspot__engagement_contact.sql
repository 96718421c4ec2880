{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'engagement_contact')) }}
{#- One row per HubSpot `engagement_contact` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'engagement_contact') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['engagement_id']) }} as engagement_id,
        {{ lead_funnel.connector_text(source_types, ['contact_id']) }} as contact_id
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'engagement_id', 'contact_id'
        ]) }} as raw_row_hash,
        case
            when typed.engagement_id is null then 'missing_engagement_id'
            when typed.contact_id is null then 'missing_contact_id'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['engagement_id', 'contact_id'], 'engagement_id, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
