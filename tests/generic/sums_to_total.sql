{#- Fails for rows whose `column_name` differs from the sum of `points_column` of their rows in `components` (no rows = 0). -#}
{% test sums_to_total(model, column_name, components, key_column, points_column='points', where_condition=none) %}

with

component_totals as (
    select
        {{ key_column }} as component_key,
        sum({{ points_column }}) as component_total
    from {{ components }}
    {%- if where_condition %}
    where {{ where_condition }}
    {%- endif %}
    group by 1
),

compared as (
    select
        model_rows.{{ key_column }},
        model_rows.{{ column_name }} as total,
        coalesce(component_totals.component_total, 0) as component_total
    from {{ model }} as model_rows
    left join component_totals
        on model_rows.{{ key_column }} = component_totals.component_key
)

select * from compared
where total <> component_total
    or total is null

{% endtest %}
