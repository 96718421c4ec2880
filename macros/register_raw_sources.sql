{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'lead_funnel')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
    {#- Warehouses: the raw tables already exist in the `raw` schema (loaded by your EL tool). -#}
    select 1
{%- endmacro %}

{% macro duckdb__register_raw_sources() -%}
    {#-
        DuckDB: expose {raw_path}/{table}.parquet (or .csv with a header) as views raw.{table}.
        A missing file fails the run with a message naming the file, before any model is built;
        an unreadable one fails when its view is bound (DuckDB's error names the file), so a
        mart is never silently empty.
    -#}
    {%- if not execute -%}{{ return('select 1') }}{%- endif -%}
    {%- set raw_path = var('raw_path') | string -%}
    {%- set raw_path = raw_path[:-1] if raw_path.endswith('/') else raw_path -%}
    {%- do run_query('create schema if not exists raw') -%}
    {%- for node in graph.sources.values() if node.source_name == 'raw' -%}
        {%- set table = node.name -%}
        {%- set parquet_file = raw_path ~ '/' ~ table ~ '.parquet' -%}
        {%- set csv_file = raw_path ~ '/' ~ table ~ '.csv' -%}
        {%- set found = run_query(
            "select"
            ~ " (select count(*) from glob('" ~ parquet_file ~ "')) as n_parquet,"
            ~ " (select count(*) from glob('" ~ csv_file ~ "')) as n_csv"
        ) -%}
        {%- if found.columns[0].values()[0] > 0 -%}
            {%- set file = parquet_file -%}
            {%- set reader = "read_parquet('" ~ parquet_file ~ "')" -%}
        {%- elif found.columns[1].values()[0] > 0 -%}
            {%- set file = csv_file -%}
            {%- set reader = "read_csv('" ~ csv_file ~ "', header = true, all_varchar = true,"
                ~ " quote = '\"', escape = '\"', max_line_size = 16777216)" -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error(
                "lead_funnel: raw file for table '" ~ table ~ "' is missing: expected "
                ~ parquet_file ~ " or " ~ csv_file ~ " (var raw_path = '" ~ raw_path ~ "')"
            ) }}
        {%- endif -%}
        {%- do run_query("create or replace view raw." ~ table ~ " as select * from " ~ reader) -%}
        {%- do log("lead_funnel: raw." ~ table ~ " <- " ~ file, info=false) -%}
    {%- endfor -%}
    {{ return('select 1') }}
{%- endmacro %}
