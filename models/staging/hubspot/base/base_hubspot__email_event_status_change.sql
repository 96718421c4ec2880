{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'email_event_status_change')) }}
{#- One row per HubSpot `email_event_status_change` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'email_event_status_change') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['id']) }} as email_event_id,
        {{ lead_funnel.connector_text(source_types, ['portal_subscription_status']) }} as subscription_status,
        {{ lead_funnel.connector_text(source_types, ['source']) }} as change_source
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'email_event_id', 'subscription_status', 'change_source'
        ]) }} as raw_row_hash,
        case
            when typed.email_event_id is null then 'missing_email_event_id'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['email_event_id'], 'email_event_id, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
