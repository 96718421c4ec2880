{#- Engine-specific SQL lives here, behind adapter.dispatch, so models run unchanged elsewhere. -#}

{% macro duckdb__safe_cast(field, type) -%}
    {#- dbt's default compiles to a plain cast on DuckDB (raises on bad input); try_cast returns null. -#}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro safe_cast_or_null(field, type) -%}
    {#-
        THE safe cast of the package: null when the value does not convert. dbt.safe_cast reaches
        duckdb__safe_cast above only when lead_funnel is the root project (dbt dispatches its own
        namespace to the root project's overrides, not to an installed package's), so the package's
        models call this, dispatched in lead_funnel's namespace, and work alike when installed.
    -#}
    {{ return(adapter.dispatch('safe_cast_or_null', 'lead_funnel')(field, type)) }}
{%- endmacro %}

{% macro default__safe_cast_or_null(field, type) -%}
    {{ return(dbt.safe_cast(field, type)) }}
{%- endmacro %}

{% macro duckdb__safe_cast_or_null(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}


{% macro regex_matches(value, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'lead_funnel')(value, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(value, pattern) -%}
    regexp_like({{ value }}, '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__regex_matches(value, pattern) -%}
    regexp_matches({{ value }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__regex_matches(value, pattern) -%}
    {#- Spark string literals treat a backslash as an escape: double it so `\.` reaches the (Java) regex -#}
    ({{ value }} rlike '{{ pattern | replace("\\", "\\\\") }}')
{%- endmacro %}

{% macro bigquery__regex_matches(value, pattern) -%}
    regexp_contains({{ value }}, r'{{ pattern }}')
{%- endmacro %}


{% macro regex_replace(value, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace', 'lead_funnel')(value, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace(value, pattern, replacement) -%}
    regexp_replace({{ value }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro %}

{% macro duckdb__regex_replace(value, pattern, replacement) -%}
    regexp_replace({{ value }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{% macro spark__regex_replace(value, pattern, replacement) -%}
    {#- replaces every match; backslashes doubled as in spark__regex_matches -#}
    regexp_replace(
        {{ value }}, '{{ pattern | replace("\\", "\\\\") }}', '{{ replacement | replace("\\", "\\\\") }}'
    )
{%- endmacro %}


{% macro sha256_hex(value) -%}
    {{ return(adapter.dispatch('sha256_hex', 'lead_funnel')(value)) }}
{%- endmacro %}

{% macro default__sha256_hex(value) -%}
    sha2({{ value }}, 256)
{%- endmacro %}

{% macro duckdb__sha256_hex(value) -%}
    sha256({{ value }})
{%- endmacro %}

{% macro bigquery__sha256_hex(value) -%}
    to_hex(sha256({{ value }}))
{%- endmacro %}


{% macro row_key(columns) -%}
    {#- A deterministic md5 key over several columns (nulls and separators made explicit). -#}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '~null~')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.hash(lead_funnel.concat_non_null(parts)) }}
{%- endmacro %}


{% macro concat_non_null(parts) -%}
    {#-
        dbt.concat of expressions none of which is null (row_key coalesces each). DuckDB: one
        concat() call (dbt-duckdb's `||` chain copies the growing string at every step: half the
        CPU of row_key over 3M rows goes there). Same text either way.
    -#}
    {{ return(adapter.dispatch('concat_non_null', 'lead_funnel')(parts)) }}
{%- endmacro %}

{% macro default__concat_non_null(parts) -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}

{% macro duckdb__concat_non_null(parts) -%}
    concat({{ parts | join(', ') }})
{%- endmacro %}


{% macro sorted_string_agg(measure, delimiter_text) -%}
    {#-
        Aggregate: the values of `measure` (text) in ascending order, joined by `delimiter_text` (a
        SQL string literal). dbt.listagg ignores the order on Spark, so Spark sorts the collected list.
    -#}
    {{ return(adapter.dispatch('sorted_string_agg', 'lead_funnel')(measure, delimiter_text)) }}
{%- endmacro %}

{% macro default__sorted_string_agg(measure, delimiter_text) -%}
    {{ dbt.listagg(measure, delimiter_text, 'order by ' ~ measure) }}
{%- endmacro %}

{% macro spark__sorted_string_agg(measure, delimiter_text) -%}
    array_join(array_sort(collect_list({{ measure }})), {{ delimiter_text }})
{%- endmacro %}


{% macro content_hash(columns) -%}
    {#-
        An integer hash of several columns, from 0 to 1,000,000,006, to sum over a set of rows: a
        fingerprint of their content that counts and summed times miss (an activity re-sent with
        the same id and time but another type: int_lead_input_fingerprints). Engine-native and
        cheap (no md5 per row); a sum over up to 9 billion rows fits a bigint.
    -#}
    {{ return(adapter.dispatch('content_hash', 'lead_funnel')(columns)) }}
{%- endmacro %}

{% macro default__content_hash(columns) -%}
    {#- DuckDB's hash(...) (ubigint); Snowflake's hash(...) too -#}
    (hash({{ columns | join(', ') }}) % 1000000007)
{%- endmacro %}

{% macro spark__content_hash(columns) -%}
    pmod(xxhash64({{ columns | join(', ') }}), 1000000007)
{%- endmacro %}


{% macro stable_integer_key(column) -%}
    {#-
        A 63-bit integer key derived from one column's value alone (the same value gets the same
        key in every run, whatever else is in the table), for the windows of activity-scale models
        to partition and sort on (cheaper than text). Engine-native hash: two values can share a
        key, so the model that defines it tests its uniqueness. DuckDB hash() is a 64-bit ubigint:
        shifted right by one to fit a bigint; Spark's xxhash64 is a bigint.
    -#}
    {{ return(adapter.dispatch('stable_integer_key', 'lead_funnel')(column)) }}
{%- endmacro %}

{% macro default__stable_integer_key(column) -%}
    cast(hash({{ column }}) >> 1 as bigint)
{%- endmacro %}

{% macro spark__stable_integer_key(column) -%}
    xxhash64({{ column }})
{%- endmacro %}
