{#- Fails for every key (or, without unique_key, every row) of `model` that breaks one of its row rules - unique key, not_null, accepted_values, rates, SQL expressions - in ONE scan of `model`; `failed_rules` names each rule and column that failed. -#}
{% test row_rules(model, unique_key=none, not_null=none, accepted_values=none, rates=none, expressions=none) %}

{#-
    unique_key: [columns] whose combination is unique (the rows are grouped by it: one row per
        key that fails, with its row_count); none: one row per failing row.
    not_null: [columns]; accepted_values: {column: [values]} (text values, nulls pass, as in
    dbt's accepted_values); rates: [columns] in 0..1 or null (the rule of test is_rate, macro
    rate_out_of_range); expressions: {name: SQL that holds on every row} (a null result
    fails, unlike expression_is_true: write the null case out). The test reads `model` once however many rules it checks:
    a view's query runs once, not once per rule (issue #18).
-#}

{%- set rules = [] -%}
{%- for column in (not_null or []) -%}
    {%- do rules.append(('not_null', column, column ~ ' is null')) -%}
{%- endfor -%}
{%- for column, values in (accepted_values or {}).items() -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}
        {%- do quoted.append("'" ~ (value | string | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {%- do rules.append(
        ('accepted_values', column, column ~ ' is not null and ' ~ column ~ ' not in (' ~ quoted | join(', ') ~ ')')
    ) -%}
{%- endfor -%}
{%- for column in (rates or []) -%}
    {%- do rules.append(('rate', column, lead_funnel.rate_out_of_range(column))) -%}
{%- endfor -%}
{%- for name, expression in (expressions or {}).items() -%}
    {%- do rules.append(('expression', name, 'not coalesce(' ~ expression ~ ', false)')) -%}
{%- endfor -%}
{%- if not rules and not unique_key -%}
    {{ exceptions.raise_compiler_error('row_rules on ' ~ model ~ ': give unique_key or at least one rule') }}
{%- endif -%}

{%- set labels = [] -%}
{%- if unique_key -%}
    {%- do labels.append("case when row_count > 1 then 'unique(" ~ unique_key | join(', ') ~ "); ' else '' end") -%}
{%- endif -%}
{%- for rule, name, _ in rules -%}
    {%- do labels.append("case when " ~ rule ~ "__" ~ name ~ " > 0 then '" ~ rule ~ "(" ~ name ~ "); ' else '' end") -%}
{%- endfor -%}

{%- set key_columns = (unique_key or []) | map('lower') | list -%}

with

grouped as (
    -- one row per key (per row without a key): the failing rows of each rule not on the key
    select
    {%- if unique_key %}
        {{ unique_key | join(', ') }},
        count(*) as row_count
    {%- else %}
        *,
        1 as row_count
    {%- endif %}
    {%- for rule, name, failing in rules if not (rule == 'not_null' and name | lower in key_columns) %},
        {% if unique_key %}count({% endif %}case when {{ failing }} then 1 {% if unique_key %}end){% else %}else 0 end{% endif %} as {{ rule }}__{{ name }}
    {%- endfor %}
    from {{ model }}
    {%- if unique_key %}
    group by {{ unique_key | join(', ') }}
    {%- endif %}
),

checked as (
    -- not_null on a key column: read on the group's key, no per-row state in the aggregation
    select
        grouped.*
    {%- for rule, name, failing in rules if rule == 'not_null' and name | lower in key_columns %},
        case when {{ failing }} then row_count else 0 end as {{ rule }}__{{ name }}
    {%- endfor %}
    from grouped
)

select
    checked.*,
    {{ labels[0] if labels | length == 1 else dbt.concat(labels) }} as failed_rules
from checked
where
    {%- if unique_key %}
    row_count > 1
    {%- else %}
    1 = 0
    {%- endif %}
    {%- for rule, name, _ in rules %}
    or {{ rule }}__{{ name }} > 0
    {%- endfor %}

{% endtest %}
