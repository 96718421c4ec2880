{#- Connector helpers of the HubSpot and Marketo connectors (issue #14): candidate columns, keys, merges, outcomes. -#}

{% macro column_or_null(column_types, names) -%}
    {#-
        The first of `names` present in a relation's columns (column_types, case-insensitive), or
        `null`: a connector column that a sync may not carry (Marketo's `sfdc_contact_id`,
        HubSpot's `property_jobtitle`). The result is a column name for safe_timestamp /
        parse_number / clean_text, so the relation's type of that column is still found.
    -#}
    {%- for name in names -%}
        {%- if name | lower in column_types -%}
            {{ return(name | lower) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return('null') }}
{%- endmacro %}


{% macro connector_flag(column) -%}
    {#- A connector boolean (`true`/`TRUE`/`1`/`t`), false when missing or anything else. -#}
    coalesce(lower(trim(cast({{ column }} as {{ dbt.type_string() }}))) in ('true', '1', 't', 'yes'), false)
{%- endmacro %}


{% macro connector_person_key(source_name, id_column) -%}
    {#- THE person/account/object key of a connector row: `<source>:<id>` (null without an id). -#}
    case
        when {{ id_column }} is not null
            then {{ dbt.concat(["'" ~ source_name ~ ":'", id_column]) }}
    end
{%- endmacro %}


{% macro connector_outcome_rows(base_relation, row_outcome) -%}
    {#- The rows of a connector base model with one outcome (stg_: staged; _quarantine: quarantined). -#}
    select * from {{ base_relation }}
    where row_outcome = '{{ row_outcome }}'
{%- endmacro %}


{% macro connector_outcome_counts(source_name, tables) -%}
    {#-
        Counts per connector table, outcome and reason (the shape of stg_raw__row_outcomes) over
        the base models base_<source_name>__<table> of the enabled `tables`.
    -#}
    {%- set enabled_tables = [] -%}
    {%- for table in tables if lead_funnel.connector_table_enabled(source_name, table) -%}
        {%- do enabled_tables.append(table) -%}
    {%- endfor -%}
    {%- for table in enabled_tables %}
        select
            '{{ source_name }}.{{ table }}' as raw_table,
            row_outcome,
            coalesce(rejection_reason, duplicate_kind, outcome_note, 'staged') as outcome_reason,
            count(*) as row_count
        from {{ ref('base_' ~ source_name ~ '__' ~ table) }}
        group by 1, 2, 3
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}


{% macro connector_text(column_types, names) -%}
    {#- The first present of `names` as trimmed text (null when absent or empty), cut to var max_text_length. -#}
    {{ lead_funnel.clean_text(lead_funnel.column_or_null(column_types, names), var('max_text_length')) }}
{%- endmacro %}


{% macro connector_timestamp(column_types, names) -%}
    {#- The first present of `names` as a UTC timestamp (safe_timestamp), null when absent or unparseable. -#}
    {{ lead_funnel.safe_timestamp(lead_funnel.column_or_null(column_types, names), column_types) }}
{%- endmacro %}


{% macro connector_any_flag(column_types, names) -%}
    {#- True when any present column of `names` is a true flag (soft deletes: `is_deleted` or `_fivetran_deleted`). -#}
    (
        {%- for name in names %}
            {{ lead_funnel.connector_flag(lead_funnel.column_or_null(column_types, [name])) }}
            {%- if not loop.last %} or{% endif %}
        {%- endfor %}
    )
{%- endmacro %}


{% macro split_to_rows(column, delimiter) -%}
    {#-
        A set-returning select expression: one row per `delimiter`-separated part of `column`
        (merged ids lists: HubSpot `1;2;3`, Marketo `[1,2]` after the brackets are removed).
    -#}
    {{ return(adapter.dispatch('split_to_rows', 'lead_funnel')(column, delimiter)) }}
{%- endmacro %}

{% macro default__split_to_rows(column, delimiter) -%}
    unnest(string_split({{ column }}, '{{ delimiter }}'))
{%- endmacro %}

{% macro spark__split_to_rows(column, delimiter) -%}
    explode(split({{ column }}, '{{ delimiter }}'))
{%- endmacro %}


{% macro resolve_merge_chains(edges, max_depth=10) -%}
    {#-
        From a relation `edges` (merged_id, surviving_id) of merges, one row per merged_id with
        its final survivor: chained merges (A into B, then B into C) resolve to C, up to
        max_depth hops (cycles stop there). Used for HubSpot contact merges and Marketo lead merges.
    -#}
    select
        hop_0.merged_id,
        {%- for hop in range(1, max_depth + 1) %}
        {%- if loop.first %}
        coalesce(
        {%- endif %}
            hop_{{ max_depth - hop + 1 }}.surviving_id,
        {%- endfor %}
            hop_0.surviving_id
        ) as surviving_id
    from {{ edges }} as hop_0
    {%- for hop in range(1, max_depth + 1) %}
    left join {{ edges }} as hop_{{ hop }}
        on hop_{{ hop - 1 }}.surviving_id = hop_{{ hop }}.merged_id
        and hop_{{ hop }}.merged_id <> hop_0.merged_id
    {%- endfor %}
{%- endmacro %}


{% macro empty_contract_relation(table, anchor=none) -%}
    {#-
        An empty relation with the raw contract's columns of `table` (README "Raw-data contract"),
        typed: what a connector outputs for a table it cannot supply (HubSpot and Marketo spend,
        Marketo accounts and opportunities). `anchor`: the connector relation it stands beside
        (its lineage: the connector's person table), read for no row.
    -#}
    {%- set ts = api.Column.translate_type('timestamp') -%}
    {%- set text = dbt.type_string() -%}
    {%- set columns = {
        'accounts': [('account_id', text), ('account_name', text), ('domain', text), ('industry', text),
            ('employee_count', dbt.type_int()), ('annual_revenue_usd', dbt.type_float()), ('country', text),
            ('created_at', ts), ('is_deleted', dbt.type_boolean())],
        'opportunities': [('opportunity_id', text), ('account_id', text), ('lead_id', text), ('created_at', ts),
            ('stage', text), ('amount_usd', dbt.type_float()), ('closed_at', ts), ('is_closed', dbt.type_boolean()),
            ('is_won', dbt.type_boolean()), ('is_deleted', dbt.type_boolean())],
        'campaign_spend': [('spend_date', 'date'), ('lead_source', text), ('campaign_id', text),
            ('amount_usd', dbt.type_float())],
    }[table] -%}
    select
        {%- for name, data_type in columns %}
        cast(null as {{ data_type }}) as {{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    {%- if anchor is not none %}
    from {{ anchor }}
    {%- endif %}
    where 1 = 0
{%- endmacro %}
