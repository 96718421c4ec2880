{% macro register_connector_sources() -%}
    {#-
        on-run-start hook: for every connector in var lead_funnel_sources whose var <src>_path is set,
        expose {<src>_path}/<table>.parquet (or .csv with a header) as <src>_schema.<identifier> for
        each enabled table of source <src> (DuckDB: views; Spark: external tables), as
        register_raw_sources does for the contract. Without <src>_path the tables are read where
        they are (<src>_database.<src>_schema).
    -#}
    {{ return(adapter.dispatch('register_connector_sources', 'lead_funnel')()) }}
{%- endmacro %}

{% macro default__register_connector_sources() -%}
    {#- Warehouses: the connector's tables already exist where the EL tool landed them. -#}
    select 1
{%- endmacro %}


{% macro connector_source_nodes(connector) -%}
    {#- the enabled tables of lead_funnel's source `connector` (not a root project's source of that name) -#}
    {%- set nodes = [] -%}
    {%- for node in graph.sources.values()
        if node.source_name == connector and node.package_name == 'lead_funnel' -%}
        {%- do nodes.append(node) -%}
    {%- endfor -%}
    {{ return(nodes | sort(attribute='name')) }}
{%- endmacro %}


{% macro connector_paths() -%}
    {#- [(connector, path)] of the enabled connectors with var <connector>_path set, trailing / removed -#}
    {%- set paths = [] -%}
    {%- for connector in lead_funnel.connector_registry()
        if lead_funnel.source_enabled(connector) and lead_funnel.run_time_var(connector ~ '_path') is not none -%}
        {%- set path = lead_funnel.run_time_var(connector ~ '_path') | string -%}
        {%- do paths.append((connector, path[:-1] if path.endswith('/') else path)) -%}
    {%- endfor -%}
    {{ return(paths) }}
{%- endmacro %}


{% macro check_connector_file(connector, path, node, has_parquet, has_csv, size) -%}
    {#- a connector table's file must exist once, and not be empty; each failure names the fix -#}
    {%- set prefix = "lead_funnel: " ~ connector ~ " table '" ~ node.name ~ "' (var " ~ connector
        ~ "_path = '" ~ path ~ "'): " -%}
    {%- if not has_parquet and not has_csv -%}
        {{ exceptions.raise_compiler_error(
            prefix ~ "file is missing: expected " ~ path ~ "/" ~ node.name ~ ".parquet or " ~ path ~ "/"
            ~ node.name ~ ".csv" ~ (
                ". It is optional: set var " ~ connector ~ "__" ~ node.name ~ "_enabled: false if your "
                ~ connector ~ " has no such table." if node.config.get('meta', {}).get('optional') else "."
            )
        ) }}
    {%- endif -%}
    {%- if has_parquet and has_csv -%}
        {{ exceptions.raise_compiler_error(
            prefix ~ "both " ~ node.name ~ ".parquet and " ~ node.name ~ ".csv exist: remove the stale one."
        ) }}
    {%- endif -%}
    {%- if size is not none and size == 0 -%}
        {{ exceptions.raise_compiler_error(prefix ~ "the file is empty (0 bytes): it needs at least a header row.") }}
    {%- endif -%}
{%- endmacro %}


{% macro duckdb__register_connector_sources() -%}
    {%- if not execute -%}{{ return('select 1') }}{%- endif -%}
    {%- for connector, path in lead_funnel.connector_paths() -%}
        {%- set schemas = [] -%}
        {%- for node in lead_funnel.connector_source_nodes(connector) -%}
            {#- fully qualified: a database file named like the schema (salesforce.duckdb) is ambiguous -#}
            {%- set relation = api.Relation.create(
                database=node.database, schema=node.schema, identifier=node.identifier
            ) -%}
            {%- if node.schema not in schemas -%}
                {%- do run_query('create schema if not exists ' ~ relation.include(identifier=false)) -%}
                {%- do schemas.append(node.schema) -%}
            {%- endif -%}
            {%- set found = lead_funnel.duckdb_source_file(path, node.name) -%}
            {%- do lead_funnel.check_connector_file(connector, path, node, found.has_parquet, found.has_csv, found.size) -%}
            {%- do run_query("create or replace view " ~ relation ~ " as select * from " ~ found.reader) -%}
            {%- do log("lead_funnel: " ~ relation ~ " <- " ~ found.file, info=false) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return('select 1') }}
{%- endmacro %}


{% macro databricks__register_connector_sources() -%}
    {#- dbt-databricks would fall back to spark__: there the connector's tables are landed by the EL tool -#}
    {{ return(lead_funnel.default__register_connector_sources()) }}
{%- endmacro %}

{% macro spark__register_connector_sources() -%}
    {#- Spark: the same files as external tables <schema>.<identifier> (see spark__register_raw_sources) -#}
    {%- if not execute -%}{{ return('select 1') }}{%- endif -%}
    {%- for connector, path in lead_funnel.connector_paths() -%}
        {%- set listing = lead_funnel.spark_list_files(path, "lead_funnel_" ~ connector ~ "_files") -%}
        {%- set schemas = [] -%}
        {%- for node in lead_funnel.connector_source_nodes(connector) -%}
            {%- if node.schema not in schemas -%}
                {%- do run_query('create schema if not exists ' ~ node.schema) -%}
                {%- do schemas.append(node.schema) -%}
            {%- endif -%}
            {%- set relation = api.Relation.create(schema=node.schema, identifier=node.identifier) -%}
            {%- set found = lead_funnel.spark_source_file(listing, node.name) -%}
            {%- do lead_funnel.check_connector_file(connector, path, node, found.has_parquet, found.has_csv, found.size) -%}
            {%- do lead_funnel.spark_create_file_table(relation, found) -%}
            {%- do log("lead_funnel: " ~ relation ~ " <- " ~ found.file, info=false) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return('select 1') }}
{%- endmacro %}
