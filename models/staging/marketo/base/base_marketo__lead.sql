{{ config(enabled=lead_funnel.source_enabled('marketo')) }}
{#- One row per Marketo `lead` row: typed, with its outcome. -#}
{%- set source_relation = source('marketo', 'lead') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['id']) }} as lead_id,
        {{ lead_funnel.connector_text(source_types, ['email']) }} as email,
        {{ lead_funnel.connector_text(source_types, ['first_name']) }} as first_name,
        {{ lead_funnel.connector_text(source_types, ['last_name']) }} as last_name,
        {{ lead_funnel.connector_text(source_types, ['title']) }} as job_title,
        {{ lead_funnel.connector_text(source_types, ['company']) }} as company_name,
        {{ lead_funnel.connector_text(source_types, ['country']) }} as country,
        {{ lead_funnel.connector_text(source_types, ['lead_source']) }} as lead_source,
        {{ lead_funnel.connector_text(source_types, ['sfdc_lead_id']) }} as sfdc_lead_id,
        {{ lead_funnel.connector_text(source_types, ['sfdc_contact_id']) }} as sfdc_contact_id,
        {{ lead_funnel.connector_text(source_types, ['sfdc_account_id']) }} as sfdc_account_id,
        {{ lead_funnel.connector_timestamp(source_types, ['created_at']) }} as created_at,
        {{ lead_funnel.connector_timestamp(source_types, ['updated_at']) }} as updated_at,
        {{ lead_funnel.connector_any_flag(source_types, ['_fivetran_deleted']) }} as is_deleted
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'lead_id', 'email', 'first_name', 'last_name', 'job_title', 'company_name', 'country',
            'lead_source', 'sfdc_lead_id', 'sfdc_contact_id', 'sfdc_account_id', 'created_at', 'updated_at',
            'is_deleted'
        ]) }} as raw_row_hash,
        case
            when typed.lead_id is null then 'missing_lead_id'
            when typed.is_deleted then 'deleted_in_source'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['lead_id'], 'updated_at desc nulls last, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
