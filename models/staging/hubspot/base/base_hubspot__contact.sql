{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#- One row per HubSpot `contact` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'contact') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['id']) }} as contact_id,
        {{ lead_funnel.connector_text(source_types, ['property_email']) }} as email,
        {{ lead_funnel.connector_text(source_types, ['property_firstname']) }} as first_name,
        {{ lead_funnel.connector_text(source_types, ['property_lastname']) }} as last_name,
        {{ lead_funnel.connector_text(source_types, ['property_jobtitle']) }} as job_title,
        {{ lead_funnel.connector_text(source_types, ['property_company']) }} as company_name,
        {{ lead_funnel.connector_text(source_types, ['property_country']) }} as country,
        {{ lead_funnel.connector_text(source_types, ['property_hs_analytics_source']) }} as lead_source,
        {{ lead_funnel.connector_text(source_types, ['property_lifecyclestage']) }} as lifecycle_stage,
        {{ lead_funnel.connector_text(source_types, ['property_hs_lead_status']) }} as lead_status,
        {{ lead_funnel.connector_text(
            source_types, ['property_hs_merged_object_ids', 'property_hs_calculated_merged_vids']
        ) }} as merged_object_ids,
        {{ lead_funnel.connector_timestamp(
            source_types, ['property_createdate', 'property_created_at']
        ) }} as created_at,
        {{ lead_funnel.connector_timestamp(
            source_types, ['property_lastmodifieddate', '_fivetran_synced']
        ) }} as updated_at,
        {{ lead_funnel.connector_any_flag(source_types, ['_fivetran_deleted']) }} as is_deleted
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'contact_id', 'email', 'first_name', 'last_name', 'job_title', 'company_name', 'country',
            'lead_source', 'lifecycle_stage', 'lead_status', 'merged_object_ids', 'created_at', 'updated_at',
            'is_deleted'
        ]) }} as raw_row_hash,
        case
            when typed.contact_id is null then 'missing_contact_id'
            when typed.is_deleted then 'deleted_in_source'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['contact_id'], 'updated_at desc nulls last, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
