{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'email_campaign')) }}
{#- One row per HubSpot `email_campaign` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'email_campaign') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['id']) }} as email_campaign_id,
        {{ lead_funnel.connector_text(source_types, ['name']) }} as email_campaign_name,
        {{ lead_funnel.connector_text(source_types, ['subject']) }} as subject
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'email_campaign_id', 'email_campaign_name', 'subject'
        ]) }} as raw_row_hash,
        case
            when typed.email_campaign_id is null then 'missing_email_campaign_id'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['email_campaign_id'], 'email_campaign_id, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
