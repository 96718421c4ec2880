{#- Funnel helpers: engine-specific SQL behind adapter.dispatch, durations from dbt's datediff. -#}

{% macro median(expression) -%}
    {#- The median of `expression` as an aggregate (nulls ignored). -#}
    {{ return(adapter.dispatch('median', 'lead_funnel')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro spark__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}

{% macro databricks__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}

{% macro bigquery__median(expression) -%}
    approx_quantiles({{ expression }}, 2)[offset(1)]
{%- endmacro %}


{% macro elapsed_days(start_at, end_at) -%}
    {#-
        Fractional days from start_at to end_at (whole seconds / 86400); null when either is null.
        The seconds are cast to double before dividing: Spark divides by a decimal literal in
        decimal arithmetic (7 digits after the point), DuckDB in double.
    -#}
    cast({{ dbt.datediff(start_at, end_at, 'second') }} as {{ lead_funnel.type_double() }}) / 86400
{%- endmacro %}


{% macro elapsed_minutes(start_at, end_at) -%}
    {#- Fractional minutes from start_at to end_at (whole seconds / 60); null when either is null. -#}
    cast({{ dbt.datediff(start_at, end_at, 'second') }} as {{ lead_funnel.type_double() }}) / 60
{%- endmacro %}


{% macro type_double() -%}
    {#- A double-precision float type (dbt.type_float() is a 4-byte float on DuckDB). -#}
    {{ return(adapter.dispatch('type_double', 'lead_funnel')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

{% macro postgres__type_double() -%}
    double precision
{%- endmacro %}

{% macro redshift__type_double() -%}
    double precision
{%- endmacro %}

{% macro bigquery__type_double() -%}
    float64
{%- endmacro %}


{#-
    Speed-to-lead SLA (docs/funnel.md), one definition: an MQL has an SLA verdict when sla_met is
    not null (touched, or its window closed untouched); sla_met_rate = MQLs that met it / MQLs with
    a verdict (pending MQLs count in neither). The semantic layer's sla_met_rate metric is the same
    ratio of its measures mql_cohort_sla_met / mql_cohort_sla_measured.
-#}

{% macro funnel_sla_measured_count(sla_met='sla_met') -%}
    {#- Aggregate: MQLs with an SLA verdict. -#}
    count({{ sla_met }})
{%- endmacro %}


{% macro funnel_sla_met_count(sla_met='sla_met') -%}
    {#- Aggregate: MQLs whose first sales touch met the SLA. -#}
    count(case when {{ sla_met }} then 1 end)
{%- endmacro %}


{% macro funnel_sla_met_rate(sla_met_count, sla_measured_count) -%}
    {#- The SLA met rate (0..1) from the two counts; null without any verdict. -#}
    cast({{ sla_met_count }} as {{ lead_funnel.type_double() }}) / nullif({{ sla_measured_count }}, 0)
{%- endmacro %}
