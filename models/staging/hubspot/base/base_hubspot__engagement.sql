{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'engagement')) }}
{#- One row per HubSpot `engagement` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'engagement') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

detail_times as (
    select * from {{ ref('base_hubspot__engagement_detail_times') }}
),

engagement_types as (
    select
        upper(engagement_type) as mapped_engagement_type,
        activity_type as mapped_activity_type
    from {{ ref('hubspot_engagement_activity_map') }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['id']) }} as engagement_id,
        {{ lead_funnel.connector_text(source_types, ['type']) }} as engagement_type,
        -- the engagement's own time, else its detail table's (engagement_call / _email / _meeting)
        coalesce({{ lead_funnel.connector_timestamp(
            source_types, ['property_hs_timestamp', 'timestamp']
        ) }}, detail_times.occurred_at, {{ lead_funnel.connector_timestamp(
            source_types, ['property_hs_createdate', 'created_at']
        ) }}) as occurred_at,
        {{ lead_funnel.connector_any_flag(source_types, ['_fivetran_deleted']) }} as is_deleted
    from source
    left join detail_times
        on {{ lead_funnel.connector_text(source_types, ['id']) }} = detail_times.engagement_id
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'engagement_id', 'engagement_type', 'occurred_at', 'is_deleted'
        ]) }} as raw_row_hash,
        case
            when typed.engagement_id is null then 'missing_engagement_id'
            when typed.occurred_at is null then 'invalid_occurred_at'
            when typed.is_deleted then 'deleted_in_source'
        end as rejection_reason,
        case
            when engagement_types.mapped_engagement_type is null then 'unmapped_engagement_type'
            when engagement_types.mapped_activity_type is null then 'not_a_sales_touch'
        end as outcome_note
    from typed
    left join engagement_types
        on upper(typed.engagement_type) = engagement_types.mapped_engagement_type
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['engagement_id'], 'occurred_at desc nulls last, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
