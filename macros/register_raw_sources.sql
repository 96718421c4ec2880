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

{% macro databricks__register_raw_sources() -%}
    {#- dbt-databricks would fall back to spark__: there the raw tables are loaded by your EL tool -#}
    {{ return(lead_funnel.default__register_raw_sources()) }}
{%- endmacro %}

{% macro spark__register_raw_sources() -%}
    {#-
        Spark: register {raw_path}/{table}.parquet (or .csv with a header) as an external table
        raw.{table} over that file, re-created on every run (so a changed raw_path is picked up;
        dropping an external table leaves the file alone). Tables, not temporary views: they live
        in the metastore, so every later session (dbt-spark's own, a notebook, lead_funnel.parity)
        sees them. The files are found by listing raw_path with Spark's binaryFile source, which
        returns absolute paths: a relative raw_path resolves against the current directory (as on
        DuckDB) and the tables store the absolute path. A missing file fails the run naming the
        expected files; a missing raw_path folder fails with Spark's PATH_NOT_FOUND naming it.
        CSV columns are all text (no schema inference), as on DuckDB; quoted newlines are read
        as one value (multiLine), and a doubled quote is an escaped quote.
    -#}
    {%- if not execute -%}{{ return('select 1') }}{%- endif -%}
    {%- set raw_path = var('raw_path') | string -%}
    {%- set raw_path = raw_path[:-1] if raw_path.endswith('/') else raw_path -%}
    {%- set listing = "lead_funnel_raw_files" -%}
    {%- do run_query(
        "create or replace temporary view " ~ listing ~ " using binaryFile options (path '"
        ~ raw_path ~ "', pathGlobFilter '*.{parquet,csv}')"
    ) -%}
    {%- set files = {} -%}
    {%- for row in run_query("select path from " ~ listing) -%}
        {%- do files.update({row[0].split('/')[-1]: row[0]}) -%}
    {%- endfor -%}
    {%- set schemas = [] -%}
    {%- for node in graph.sources.values() if node.source_name == 'raw' -%}
        {%- if node.schema not in schemas -%}
            {%- do run_query('create schema if not exists ' ~ node.schema) -%}
            {%- do schemas.append(node.schema) -%}
        {%- endif -%}
        {%- set table = node.name -%}
        {%- set relation = api.Relation.create(schema=node.schema, identifier=node.identifier) -%}
        {%- if (table ~ '.parquet') in files -%}
            {%- set file = files[table ~ '.parquet'] -%}
            {%- set definition = "using parquet options (path '" ~ file ~ "')" -%}
        {%- elif (table ~ '.csv') in files -%}
            {%- set file = files[table ~ '.csv'] -%}
            {%- set definition = "using csv options (path '" ~ file ~ "', header 'true', multiLine 'true',"
                ~ " quote '\"', escape '\"', mode 'PERMISSIVE')" -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error(
                "lead_funnel: raw file for table '" ~ table ~ "' is missing: expected "
                ~ raw_path ~ '/' ~ table ~ ".parquet or " ~ raw_path ~ '/' ~ table ~ ".csv"
                ~ " (var raw_path = '" ~ raw_path ~ "')"
            ) }}
        {%- endif -%}
        {%- do run_query("drop table if exists " ~ relation) -%}
        {%- do run_query("create table " ~ relation ~ " " ~ definition) -%}
        {%- do log("lead_funnel: " ~ relation ~ " <- " ~ file, info=false) -%}
    {%- endfor -%}
    {{ return('select 1') }}
{%- endmacro %}
