{#-
    Staging of one connector table (models/staging/<src>/base/base_<src>__<table>.sql): every row
    with its outcome, as base_raw__* do for the contract. Shared by every connector.
-#}

{% macro connector_soft_delete_columns() -%}
    {#- THE soft-delete markers of the EL tools: Salesforce's own flag, Fivetran's deleted / history-mode flags -#}
    {{ return(['is_deleted', '_fivetran_deleted', '_fivetran_active']) }}
{%- endmacro %}


{% macro connector_typed(name, kind, types) -%}
    {#- one connector column typed safely by kind: text, timestamp, date, boolean, number -#}
    {%- if kind == 'timestamp' -%}
        {{ lead_funnel.safe_timestamp(name, types) }}
    {%- elif kind == 'date' -%}
        cast({{ lead_funnel.safe_timestamp(name, types) }} as date)
    {%- elif kind == 'boolean' -%}
        {{ lead_funnel.safe_cast_or_null(lead_funnel.clean_text(name), dbt.type_boolean()) }}
    {%- elif kind == 'number' -%}
        {{ lead_funnel.parse_number(name, types) }}
    {%- else -%}
        {{ lead_funnel.clean_text(name, var('max_text_length')) }}
    {%- endif -%}
{%- endmacro %}


{% macro connector_base(relation, columns, order_by='last_modified_date desc nulls last', merges=false) -%}
    {#-
        The base model of one connector table. `columns`: [(snake_name, kind)] read through
        connector_columns (Fivetran snake_case or API names, case-insensitively; missing columns
        are null), the key first (`id`). Outcome of each row (raw_row_outcomes): quarantined as
        missing_id, merged_into_master (merges=true: master_record_id names another record; the
        identity models resolve the id to the master), deleted_in_source (is_deleted,
        _fivetran_deleted, or _fivetran_active = false), else staged (the first row per id in
        `order_by` order) or duplicate.
    -#}
    {%- set names = [] -%}
    {%- for name, kind in columns -%}{%- do names.append(name) -%}{%- endfor -%}
    {%- set markers = lead_funnel.connector_soft_delete_columns()
        + (['master_record_id'] if merges and 'master_record_id' not in names else []) -%}
    {%- set picked = lead_funnel.connector_columns(relation, names + markers) -%}
    {%- set types = lead_funnel.connector_types(picked) %}

with

source as (
    select * from {{ relation }}
),

renamed as (
    select {{ lead_funnel.connector_select(picked) }}
    from source
),

typed as (
    select
        {{ lead_funnel.row_key(names + markers) }} as raw_row_hash,
        {%- for name, kind in columns %}
        {{ lead_funnel.connector_typed(name, kind, types) }} as {{ name }},
        {%- endfor %}
        {%- if merges and 'master_record_id' not in names %}
        {{ lead_funnel.clean_text('master_record_id') }} as master_record_id,
        {%- endif %}
        coalesce({{ lead_funnel.connector_typed('is_deleted', 'boolean', types) }}, false)
        or coalesce({{ lead_funnel.connector_typed('_fivetran_deleted', 'boolean', types) }}, false)
        or not coalesce({{ lead_funnel.connector_typed('_fivetran_active', 'boolean', types) }}, true)
            as is_deleted_in_source
    from renamed
),

validated as (
    select
        typed.*,
        case
            when typed.id is null then 'missing_id'
            {%- if merges %}
            when typed.master_record_id is not null and typed.master_record_id <> typed.id
                then 'merged_into_master'
            {%- endif %}
            when typed.is_deleted_in_source then 'deleted_in_source'
        end as rejection_reason
    from typed
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes('validated', ['id'], order_by ~ ', raw_row_hash') }}
),

final as (
    select * from outcomes
)

select * from final
{%- endmacro %}


{% macro connector_rows(base_relation, columns, outcome) -%}
    {#-
        The staged (outcome='staged') or quarantined rows of a connector base model with the given
        columns (quarantine: raw_row_id and rejection_reason first).
    -#}
with

outcomes as (
    select * from {{ base_relation }}
),

final as (
    select
        {%- if outcome == 'quarantined' %}
        raw_row_id,
        rejection_reason,
        {%- endif %}
        {%- for name in columns %}
        {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from outcomes
    where row_outcome = '{{ outcome }}'
)

select * from final
{%- endmacro %}


{% macro connector_row_outcomes(connector, base_models) -%}
    {#-
        Per-connector row outcomes, the columns of stg_raw__row_outcomes (raw_table is
        `<connector>.<table>`): one row per table, outcome and reason with its row count.
    -#}
with

outcomes as (
    {%- for table, relation in base_models %}
        select
            '{{ connector }}.{{ table }}' as raw_table,
            row_outcome,
            coalesce(rejection_reason, duplicate_kind, 'staged') as outcome_reason,
            count(*) as row_count
        from {{ relation }}
        group by 1, 2, 3
        {%- if not loop.last %}
        union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        {{ lead_funnel.row_key(['raw_table', 'row_outcome', 'outcome_reason']) }} as row_outcome_id,
        raw_table,
        row_outcome,
        outcome_reason,
        row_count
    from outcomes
)

select * from final
{%- endmacro %}
