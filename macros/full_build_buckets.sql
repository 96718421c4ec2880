{#-
    Bucketed full builds (docs/performance.md "Bucketed full builds"). A full build (first build
    or --full-refresh) of a lead-keyed activity-scale incremental model (int_lead_engagement_timeline,
    int_lead_score_changes, int_aql_contact_engaged_intervals; and ml_lead_predictions, every lead's
    features) windows and sorts every activity of every lead in one query: at 10^8+
    activities under a DuckDB memory_limit that spills tens of GB or fails. With run-time var
    full_build_lead_buckets = K > 1 it computes its rows in K passes instead, each for the leads of
    one bucket (a non-negative modulo of stable_integer_key(lead_id)): the model's SQL renders the
    pass of bucket 0 as an incremental run would render the affected leads (CTE affected_keys:
    the bucket's leads, macro full_build_lead_bucket_keys), and the post-hook
    full_build_insert_lead_buckets inserts the other K - 1 buckets into the new table with the same
    compiled SQL, the bucket number replaced. Incremental runs are unchanged (they recompute a few
    leads already). K = 1 (the default) renders exactly the single query of before.
-#}

{% macro full_build_lead_buckets() -%}
    {#-
        K, the number of lead buckets of a bucketed full build: run-time var full_build_lead_buckets
        (--vars, else $LEAD_FUNNEL_FULL_BUILD_LEAD_BUCKETS), default 1; while parsing 1. Fails on
        anything but a positive integer, and on Spark for K > 1 (not supported there: each pass
        would be a second write of a plain Parquet table; Spark is the parity engine at fixture scale).
    -#}
    {%- set value = lead_funnel.run_time_var('full_build_lead_buckets') | string | trim -%}
    {%- if not value.isdigit() or value | int < 1 -%}
        {{ exceptions.raise_compiler_error(
            "var full_build_lead_buckets must be a positive integer (1: one query), got '" ~ value ~ "'"
        ) }}
    {%- endif -%}
    {%- if value | int > 1 and target.type == 'spark' -%}
        {{ exceptions.raise_compiler_error(
            "var full_build_lead_buckets > 1 (bucketed full builds) is DuckDB-only: run Spark with 1"
        ) }}
    {%- endif -%}
    {{ return(value | int) }}
{%- endmacro %}


{% macro builds_lead_subset() -%}
    {#-
        True when a lead-keyed model computes the rows of the leads in its CTE affected_keys only:
        an incremental run (the affected leads), or a pass of a bucketed full build (one bucket's
        leads: a full build while full_build_lead_buckets > 1). Never while parsing. The var is
        checked on every run (an invalid value fails incremental runs too). Not in a unit test of
        the model: its given inputs are those of the single query (a bucket pass reads the
        incremental branch's refs, which the test does not give: `dbt build` with K > 1 failed on
        the timeline's unit tests).
    -#}
    {%- set buckets = lead_funnel.full_build_lead_buckets() -%}
    {%- set in_unit_test = model is defined and model.resource_type == 'unit_test' -%}
    {{ return(execute and (is_incremental() or (buckets > 1 and not in_unit_test))) }}
{%- endmacro %}


{% macro full_build_lead_bucket_marker() -%}
    {#- the comment before the bucket number in the compiled SQL (what the post-hook replaces) -#}
    {{ return('/* full_build_lead_bucket */') }}
{%- endmacro %}


{% macro full_build_lead_bucket_keys(cte_name, leads) -%}
    {#-
        On a bucketed full build (builds_lead_subset and not is_incremental), the CTE `cte_name`
        (followed by a comma) of the distinct lead_id of `leads` (a relation or CTE with lead_id)
        in bucket 0; nothing otherwise. The bucket number follows full_build_lead_bucket_marker in
        the compiled SQL: full_build_insert_lead_buckets runs it again for buckets 1 .. K - 1.
    -#}
    {%- if lead_funnel.builds_lead_subset() and not is_incremental() -%}
        {%- set buckets = lead_funnel.full_build_lead_buckets() %}
{{ cte_name }} as (
    -- one bucket of the leads of a bucketed full build (var full_build_lead_buckets)
    select distinct {{ leads }}.lead_id
    from {{ leads }}
    where
        (({{ lead_funnel.stable_integer_key(leads ~ '.lead_id') }} % {{ buckets }}) + {{ buckets }}) % {{ buckets }}
        = {{ lead_funnel.full_build_lead_bucket_marker() }} 0
),
    {%- endif -%}
{%- endmacro %}


{% macro full_build_insert_lead_buckets() -%}
    {#-
        Post-hook of a model whose SQL uses full_build_lead_bucket_keys: when the compiled SQL is
        bucket 0 of a bucketed full build (the marker is in it), insert buckets 1 .. K - 1 into
        {{ this }} with the same SQL, the bucket number replaced: one query per bucket, in the
        build's transaction (the table appears whole or not at all). Nothing otherwise.
    -#}
    {%- set marker = lead_funnel.full_build_lead_bucket_marker() ~ ' 0' -%}
    {%- if execute and marker in (model.compiled_code or '') -%}
        {%- set buckets = lead_funnel.full_build_lead_buckets() -%}
        {%- set column_list = adapter.get_columns_in_relation(this) | map(attribute='quoted') | join(', ') -%}
        {%- for bucket in range(1, buckets) -%}
            {%- do log(this.identifier ~ ': full build lead bucket ' ~ (bucket + 1) ~ ' of ' ~ buckets, info=true) -%}
            {%- set bucket_sql = model.compiled_code.replace(marker, lead_funnel.full_build_lead_bucket_marker() ~ ' ' ~ bucket) -%}
            {%- do run_query(
                'insert into ' ~ this ~ ' (' ~ column_list ~ ')\nselect ' ~ column_list ~ ' from (\n'
                ~ bucket_sql ~ '\n) as full_build_lead_bucket'
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
