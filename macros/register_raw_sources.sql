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
        Pre-flight checks (check_raw_file) fail the run before any model is built, naming the
        file, the column and the fix: a missing file, both formats present, an empty file, a CSV
        read as one column, a required column missing. raw_path may hold any character (quotes
        are escaped).
    -#}
    {%- if not execute -%}{{ return('select 1') }}{%- endif -%}
    {%- do lead_funnel.check_as_of() -%}
    {%- set raw_path = lead_funnel.run_time_var('raw_path') | string -%}
    {%- set raw_path = raw_path[:-1] if raw_path.endswith('/') else raw_path -%}
    {%- do run_query('create schema if not exists raw') -%}
    {%- for node in graph.sources.values() if node.source_name == 'raw' and node.package_name == 'lead_funnel' -%}
        {%- set table = node.name -%}
        {%- set found = lead_funnel.duckdb_source_file(raw_path, table) -%}
        {%- do lead_funnel.check_raw_file(node, raw_path, found.has_parquet, found.has_csv, found.file, found.size, none) -%}
        {%- set columns = run_query("describe select * from " ~ found.reader).columns[0].values() -%}
        {%- do lead_funnel.check_raw_file(node, raw_path, found.has_parquet, found.has_csv, found.file, found.size, columns) -%}
        {%- do run_query("create or replace view raw." ~ table ~ " as select * from " ~ found.reader) -%}
        {%- do log("lead_funnel: raw." ~ table ~ " <- " ~ found.file, info=false) -%}
    {%- endfor -%}
    {{ return('select 1') }}
{%- endmacro %}


{% macro sql_string(value) -%}
    {#- value as a SQL string literal (single quotes doubled): a raw_path may hold any character -#}
    {{ return("'" ~ (value | string | replace("'", "''")) ~ "'") }}
{%- endmacro %}


{% macro required_raw_columns(node) -%}
    {#-
        THE required columns of a raw table: its columns in models/staging/raw/_raw__sources.yml,
        except those with `config: meta: required: false` (optional, e.g. opportunities.is_deleted).
    -#}
    {%- set required = [] -%}
    {%- for name, column in node.columns.items() -%}
        {%- set meta = column.get('meta', {}) if column is mapping else column.meta -%}
        {%- set config = column.get('config', {}) if column is mapping else column.config -%}
        {%- set config_meta = (config.get('meta', {}) if config is mapping else config.meta) or {} -%}
        {%- if (meta or {}).get('required', true) and config_meta.get('required', true) -%}
            {%- do required.append(name | lower) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(required) }}
{%- endmacro %}


{% macro check_raw_file(node, raw_path, has_parquet, has_csv, file, size, columns) -%}
    {#-
        Pre-flight checks of one raw file, on every engine; columns=none checks the file only.
        Each failure names the file, what is wrong and the fix.
    -#}
    {%- set table = node.name -%}
    {%- set prefix = "lead_funnel: raw table '" ~ table ~ "' (var raw_path = '" ~ raw_path ~ "'): " -%}
    {%- if not has_parquet and not has_csv -%}
        {{ exceptions.raise_compiler_error(
            prefix ~ "raw file is missing: expected " ~ raw_path ~ '/' ~ table ~ ".parquet or "
            ~ raw_path ~ '/' ~ table ~ ".csv"
        ) }}
    {%- endif -%}
    {%- if has_parquet and has_csv -%}
        {{ exceptions.raise_compiler_error(
            prefix ~ "both " ~ raw_path ~ '/' ~ table ~ ".parquet and " ~ raw_path ~ '/' ~ table
            ~ ".csv exist, so it is not clear which one is current. Remove or rename the stale one."
        ) }}
    {%- endif -%}
    {%- if size is not none and size == 0 -%}
        {{ exceptions.raise_compiler_error(
            prefix ~ file ~ " is empty (0 bytes). Export it again; a table with no rows needs at least"
            ~ " the header row."
        ) }}
    {%- endif -%}
    {%- if columns is not none -%}
        {%- set found = columns | map('lower') | list -%}
        {%- set required = lead_funnel.required_raw_columns(node) -%}
        {%- set is_csv = file.endswith('.csv') -%}
        {%- if is_csv and found | length == 1 and required | length > 1 -%}
            {{ exceptions.raise_compiler_error(
                prefix ~ file ~ " was read as one column ('" ~ columns[0][:120] ~ "'): the delimiter or"
                ~ " quoting looks wrong. lead_funnel reads CSV with a header row, a comma (or ; tab |)"
                ~ " delimiter and double quotes escaped by doubling them (\"\"), not by a backslash;"
                ~ " a report footer or a row with a different number of fields also causes this."
                ~ " Expected columns: " ~ required | join(', ') ~ "."
            ) }}
        {%- endif -%}
        {%- set missing = [] -%}
        {%- for column in required if column not in found -%}
            {%- do missing.append(column) -%}
        {%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                prefix ~ file ~ " has no column " ~ missing | join(', ')
                ~ " (required; names match case-insensitively). Columns found: " ~ columns | join(', ')
                ~ ". Rename the column in the export, or add it"
                ~ (" (if the header row looks right, a row has more fields than the header: check the"
                   ~ " delimiter and quoting)" if is_csv else "") ~ "."
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{% macro check_as_of() -%}
    {#- var as_of must be a timestamp `YYYY-MM-DD HH:MM:SS` (or a date), checked before any model runs -#}
    {%- set value = lead_funnel.run_time_var('as_of') -%}
    {%- if value is not none and value | string | trim != '' -%}
        {%- set text = value | string | trim -%}
        {%- set match = modules.re.match(
            '^(\\d{4})-(\\d{2})-(\\d{2})([ T](\\d{2}):(\\d{2})(:(\\d{2})(\\.\\d+)?)?)?$', text
        ) -%}
        {%- set valid = match is not none
            and 1 <= match.group(2) | int <= 12 and 1 <= match.group(3) | int <= 31
            and (match.group(5) is none or (match.group(5) | int <= 23 and match.group(6) | int <= 59))
            and (match.group(8) is none or match.group(8) | int <= 59) -%}
        {%- if not valid -%}
            {{ exceptions.raise_compiler_error(
                "lead_funnel: var as_of = '" ~ text ~ "' is not a timestamp. Use the format"
                ~ " YYYY-MM-DD HH:MM:SS in UTC, e.g. --vars '{as_of: \"2026-06-30 00:00:00\"}',"
                ~ " or leave as_of unset for the run's start time."
            ) }}
        {%- endif -%}
    {%- endif -%}
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
    {%- do lead_funnel.check_as_of() -%}
    {%- set raw_path = lead_funnel.run_time_var('raw_path') | string -%}
    {%- set raw_path = raw_path[:-1] if raw_path.endswith('/') else raw_path -%}
    {%- set listing = lead_funnel.spark_list_files(raw_path, "lead_funnel_raw_files") -%}
    {%- set schemas = [] -%}
    {%- for node in graph.sources.values() if node.source_name == 'raw' and node.package_name == 'lead_funnel' -%}
        {%- if node.schema not in schemas -%}
            {%- do run_query('create schema if not exists ' ~ node.schema) -%}
            {%- do schemas.append(node.schema) -%}
        {%- endif -%}
        {%- set table = node.name -%}
        {%- set relation = api.Relation.create(schema=node.schema, identifier=node.identifier) -%}
        {%- set found = lead_funnel.spark_source_file(listing, table) -%}
        {%- do lead_funnel.check_raw_file(node, raw_path, found.has_parquet, found.has_csv, found.file, found.size, none) -%}
        {%- do lead_funnel.spark_create_file_table(relation, found) -%}
        {%- set columns = [] -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do columns.append(column.name) -%}
        {%- endfor -%}
        {%- do lead_funnel.check_raw_file(node, raw_path, found.has_parquet, found.has_csv, found.file, found.size, columns) -%}
        {%- do log("lead_funnel: " ~ relation ~ " <- " ~ found.file, info=false) -%}
    {%- endfor -%}
    {{ return('select 1') }}
{%- endmacro %}


{% macro spark_string(value) -%}
    {#- value as a Spark SQL string literal: backslashes and single quotes escaped -#}
    {{ return("'" ~ (value | string | replace("\\", "\\\\") | replace("'", "\\'")) ~ "'") }}
{%- endmacro %}


{% macro duckdb_source_file(folder, name) -%}
    {#-
        DuckDB: THE lookup of a source file {folder}/{name}.parquet or .csv (register_raw_sources,
        register_connector_sources): {has_parquet, has_csv, file (parquet first, none when
        missing), size (bytes), reader (read_parquet / read_csv: header, all text, quoted newlines)}.
    -#}
    {%- set parquet_file = folder ~ '/' ~ name ~ '.parquet' -%}
    {%- set csv_file = folder ~ '/' ~ name ~ '.csv' -%}
    {%- set found = run_query(
        "select"
        ~ " (select count(*) from glob(" ~ lead_funnel.sql_string(parquet_file) ~ ")) as n_parquet,"
        ~ " (select count(*) from glob(" ~ lead_funnel.sql_string(csv_file) ~ ")) as n_csv"
    ) -%}
    {%- set has_parquet = found.columns[0].values()[0] > 0 -%}
    {%- set has_csv = found.columns[1].values()[0] > 0 -%}
    {%- set file = parquet_file if has_parquet else (csv_file if has_csv else none) -%}
    {%- if has_parquet -%}
        {%- set reader = "read_parquet(" ~ lead_funnel.sql_string(parquet_file) ~ ")" -%}
    {%- else -%}
        {%- set reader = "read_csv(" ~ lead_funnel.sql_string(csv_file) ~ ", header = true, all_varchar = true,"
            ~ " quote = '\"', escape = '\"', max_line_size = 16777216)" -%}
    {%- endif -%}
    {%- set size = run_query("select size from read_blob(" ~ lead_funnel.sql_string(file) ~ ")").columns[0].values()[0]
        if file is not none else none -%}
    {{ return({'has_parquet': has_parquet, 'has_csv': has_csv, 'file': file, 'size': size, 'reader': reader}) }}
{%- endmacro %}


{% macro spark_list_files(folder, listing) -%}
    {#- Spark: {file name: {path, size}} of the .parquet / .csv files in `folder` (binaryFile view `listing`) -#}
    {%- do run_query(
        "create or replace temporary view " ~ listing ~ " using binaryFile options (path "
        ~ lead_funnel.spark_string(folder) ~ ", pathGlobFilter '*.{parquet,csv}')"
    ) -%}
    {%- set files = {} -%}
    {%- for row in run_query("select path, length from " ~ listing) -%}
        {%- do files.update({row[0].split('/')[-1]: {'path': row[0], 'size': row[1]}}) -%}
    {%- endfor -%}
    {{ return(files) }}
{%- endmacro %}


{% macro spark_source_file(files, name) -%}
    {#- Spark: {has_parquet, has_csv, file, size} of `name` in spark_list_files(...) (parquet first) -#}
    {%- set found = files.get(name ~ '.parquet', files.get(name ~ '.csv', {})) -%}
    {{ return({
        'has_parquet': (name ~ '.parquet') in files, 'has_csv': (name ~ '.csv') in files,
        'file': found.get('path'), 'size': found.get('size'),
    }) }}
{%- endmacro %}


{% macro spark_create_file_table(relation, found) -%}
    {#- Spark: (re)create `relation` as an external table over found.file (spark_source_file): parquet or CSV -#}
    {%- if found.has_parquet -%}
        {%- set definition = "using parquet options (path " ~ lead_funnel.spark_string(found.file) ~ ")" -%}
    {%- else -%}
        {%- set definition = "using csv options (path " ~ lead_funnel.spark_string(found.file) ~ ", header 'true',"
            ~ " multiLine 'true', quote '\"', escape '\"', mode 'PERMISSIVE')" -%}
    {%- endif -%}
    {%- do run_query("drop table if exists " ~ relation) -%}
    {%- do run_query("create table " ~ relation ~ " " ~ definition) -%}
{%- endmacro %}
