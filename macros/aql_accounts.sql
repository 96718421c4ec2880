{% macro incremental_by_affected_accounts() -%}
    {#-
        Config of a per-account AQL incremental model (int_aql_accounts_affected,
        docs/performance.md): delete+insert on account_id (Spark: insert_overwrite,
        incremental_select), the affected accounts' loaded rows deleted first by a pre-hook (an
        account left without rows loses them); and, on incremental runs, the CTE
        `affected_accounts` (their account_ids) to start the model's `with` clause with. Filter
        inputs with `account_id in (select affected_accounts.account_id from affected_accounts)`
        and end with incremental_select('final', 'account_id', replaced_keys='affected_accounts').
    -#}
    {{ config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key='account_id',
        on_schema_change='fail',
        pre_hook=[
            "{{ lead_funnel.incremental_copy_loaded() }}",
            "{{ lead_funnel.incremental_delete_replaced_keys('account_id', ref('int_aql_accounts_affected')) }}"
        ],
        post_hook="{{ lead_funnel.incremental_drop_loaded_copy() }}"
    ) }}
    {%- set accounts_affected = ref('int_aql_accounts_affected') -%}
    {%- if is_incremental() %}
affected_accounts as (
    select account_id from {{ accounts_affected }}
),
    {%- endif %}
{%- endmacro %}


{% macro sorted_listagg(measure, delimiter_text) -%}
    {#-
        Aggregate: the values of `measure` joined by `delimiter_text` in ascending order, the same
        for the same set of values on every engine (int_aql_account_fingerprints). dbt's listagg
        ignores its order on Spark, so Spark sorts the collected array.
    -#}
    {{ return(adapter.dispatch('sorted_listagg', 'lead_funnel')(measure, delimiter_text)) }}
{%- endmacro %}

{% macro default__sorted_listagg(measure, delimiter_text) -%}
    {{ dbt.listagg(measure, delimiter_text, 'order by ' ~ measure) }}
{%- endmacro %}

{% macro spark__sorted_listagg(measure, delimiter_text) -%}
    array_join(array_sort(collect_list({{ measure }})), {{ delimiter_text }})
{%- endmacro %}
