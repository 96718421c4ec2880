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

timed as (
    -- the engagement's own time, else its detail table's (engagement_call / _email / _meeting), else its creation
    select
        typed.engagement_id,
        typed.engagement_type,
        coalesce(typed.own_at, detail_times.occurred_at, typed.created_at) as occurred_at,
        typed.is_deleted
    from typed
    left join detail_times
        on typed.engagement_id = detail_times.engagement_id
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
