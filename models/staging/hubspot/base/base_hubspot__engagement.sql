{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'engagement')) }}
{#- One row per HubSpot `engagement` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'engagement') -%}
{%- set found = lead_funnel.connector_found_columns(source_relation) -%}

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
        {{ lead_funnel.connector_column(found, 'text', ['id']) }} as engagement_id,
        {{ lead_funnel.connector_column(found, 'text', ['type']) }} as engagement_type,
        {{ lead_funnel.connector_column(found, 'timestamp', ['property_hs_timestamp', 'timestamp']) }} as own_at,
        {{ lead_funnel.connector_column(found, 'timestamp', ['property_hs_createdate', 'created_at']) }} as created_at,
        {{ lead_funnel.connector_column(found, 'flag', ['_fivetran_deleted']) }} as is_deleted
    from source
),

repaired as (
    -- an epoch in seconds some loader read as milliseconds (1970-01-19 ...) is that instant
    select
        engagement_id,
        engagement_type,
        {{ lead_funnel.repair_misread_epoch('own_at') }} as own_at,
        {{ lead_funnel.repair_misread_epoch('created_at') }} as created_at,
        is_deleted
    from typed
),

timed as (
    -- the engagement's own (plausible) time, else its detail table's (engagement_call / _email /
    -- _meeting), else its creation
    select
        repaired.engagement_id,
        repaired.engagement_type,
        coalesce(
            case when not {{ lead_funnel.is_implausible_timestamp('repaired.own_at') }} then repaired.own_at end,
            detail_times.occurred_at,
            repaired.created_at
        ) as occurred_at,
        repaired.is_deleted
    from repaired
    left join detail_times
        on repaired.engagement_id = detail_times.engagement_id
),

validated as (
    select
        timed.*,
        {{ lead_funnel.row_key([
            'engagement_id', 'engagement_type', 'occurred_at', 'is_deleted'
        ]) }} as raw_row_hash,
        case
            when timed.engagement_id is null then 'missing_engagement_id'
            when timed.occurred_at is null then 'invalid_occurred_at'
            when {{ lead_funnel.is_implausible_timestamp('timed.occurred_at') }} then 'implausible_occurred_at'
            when timed.is_deleted then 'deleted_in_source'
        end as rejection_reason,
        case
            when engagement_types.mapped_engagement_type is null then 'unmapped_engagement_type'
            when engagement_types.mapped_activity_type is null then 'not_a_sales_touch'
        end as outcome_note
    from timed
    left join engagement_types
        on upper(timed.engagement_type) = engagement_types.mapped_engagement_type
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['engagement_id'], 'occurred_at desc nulls last, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
