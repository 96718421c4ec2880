{#-
    Incremental helpers (docs/performance.md). Activity-scale models re-read, on every run, the
    rows dated from `incremental_reprocess_from` on: the latest loaded time minus
    var incremental_lookback_days, so activities that arrive up to that many days late are
    still picked up. Everything here is plain SQL or dbt cross-database macros.
-#}

{% macro incremental_reprocess_from(loaded_at, upper_bound) -%}
    {#-
        Aggregate expression over the loaded rows (`select ... from {{ this }}`): the earlier of
        max(loaded_at) and upper_bound, minus var incremental_lookback_days; null when nothing is
        loaded yet (read everything). upper_bound covers an as_of moved back in time.
    -#}
    case
        when max({{ loaded_at }}) is null then null
        else {{ dbt.dateadd(
            'day',
            -1 * var('incremental_lookback_days', 3),
            'case when max(' ~ loaded_at ~ ') < ' ~ upper_bound ~ ' then max(' ~ loaded_at ~ ') else '
            ~ upper_bound ~ ' end'
        ) }}
    end
{%- endmacro %}


{% macro incremental_is_reprocessed(column, reprocess_from) -%}
    {#- True for a row the run re-reads: dated at or after reprocess_from, undated, or a first load. -#}
    (
        {{ reprocess_from }} is null
        or {{ column }} is null
        or {{ column }} >= {{ reprocess_from }}
    )
{%- endmacro %}


{% macro incremental_delete_tombstones(key_column) -%}
    {#-
        Post-hook of a delete+insert model that replaces all rows of a key: a key that must lose
        all its rows is written as one tombstone row (`key_column` null, only the unique key
        set), which makes delete+insert delete its old rows; this then removes the tombstone.
        A no-op on full builds (no tombstones are written there).
    -#}
    {{ return(adapter.dispatch('incremental_delete_tombstones', 'lead_funnel')(key_column)) }}
{%- endmacro %}

{% macro default__incremental_delete_tombstones(key_column) -%}
    delete from {{ this }} where {{ key_column }} is null
{%- endmacro %}

{% macro spark__incremental_delete_tombstones(key_column) -%}
    {#- Spark never writes the tombstones (incremental_select leaves them out): nothing to delete -#}
    {{ return('') }}
{%- endmacro %}


{#-
    Replacing the rows of the keys a run recomputes (docs/performance.md, README "Running on
    Spark"). DuckDB (and the default): delete+insert on unique_key, tombstones deleted by a
    post-hook. Spark with plain Parquet tables has no row-level delete or merge; there the model
    runs with insert_overwrite and no partitions (the whole table is rewritten): its select
    returns the recomputed rows plus every loaded row of the other keys. Spark refuses to
    overwrite a table the same query reads, so a pre-hook copies the loaded rows to
    `<model>__dbt_loaded`, the model reads them from there (incremental_loaded) and a post-hook
    drops the copy. The work done is the same as on DuckDB (only affected keys are recomputed);
    the write is the whole table.
-#}

{% macro incremental_strategy() -%}
    {{ return(adapter.dispatch('incremental_strategy', 'lead_funnel')()) }}
{%- endmacro %}

{% macro default__incremental_strategy() -%}
    {{ return('delete+insert') }}
{%- endmacro %}

{% macro spark__incremental_strategy() -%}
    {{ return('insert_overwrite') }}
{%- endmacro %}


{% macro incremental_loaded() -%}
    {#- The relation an incremental run reads the loaded rows from (this, or on Spark its copy). -#}
    {{ return(adapter.dispatch('incremental_loaded', 'lead_funnel')()) }}
{%- endmacro %}

{% macro default__incremental_loaded() -%}
    {{ return(this) }}
{%- endmacro %}

{% macro spark__incremental_loaded() -%}
    {{ return(this.incorporate(path={'identifier': this.identifier ~ '__dbt_loaded'})) }}
{%- endmacro %}


{% macro incremental_copy_loaded() -%}
    {#- Pre-hook: on Spark, copy the loaded rows before an incremental run overwrites the table. -#}
    {{ return(adapter.dispatch('incremental_copy_loaded', 'lead_funnel')()) }}
{%- endmacro %}

{% macro default__incremental_copy_loaded() -%}
    {{ return('') }}
{%- endmacro %}

{% macro spark__incremental_copy_loaded() -%}
    {%- if execute and is_incremental() -%}
        {%- set loaded = lead_funnel.incremental_loaded() -%}
        {%- do run_query('drop table if exists ' ~ loaded) -%}
        {#- no `using`: the session's default table format (parquet on Spark, delta on Databricks) -#}
        {{ return('create table ' ~ loaded ~ ' as select * from ' ~ this) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}


{% macro incremental_drop_loaded_copy() -%}
    {#- Post-hook: drop the copy incremental_copy_loaded took (nothing to do on DuckDB). -#}
    {{ return(adapter.dispatch('incremental_drop_loaded_copy', 'lead_funnel')()) }}
{%- endmacro %}

{% macro default__incremental_drop_loaded_copy() -%}
    {{ return('') }}
{%- endmacro %}

{% macro spark__incremental_drop_loaded_copy() -%}
    {{ return('drop table if exists ' ~ lead_funnel.incremental_loaded()) }}
{%- endmacro %}


{% macro incremental_select(relation, unique_key, tombstone_column=none, replaced_keys=none) -%}
    {#-
        The model's final select over `relation` (its last CTE). DuckDB: every row, tombstones
        included (delete+insert replaces the keys, the post-hook removes the tombstones). Spark,
        incremental run: the rows of `relation` without tombstones (tombstone_column null), plus
        the loaded rows of every key `relation` does not have (or, with `replaced_keys`, a
        relation of the recomputed keys: every key it does not have), i.e. the whole new table.
    -#}
    {{ return(adapter.dispatch('incremental_select', 'lead_funnel')(relation, unique_key, tombstone_column, replaced_keys)) }}
{%- endmacro %}

{% macro default__incremental_select(relation, unique_key, tombstone_column, replaced_keys) -%}
    select * from {{ relation }}
{%- endmacro %}

{% macro spark__incremental_select(relation, unique_key, tombstone_column, replaced_keys) -%}
    {%- if is_incremental() -%}
        select recomputed.* from {{ relation }} as recomputed
        {%- if tombstone_column %}
        where recomputed.{{ tombstone_column }} is not null
        {%- endif %}
        union all
        select loaded.* from {{ lead_funnel.incremental_loaded() }} as loaded
        left anti join (select distinct {{ unique_key }} from {{ replaced_keys or relation }}) as replaced
            on loaded.{{ unique_key }} = replaced.{{ unique_key }}
    {%- else -%}
        select * from {{ relation }}
    {%- endif -%}
{%- endmacro %}


{% macro test_scope_where(time_column) -%}
    {#-
        The rows the data tests of the incremental models check (README "Schedules"): with var
        lead_funnel_test_scope = 'changed' (the daily run) a predicate keeping the rows an
        incremental run can have written, i.e. dated within var incremental_lookback_days before
        as_of, or undated; with 'all' (default: the weekly run, --full-refresh builds) nothing
        (the whole table). A test opts in with `config: {where: changed_rows(<time column>)}`,
        which get_where_subquery below resolves at run time (a generic test's YAML config cannot
        call project macros, and a parse-time as_of would go stale under partial parsing).
    -#}
    {%- set scope = lead_funnel.run_time_var('lead_funnel_test_scope') -%}
    {%- if scope not in ('all', 'changed') -%}
        {{ exceptions.raise_compiler_error("var lead_funnel_test_scope must be 'all' or 'changed', got '" ~ scope ~ "'") }}
    {%- endif -%}
    {%- if scope == 'changed' -%}
        coalesce({{ time_column }} >= {{ dbt.dateadd('day', -1 * var('incremental_lookback_days'), lead_funnel.as_of()) }}, true)
    {%- endif -%}
{%- endmacro %}


{% macro get_where_subquery(relation) -%}
    {#-
        dbt's get_where_subquery (the relation a generic test reads, filtered by its `where`
        config) plus one form: `changed_rows(<time column>)` becomes test_scope_where(<time column>)
        (no filter when the scope is 'all'). Other `where` configs work as in dbt.
    -#}
    {%- set where = config.get('where', '') -%}
    {%- if where is string and where.strip().startswith('changed_rows(') and where.strip().endswith(')') -%}
        {%- set where = lead_funnel.test_scope_where(where.strip()[13:-1].strip()) -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}


{% macro incremental_tombstones_select(affected_keys, key_column, present, columns) -%}
    {#-
        The tombstone rows of a delete+insert model that replaces all rows of a key: one row per
        affected key with no row left in `present`: the columns in the order of `columns` (a list
        of (name, type)), key_column set, every other column null; incremental_delete_tombstones
        removes them.
    -#}
    select
        {%- for name, data_type in columns %}
        {% if name == key_column -%}
            {{ affected_keys }}.{{ key_column }}
        {%- else -%}
            cast(null as {{ data_type }}) as {{ name }}
        {%- endif %}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ affected_keys }}
    where {{ affected_keys }}.{{ key_column }} not in (select {{ present }}.{{ key_column }} from {{ present }})
{%- endmacro %}


{% macro incremental_lookback_start() -%}
    {#-
        The start of the lookback of the per-lead and per-account incremental models
        (int_leads_affected, int_aql_accounts_affected): var incremental_lookback_days before
        as_of, or the as_of of the previous run (int_incremental_runs) when that is earlier.
        Changes stamped from then on, activities leaving a window and scoring-model versions taking
        force from then on are recomputed: a run that failed is caught up by the next one within
        the lookback, and a run after a pause longer than the lookback catches up the whole pause.
    -#}
    {%- set lookback_start = dbt.dateadd('day', -1 * var('incremental_lookback_days', 3), lead_funnel.as_of()) -%}
    coalesce(
        (
            select case when max(runs.run_as_of) < {{ lookback_start }} then max(runs.run_as_of) end
            from {{ ref('int_incremental_runs') }} as runs
            where runs.run_as_of < {{ lead_funnel.as_of() }}
        ),
        {{ lookback_start }}
    )
{%- endmacro %}


{% macro incremental_delete_replaced_keys(key_column, keys_relation) -%}
    {#-
        Pre-hook of an incremental model that recomputes the rows of the keys in `keys_relation`
        (int_leads_affected): on an incremental run, delete those keys' loaded rows first, so a key
        left without rows loses them (no tombstones, which enforced not-null contracts refuse);
        delete+insert then adds the recomputed rows. Spark: nothing (incremental_select leaves out
        the loaded rows of these keys: its replaced_keys argument).
    -#}
    {{ return(adapter.dispatch('incremental_delete_replaced_keys', 'lead_funnel')(key_column, keys_relation)) }}
{%- endmacro %}

{% macro default__incremental_delete_replaced_keys(key_column, keys_relation) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ key_column }} in (select {{ key_column }} from {{ keys_relation }})
    {%- endif -%}
{%- endmacro %}

{% macro spark__incremental_delete_replaced_keys(key_column, keys_relation) -%}
    {{ return('') }}
{%- endmacro %}


{% macro incremental_by_affected_keys(key_column, keys_model, cte_name, bucketed_full_build=false) -%}
    {#-
        Config of an incremental model that recomputes a set of keys (docs/performance.md): the
        keys are the rows of model `keys_model` (one column, `key_column`). delete+insert on
        key_column (Spark: insert_overwrite, incremental_select), the keys' loaded rows deleted
        first by a pre-hook (a key left without rows loses them); and, on incremental runs, the
        CTE `cte_name` (the keys) to start the model's `with` clause with (the ref is taken on
        every render, so dbt sees the dependency when it parses). Filter inputs with
        `key_column in (select <cte_name>.key_column from <cte_name>)` and end with
        incremental_select('final', key_column, replaced_keys=cte_name). The one definition
        behind incremental_by_affected_leads / _accounts / incremental_by_affected_months.
        With bucketed_full_build the post-hook full_build_insert_lead_buckets runs first (a model
        whose SQL uses full_build_lead_bucket_keys: docs/performance.md "Bucketed full builds").
    -#}
    {{ config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key=key_column,
        on_schema_change='fail',
        pre_hook=[
            "{{ lead_funnel.incremental_copy_loaded() }}",
            "{{ lead_funnel.incremental_delete_replaced_keys('" ~ key_column ~ "', ref('" ~ keys_model ~ "')) }}"
        ],
        post_hook=(["{{ lead_funnel.full_build_insert_lead_buckets() }}"] if bucketed_full_build else [])
            + ["{{ lead_funnel.incremental_drop_loaded_copy() }}"]
    ) }}
    {%- set keys = ref(keys_model) -%}
    {%- if is_incremental() %}
{{ cte_name }} as (
    select {{ key_column }} from {{ keys }}
),
    {%- endif %}
{%- endmacro %}


{% macro incremental_by_affected_leads(bucketed_full_build=false) -%}
    {#-
        Config of a per-lead incremental model: incremental_by_affected_keys on lead_id over
        int_leads_affected, CTE `affected`. Filter inputs with
        `lead_id in (select affected.lead_id from affected)` and end with
        incremental_select('final', 'lead_id', replaced_keys='affected'). bucketed_full_build: see
        incremental_by_affected_keys.
    -#}
    {{ return(lead_funnel.incremental_by_affected_keys('lead_id', 'int_leads_affected', 'affected', bucketed_full_build)) }}
{%- endmacro %}


{% macro fingerprint_changes(fingerprints, key_column, compared_columns) -%}
    {#-
        The change-tracking CTEs of a fingerprint model (int_lead_input_fingerprints,
        int_aql_account_fingerprints), to put in a `with` clause after `fingerprints` (the current
        fingerprints: key_column plus compared_columns). Defines, last, `final`: on a full build
        every key, is_removed false and changed_as_of null; on an incremental run (delete+insert on
        key_column) only the keys whose fingerprint moved against the loaded rows
        (incremental_loaded): new keys, keys whose compared_columns differ or that come back after
        removal, and removed keys (kept as a row: is_removed true, compared columns null), each
        stamped with this run's as_of as changed_as_of. End the model with
        incremental_select('final', key_column).
    -#}
    {%- if is_incremental() %}
loaded as (
    select * from {{ lead_funnel.incremental_loaded() }}
),

final as (
    -- new, removed (kept as a row: is_removed) and changed keys, stamped with this as_of
    select
        coalesce({{ fingerprints }}.{{ key_column }}, loaded.{{ key_column }}) as {{ key_column }},
        {%- for column in compared_columns %}
        {{ fingerprints }}.{{ column }},
        {%- endfor %}
        {{ fingerprints }}.{{ key_column }} is null as is_removed,
        {{ lead_funnel.as_of() }} as changed_as_of
    from {{ fingerprints }}
    full outer join loaded
        on {{ fingerprints }}.{{ key_column }} = loaded.{{ key_column }}
    where
        loaded.{{ key_column }} is null
        or ({{ fingerprints }}.{{ key_column }} is null and not loaded.is_removed)
        or (
            {{ fingerprints }}.{{ key_column }} is not null
            and (
                loaded.is_removed
                {%- for column in compared_columns %}
                or {{ fingerprints }}.{{ column }} <> loaded.{{ column }}
                {%- endfor %}
            )
        )
)
    {%- else %}
final as (
    select
        *,
        false as is_removed,
        cast(null as {{ dbt.type_timestamp() }}) as changed_as_of
    from {{ fingerprints }}
)
    {%- endif %}
{%- endmacro %}
