{% macro as_of() -%}
    {#- The evaluation time of the run as a SQL timestamp literal: run-time var as_of or the run start (UTC). -#}
    {%- set value = lead_funnel.run_time_var('as_of') -%}
    {%- if value is none or value | string | trim == '' -%}
        {%- set value = run_started_at.strftime('%Y-%m-%d %H:%M:%S') -%}
    {%- endif -%}
    cast('{{ value | string | trim | replace("'", "''") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
