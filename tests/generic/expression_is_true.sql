{#- Fails for every row where the boolean SQL `expression` is false (null counts as true). -#}
{% test expression_is_true(model, expression, where_condition=none) %}

select * from {{ model }}
where not ({{ expression }})
{%- if where_condition %}
    and ({{ where_condition }})
{%- endif %}

{% endtest %}
