{% macro clean_text(column, max_length=none) -%}
    {#- Trimmed text, empty string as null; cut to max_length characters when given. -#}
    {%- if max_length is none -%}
        nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
    {%- else -%}
        substr(nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), ''), 1, {{ max_length }})
    {%- endif -%}
{%- endmacro %}


{% macro text_length(column) -%}
    {{ dbt.length("trim(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "))") }}
{%- endmacro %}


{% macro clean_enum(column) -%}
    {#- Enumerations are compared lowercased and trimmed ('  Paid_Search ' is paid_search). -#}
    lower(nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), ''))
{%- endmacro %}


{% macro column_types(relation) -%}
    {#- {lowercased column name: lowercased data type} of a relation (empty while parsing). -#}
    {%- set types = {} -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do types.update({column.name | lower: column.data_type | lower}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(types) }}
{%- endmacro %}


{% macro safe_timestamp(column, column_types={}) -%}
    {#-
        A UTC timestamp, null when it does not parse. Text values (CSV exports) may carry an
        offset (`2026-01-05T13:45:10+02:00`) and are converted to UTC; naive values are UTC.
        Typed timestamp columns (Parquet) take the cheap path.
    -#}
    {%- set data_type = column_types.get(column | lower, '') -%}
    {%- if 'char' in data_type or 'string' in data_type or 'text' in data_type -%}
        {{ adapter.dispatch('utc_timestamp_from_text', 'lead_funnel')(column) }}
    {%- else -%}
        {{ dbt.safe_cast(column, api.Column.translate_type('timestamp')) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__utc_timestamp_from_text(column) -%}
    {{ dbt.safe_cast(column, api.Column.translate_type('timestamp')) }}
{%- endmacro %}

{% macro duckdb__utc_timestamp_from_text(column) -%}
    {#- timestamptz parsing applies the offset; casting back gives UTC wall time (no ICU needed) -#}
    case
        when regexp_matches(
            {{ column }}, '[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?\s*([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$'
        )
            then try_cast(try_cast({{ column }} as timestamptz) as timestamp)
        else try_cast({{ column }} as timestamp)
    end
{%- endmacro %}


{% macro unparsed_text(raw_column, typed_expression) -%}
    {#- The raw value as text when it was present but did not parse (kept for the quarantine). -#}
    case
        when {{ typed_expression }} is null and {{ raw_column }} is not null
            then substr(cast({{ raw_column }} as {{ dbt.type_string() }}), 1, 200)
    end
{%- endmacro %}


{% macro raw_row_outcomes(relation, key_columns, order_by, skip_unique_keys=false) -%}
    {#-
        Every row of `relation` (which has raw_row_hash and rejection_reason) with its outcome:
        quarantined (rejection_reason set), staged (first valid row per key in `order_by` order)
        or duplicate (exact_duplicate: same content as the kept row; id_duplicate: same key,
        other content). raw_row_id is unique per raw row, even for exact duplicates, and breaks the
        remaining ties (exact duplicates), so every run and an incremental one decide alike.
        skip_unique_keys (single key column; activity-scale tables): rows whose key no other row
        has (nearly all) skip the window functions, the costly part: such a row is its key's first
        and kept row and its content's first occurrence (the key is part of the content, so a
        unique key means a unique raw_row_hash). Same result; the model's final `select *` needs
        `-- noqa: AM04` (sqlfluff cannot follow the wildcard through the union).
    -#}
    {%- set partition = 'rejection_reason, ' ~ key_columns | join(', ') -%}
    {%- set single_key = skip_unique_keys and key_columns | length == 1 -%}
    {%- set key = key_columns[0] -%}
    {%- set repeated_keys = 'select key_counts.' ~ key ~ ' from ' ~ relation ~ ' as key_counts where key_counts.'
        ~ key ~ ' is not null group by 1 having count(*) > 1' -%}
    select
        ranked.*,
        case
            when ranked.rejection_reason is not null then 'quarantined'
            when ranked.dedup_rank = 1 then 'staged'
            else 'duplicate'
        end as row_outcome,
        case
            when ranked.rejection_reason is not null or ranked.dedup_rank = 1 then null
            when ranked.raw_row_hash = ranked.kept_row_hash then 'exact_duplicate'
            else 'id_duplicate'
        end as duplicate_kind
    from (
        select
            numbered.*,
            row_number() over (partition by {{ partition }} order by {{ order_by }}, raw_row_id) as dedup_rank,
            first_value(raw_row_hash) over (
                partition by {{ partition }} order by {{ order_by }}, raw_row_id
                rows between unbounded preceding and unbounded following
            ) as kept_row_hash
        from (
            select
                repeated_rows.*,
                {{ dbt.concat([
                    'repeated_rows.raw_row_hash', "'-'",
                    'cast(row_number() over (partition by repeated_rows.raw_row_hash'
                    ~ ' order by repeated_rows.raw_row_hash) as ' ~ dbt.type_string() ~ ')'
                ]) }} as raw_row_id
            from {{ relation }} as repeated_rows
            {%- if single_key %}
            where repeated_rows.{{ key }} is null or repeated_rows.{{ key }} in ({{ repeated_keys }})
            {%- endif %}
        ) as numbered
        {%- if single_key %}
        union all
        select
            unique_rows.*,
            {{ dbt.concat(['unique_rows.raw_row_hash', "'-1'"]) }} as raw_row_id,
            1 as dedup_rank,
            unique_rows.raw_row_hash as kept_row_hash
        from {{ relation }} as unique_rows
        where unique_rows.{{ key }} is not null and unique_rows.{{ key }} not in ({{ repeated_keys }})
        {%- endif %}
    ) as ranked
{%- endmacro %}
