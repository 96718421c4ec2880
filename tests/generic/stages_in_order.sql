{#- Fails for rows where a stage timestamp of `columns` (in funnel order) is later than a later stage's, wherever both are set. -#}
{% test stages_in_order(model, columns, key_column=none) %}

{%- set pairs = [] -%}
{%- for earlier in columns -%}
    {%- for later in columns[loop.index:] -%}
        {%- do pairs.append([earlier, later]) -%}
    {%- endfor -%}
{%- endfor %}

with

model_rows as (
    select * from {{ model }}
),

violations as (
    {%- for pair in pairs %}
    select
        {% if key_column %}cast({{ key_column }} as {{ dbt.type_string() }}){% else %}cast(null as {{ dbt.type_string() }}){% endif %} as row_key,
        '{{ pair[0] }} > {{ pair[1] }}' as violation,
        {{ pair[0] }} as earlier_at,
        {{ pair[1] }} as later_at
    from model_rows
    where {{ pair[0] }} is not null
        and {{ pair[1] }} is not null
        and {{ pair[0] }} > {{ pair[1] }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from violations

{% endtest %}
