{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#- One row per HubSpot `company` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'company') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['id']) }} as company_id,
        {{ lead_funnel.connector_text(source_types, ['property_name']) }} as company_name,
        {{ lead_funnel.connector_text(source_types, ['property_domain', 'property_website']) }} as domain,
        {{ lead_funnel.connector_text(source_types, ['property_industry']) }} as industry,
        {{ lead_funnel.connector_text(source_types, ['property_numberofemployees']) }} as employee_count,
        {{ lead_funnel.connector_text(source_types, ['property_annualrevenue']) }} as annual_revenue,
        {{ lead_funnel.connector_text(source_types, ['property_country']) }} as country,
        {{ lead_funnel.connector_timestamp(source_types, ['property_createdate']) }} as created_at,
        {{ lead_funnel.connector_timestamp(
            source_types, ['property_hs_lastmodifieddate', '_fivetran_synced']
        ) }} as updated_at,
        {{ lead_funnel.connector_any_flag(source_types, ['is_deleted', '_fivetran_deleted']) }} as is_deleted
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'company_id', 'company_name', 'domain', 'industry', 'employee_count', 'annual_revenue', 'country',
            'created_at', 'updated_at', 'is_deleted'
        ]) }} as raw_row_hash,
        case
            when typed.company_id is null then 'missing_company_id'
            when typed.is_deleted then 'deleted_in_source'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['company_id'], 'updated_at desc nulls last, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
