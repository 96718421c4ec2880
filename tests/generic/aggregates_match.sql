{#- Fails for each named check whose aggregate over `model` (filtered by where_condition) differs from its aggregate over `to` (filtered by to_where_condition) by more than `tolerance`. -#}
{% test aggregates_match(model, to, checks, where_condition=none, to_where_condition=none, tolerance=0) %}

{#- checks: {name: [aggregate over model, aggregate over to]}, e.g. {mqls: ['sum(mqls)', 'count(mql_at)']} -#}

with

model_totals as (
    select
    {%- for name, pair in checks.items() %}
        {{ pair[0] }} as {{ name }}{% if not loop.last %},{% endif %}
    {%- endfor %}
    from {{ model }}
    {%- if where_condition %}
    where {{ where_condition }}
    {%- endif %}
),

reference_totals as (
    select
    {%- for name, pair in checks.items() %}
        {{ pair[1] }} as {{ name }}{% if not loop.last %},{% endif %}
    {%- endfor %}
    from {{ to }}
    {%- if to_where_condition %}
    where {{ to_where_condition }}
    {%- endif %}
),

compared as (
    {%- for name in checks %}
    select
        '{{ name }}' as check_name,
        cast(model_totals.{{ name }} as {{ dbt.type_numeric() }}) as model_total,
        cast(reference_totals.{{ name }} as {{ dbt.type_numeric() }}) as reference_total
    from model_totals
    cross join reference_totals
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from compared
where abs(coalesce(model_total, 0) - coalesce(reference_total, 0)) > {{ tolerance }}

{% endtest %}
