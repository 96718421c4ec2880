{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_visit_webpage')) }}
{#- One row per Marketo `activity_visit_webpage` row: typed, with its outcome. -#}
{%- set source_relation = source('marketo', 'activity_visit_webpage') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['id']) }} as activity_id,
        {{ lead_funnel.connector_text(source_types, ['lead_id']) }} as lead_id,
        {{ lead_funnel.connector_timestamp(source_types, ['activity_date']) }} as occurred_at,
        {{ lead_funnel.connector_text(source_types, ['campaign_id']) }} as campaign_id,
        {{ lead_funnel.connector_text(source_types, ['primary_attribute_value']) }} as primary_attribute_value,
        {{ lead_funnel.connector_text(
            source_types, ['webpage_url', 'primary_attribute_value']
        ) }} as webpage_url
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'activity_id', 'lead_id', 'occurred_at', 'campaign_id', 'primary_attribute_value', 'webpage_url'
        ]) }} as raw_row_hash,
        case
            when typed.activity_id is null then 'missing_activity_id'
            when typed.occurred_at is null then 'invalid_occurred_at'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['activity_id'], 'occurred_at desc nulls last, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
