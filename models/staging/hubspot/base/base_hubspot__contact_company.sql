{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_company')) }}
{#- One row per HubSpot `contact_company` row: typed, with its outcome. -#}
{%- set source_relation = source('hubspot', 'contact_company') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['contact_id']) }} as contact_id,
        {{ lead_funnel.connector_text(source_types, ['company_id']) }} as company_id,
        {{ lead_funnel.connector_any_flag(source_types, ['is_primary']) }} as is_primary,
        {{ lead_funnel.connector_any_flag(source_types, ['_fivetran_deleted']) }} as is_deleted
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'contact_id', 'company_id', 'is_primary', 'is_deleted'
        ]) }} as raw_row_hash,
        case
            when typed.contact_id is null then 'missing_contact_id'
            when typed.company_id is null then 'missing_company_id'
            when typed.is_deleted then 'deleted_in_source'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['contact_id', 'company_id'], 'is_primary desc, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
