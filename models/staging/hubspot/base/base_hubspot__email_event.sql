{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'email_event')) }}
{#- One row per HubSpot `email_event` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'email_event') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

event_types as (
    -- per event type: whether any mapping makes it an activity (STATUSCHANGE: only to unsubscribed)
    select
        upper(event_type) as mapped_event_type,
        max(case when activity_type is not null then 1 else 0 end) as is_engagement
    from {{ ref('hubspot_email_event_type_map') }}
    group by 1
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['id']) }} as email_event_id,
        {{ lead_funnel.connector_text(source_types, ['type']) }} as event_type,
        {{ lead_funnel.connector_text(source_types, ['recipient']) }} as recipient,
        {{ lead_funnel.connector_text(source_types, ['email_campaign_id']) }} as email_campaign_id,
        {{ lead_funnel.connector_timestamp(source_types, ['created']) }} as occurred_at,
        {{ lead_funnel.connector_any_flag(source_types, ['filtered_event']) }} as is_filtered,
        {{ lead_funnel.connector_any_flag(source_types, ['_fivetran_deleted']) }} as is_deleted
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'email_event_id', 'event_type', 'recipient', 'email_campaign_id', 'occurred_at', 'is_filtered',
            'is_deleted'
        ]) }} as raw_row_hash,
        case
            when typed.email_event_id is null then 'missing_email_event_id'
            when typed.occurred_at is null then 'invalid_occurred_at'
            when typed.is_deleted then 'deleted_in_source'
        end as rejection_reason,
        case
            when typed.is_filtered then 'filtered_event'
            when event_types.mapped_event_type is null then 'unmapped_event_type'
            when event_types.is_engagement = 0 then 'not_engagement'
        end as outcome_note
    from typed
    left join event_types
        on upper(typed.event_type) = event_types.mapped_event_type
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['email_event_id'], 'occurred_at desc nulls last, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
