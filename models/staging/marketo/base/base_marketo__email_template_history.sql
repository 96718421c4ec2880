{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'email_template_history')) }}
{#- One row per Marketo `email_template_history` row: typed, with its outcome. -#}
{%- set source_relation = source('marketo', 'email_template_history') -%}
{%- set source_types = lead_funnel.column_types(source_relation) -%}

with

source as (
    select * from {{ source_relation }}
),

typed as (
    select
        {{ lead_funnel.connector_text(source_types, ['id']) }} as email_template_id,
        {{ lead_funnel.connector_text(source_types, ['name']) }} as email_template_name,
        {{ lead_funnel.connector_text(source_types, ['version']) }} as template_version,
        {{ lead_funnel.connector_timestamp(source_types, ['updated_at']) }} as updated_at
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key([
            'email_template_id', 'email_template_name', 'template_version', 'updated_at'
        ]) }} as raw_row_hash,
        case
            when typed.email_template_id is null then 'missing_email_template_id'
        end as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as outcome_note
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['email_template_id'], 'updated_at desc nulls last, template_version desc, raw_row_hash'
    ) }}
)

select * from outcomes  -- noqa: AM04
