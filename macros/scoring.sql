{#- Scoring helpers: the rules live in seeds/vars; these macros only apply them. -#}

{% macro regex_matches_column(value, pattern_column) -%}
    {#- True when `value` matches the regular expression held in the column `pattern_column`. -#}
    {{ return(adapter.dispatch('regex_matches_column', 'lead_funnel')(value, pattern_column)) }}
{%- endmacro %}

{% macro default__regex_matches_column(value, pattern_column) -%}
    regexp_like({{ value }}, {{ pattern_column }})
{%- endmacro %}

{% macro duckdb__regex_matches_column(value, pattern_column) -%}
    regexp_matches({{ value }}, {{ pattern_column }})
{%- endmacro %}

{% macro spark__regex_matches_column(value, pattern_column) -%}
    ({{ value }} rlike {{ pattern_column }})
{%- endmacro %}

{% macro bigquery__regex_matches_column(value, pattern_column) -%}
    regexp_contains({{ value }}, {{ pattern_column }})
{%- endmacro %}


{% macro scoring_capped(value, cap) -%}
    {#-
        `value` limited by `cap`: at most cap for a positive cap, at least cap for a negative one
        (unsubscribe: -10 per window). A null cap leaves the value as it is. Both sides are
        coalesced because least()/greatest() skip nulls on some engines (DuckDB).
    -#}
    case
        when coalesce({{ cap }}, 0) >= 0
            then least(coalesce({{ value }}, 0), coalesce({{ cap }}, {{ value }}, 0))
        else greatest(coalesce({{ value }}, 0), coalesce({{ cap }}, {{ value }}, 0))
    end
{%- endmacro %}


{% macro scoring_sql_list(values) -%}
    {#- A var holding a list of strings as a SQL list literal: ['a', 'b'] -> ('a', 'b'). -#}
    {%- if values is string -%}{%- set values = [values] -%}{%- endif -%}
    ({%- for value in values -%}'{{ value | replace("'", "''") }}'{%- if not loop.last -%}, {% endif -%}{%- endfor -%})
{%- endmacro %}


{% macro scoring_decay_factor(occurred_at) -%}
    {#-
        Weight of an activity at as_of: 0.5 ^ (age in days / var scoring_decay_half_life_days)
        when var scoring_decay_enabled is true, else exactly 1 (no decay, integer points).
    -#}
    {%- if var('scoring_decay_enabled', false) -%}
        power(
            0.5,
            cast({{ dbt.datediff(occurred_at, lead_funnel.as_of(), 'second') }} as {{ lead_funnel.type_double() }})
            / (86400 * {{ var('scoring_decay_half_life_days') }})
        )
    {%- else -%}
        1
    {%- endif -%}
{%- endmacro %}
