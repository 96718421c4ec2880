{% materialization view, adapter='duckdb' -%}
    {#-
        DuckDB: dbt's view materialization (create <view>__dbt_tmp, swap it in, persist docs, drop
        the old one), except that a view whose definition and docs are already in the warehouse is
        left as it is: the new definition is still created as <view>__dbt_tmp (dbt's `main`
        statement, with any contract check), and when DuckDB stores the same SQL for it as for the
        existing view (duckdb_view_is_current: both normalised by DuckDB, names aside) and the
        existing view carries the comments persist_docs would write, the temporary view is dropped
        instead of swapped in. Saves the renames, the comments and the backup drop of the views a
        daily run re-creates unchanged (those whose SQL does not read as_of). A full refresh, a
        view with grants, or a relation that is not a view takes dbt's path. Other adapters keep
        dbt's materialization (this one is dispatched on `duckdb` only).
    -#}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='view') -%}
    {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
    {%- set preexisting_intermediate_relation = load_cached_relation(intermediate_relation) -%}
    {%- set backup_relation_type = 'view' if existing_relation is none else existing_relation.type -%}
    {%- set backup_relation = make_backup_relation(target_relation, backup_relation_type) -%}
    {%- set preexisting_backup_relation = load_cached_relation(backup_relation) -%}
    {%- set grant_config = config.get('grants') -%}
    {%- set may_keep = existing_relation is not none and existing_relation.is_view
        and not should_full_refresh() and not grant_config -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ drop_relation_if_exists(preexisting_intermediate_relation) }}
    {{ drop_relation_if_exists(preexisting_backup_relation) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {% call statement('main') -%}
        {{ get_create_view_as_sql(intermediate_relation, sql) }}
    {%- endcall %}

    {%- if may_keep and lead_funnel.duckdb_view_is_current(target_relation, intermediate_relation, model) -%}
        {%- do adapter.drop_relation(intermediate_relation) -%}
        {%- do log("lead_funnel: " ~ target_relation ~ " is current, kept", info=false) -%}
    {%- else -%}
        {%- if existing_relation is not none -%}
            {%- set existing_relation = load_cached_relation(existing_relation) -%}
            {%- if existing_relation is not none -%}
                {{ adapter.rename_relation(existing_relation, backup_relation) }}
            {%- endif -%}
        {%- endif -%}
        {{ adapter.rename_relation(intermediate_relation, target_relation) }}
        {%- set should_revoke = should_revoke(existing_relation, full_refresh_mode=True) -%}
        {%- do apply_grants(target_relation, grant_config, should_revoke=should_revoke) -%}
        {%- do persist_docs(target_relation, model) -%}
    {%- endif -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ drop_relation_if_exists(backup_relation) }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{%- endmaterialization %}


{% macro duckdb_view_is_current(target, candidate, model) -%}
    {#-
        DuckDB: true when view `target` has the stored SQL of view `candidate` (just created from
        this run's SQL in the same schema, so DuckDB normalised both alike; only the names in the
        `CREATE VIEW <schema>.<name> AS` header differ) and the comments persist_docs would write
        (the model's description; the documented columns' descriptions). One query.
    -#}
    {%- set body_of -%}
        substr(sql, length('CREATE VIEW ' || schema_name || '.' || view_name || ' AS ') + 1)
    {%- endset -%}
    {%- set where_view -%}
        database_name = {{ lead_funnel.sql_string(target.database) }} and schema_name = {{ lead_funnel.sql_string(target.schema) }}
    {%- endset -%}
    {%- set check_relation = config.persist_relation_docs() and model.description -%}
    {%- set check_columns = config.persist_column_docs() and model.columns -%}
    {%- set query -%}
        select
            coalesce((
                select {{ body_of }} from duckdb_views()
                where {{ where_view }} and view_name = {{ lead_funnel.sql_string(candidate.identifier) }}
            ) = (
                select {{ body_of }} from duckdb_views()
                where {{ where_view }} and view_name = {{ lead_funnel.sql_string(target.identifier) }}
            ), false)
            {%- if check_relation %}
            and coalesce((
                select comment from duckdb_views()
                where {{ where_view }} and view_name = {{ lead_funnel.sql_string(target.identifier) }}
            ) = {{ lead_funnel.sql_string(model.description) }}, false)
            {%- endif %}
            {%- if check_columns %}
            and not exists (
                select 1
                from (values
                    {%- for name, column in model.columns.items() %}
                    ({{ lead_funnel.sql_string(name) }}, {{ lead_funnel.sql_string(column.description or '') }}){{ "," if not loop.last }}
                    {%- endfor %}
                ) as documented (column_name, description)
                inner join duckdb_columns() as stored
                    on stored.column_name = documented.column_name
                where stored.database_name = {{ lead_funnel.sql_string(target.database) }}
                    and stored.schema_name = {{ lead_funnel.sql_string(target.schema) }}
                    and stored.table_name = {{ lead_funnel.sql_string(target.identifier) }}
                    and coalesce(stored.comment, '') <> documented.description
            )
            {%- endif %} as is_current
    {%- endset -%}
    {{ return(run_query(query).columns[0].values()[0]) }}
{%- endmacro %}
