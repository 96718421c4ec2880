{#-
    The monthly funnel marts rebuild only the months a run touches (int_funnel_months_affected,
    docs/performance.md): the per-lead cohort memberships (int_funnel_cohort_members) are
    recomputed for funnel_leads_recomputed, the monthly models for the months in
    int_funnel_months_affected (delete+insert on cohort_month; Spark: insert_overwrite with
    incremental_select).
-#}

{% macro funnel_sla_closed_leads(loaded) -%}
    {#-
        Select of the leads of a loaded per-lead funnel relation (columns is_sla_met, sla_due_at)
        whose MQL SLA window closed since their row was written: is_sla_met still null while
        sla_due_at is now at or before as_of (nothing else in a lead's funnel row moves with as_of).
    -#}
    select lead_id
    from {{ loaded }}
    where is_sla_met is null and sla_due_at <= {{ lead_funnel.as_of() }}
{%- endmacro %}


{% macro funnel_leads_recomputed(loaded, affected=none) -%}
    {#-
        Select of the leads whose funnel rows an incremental run recomputes: int_leads_affected
        (or `affected`, a CTE of its lead_ids) plus the leads of `loaded` (the loaded per-lead
        funnel rows) whose SLA window closed.
    -#}
    select lead_id from {{ affected or ref('int_leads_affected') }}
    union
    {{ lead_funnel.funnel_sla_closed_leads(loaded) }}
{%- endmacro %}


{% macro funnel_cohort_month(cohort_type, stages) -%}
    {#- The cohort month of a lead: the month of lead_at (cohort type `lead`) or of mql_at (`mql`). -#}
    cast(
        case
            when {{ cohort_type }} = 'lead' then {{ dbt.date_trunc('month', stages ~ '.lead_at') }}
            else {{ dbt.date_trunc('month', stages ~ '.mql_at') }}
        end as date
    )
{%- endmacro %}


{% macro incremental_by_funnel_months() -%}
    {#-
        Config of a monthly funnel model that rebuilds the months of int_funnel_months_affected:
        incremental_by_affected_keys on cohort_month, CTE `months_affected`. Filter inputs with
        `cohort_month in (select months_affected.cohort_month from months_affected)` and end with
        incremental_select('final', 'cohort_month', replaced_keys='months_affected').
    -#}
    {{ return(lead_funnel.incremental_by_affected_keys('cohort_month', 'int_funnel_months_affected', 'months_affected')) }}
{%- endmacro %}


{% macro loaded_relation(identifier) -%}
    {#-
        The loaded table `identifier` in this model's schema, or none when it does not exist yet:
        for a model that must read the state a later model of the run is about to replace
        (int_funnel_months_affected). Read with care: not a ref, so the caller must make sure (a
        `depends_on` comment in the later model) that it runs first.
    -#}
    {%- if not execute or this is none -%}
        {#- parsing, or a unit test (no `this`: its inputs are all given) -#}
        {{ return(none) }}
    {%- endif -%}
    {{ return(adapter.get_relation(database=this.database, schema=this.schema, identifier=identifier)) }}
{%- endmacro %}
