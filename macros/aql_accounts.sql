{% macro incremental_by_affected_accounts() -%}
    {#-
        Config of a per-account AQL incremental model: incremental_by_affected_keys on account_id over
        int_aql_accounts_affected, CTE `affected_accounts`. Filter inputs with
        `account_id in (select affected_accounts.account_id from affected_accounts)` and end with
        incremental_select('final', 'account_id', replaced_keys='affected_accounts').
    -#}
    {{ return(lead_funnel.incremental_by_affected_keys('account_id', 'int_aql_accounts_affected', 'affected_accounts')) }}
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
