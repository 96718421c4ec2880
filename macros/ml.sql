{#- Calibration helpers (docs/ml.md): the one definition of the training snapshot time. -#}

{% macro ml_feature_cutoff(first_mql_at, lead_created_at) -%}
    {#-
        When a lead's training features are frozen: its first MQL, else (never an MQL)
        created_at + var ml_non_mql_feature_days days. Outcomes are only counted after it.
    -#}
    coalesce(
        {{ first_mql_at }},
        {{ dbt.dateadd('day', var('ml_non_mql_feature_days'), lead_created_at) }}
    )
{%- endmacro %}


{% macro ml_threshold_values() -%}
    {#- The candidate MQL thresholds as a list: var ml_threshold_min..ml_threshold_max by ml_threshold_step. -#}
    {%- set low = var('ml_threshold_min') | int -%}
    {%- set high = var('ml_threshold_max') | int -%}
    {%- set step = var('ml_threshold_step') | int -%}
    {%- if step < 1 or high < low -%}
        {{ exceptions.raise_compiler_error(
            "ml_threshold_min/max/step must describe a non-empty range with a positive step, got "
            ~ low ~ ".." ~ high ~ " by " ~ step) }}
    {%- endif -%}
    {{ return(range(low, high + 1, step) | list) }}
{%- endmacro %}


{% macro python_models_enabled() -%}
    {#-
        Whether the dbt Python models (models/marts/ml/*.py) run on this target: var
        python_models_enabled, and never on dbt-spark (its session/thrift methods cannot run Python
        models). Their `enabled` config in _ml__models.yml states the same rule; keep both in step.
    -#}
    {{ return(adapter.dispatch('python_models_enabled', 'lead_funnel')()) }}
{%- endmacro %}

{% macro default__python_models_enabled() -%}
    {{ return(var('python_models_enabled', true)) }}
{%- endmacro %}

{% macro spark__python_models_enabled() -%}
    {{ return(false) }}
{%- endmacro %}

{% macro databricks__python_models_enabled() -%}
    {#- dbt-databricks dispatches to spark__ macros when it has no databricks__ one: it runs Python models -#}
    {{ return(lead_funnel.default__python_models_enabled()) }}
{%- endmacro %}
