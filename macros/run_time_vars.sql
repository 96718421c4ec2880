{% macro run_time_var(name) -%}
    {#-
        THE value of a run-time var (README "Configuration"): the vars the parse never reads, so
        they can change between runs without a re-parse. `var(name)` when set (--vars or
        dbt_project.yml, as before), else the environment variable run_time_env_name(name) (e.g.
        LEAD_FUNNEL_AS_OF), else the default below. The environment is read only while executing
        (compiling a node, running a hook): dbt records an env_var() met at parse time for partial
        parsing, and a changed --vars re-parses the whole project, so the scheduler passes these by
        environment.
    -#}
    {%- set defaults = {
        'as_of': none,
        'raw_path': 'data/raw',
        'lead_funnel_test_scope': 'all',
        'salesforce_path': none,
        'hubspot_path': none,
        'marketo_path': none,
        'full_build_lead_buckets': 1,
    } -%}
    {%- if name not in defaults -%}
        {{ exceptions.raise_compiler_error("lead_funnel.run_time_var: '" ~ name ~ "' is not a run-time var (" ~ defaults.keys() | join(', ') ~ ")") }}
    {%- endif -%}
    {%- set value = var(name, none) -%}
    {%- if (value is none or value | string | trim == '') and execute -%}
        {%- set value = env_var(lead_funnel.run_time_env_name(name), '') -%}
    {%- endif -%}
    {%- if value is none or value | string | trim == '' -%}
        {%- set value = defaults[name] -%}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}


{% macro run_time_env_name(name) -%}
    {#- the environment variable of run-time var `name`: LEAD_FUNNEL_ + its name in capitals, without a lead_funnel_ prefix -#}
    {{ return('LEAD_FUNNEL_' ~ (name[12:] if name.startswith('lead_funnel_') else name) | upper) }}
{%- endmacro %}
