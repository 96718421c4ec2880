{#- Fails for every row where the SQL `expression` is false (column-level: `<column> <expression>`). -#}
{% test expression_is_true(model, expression, column_name=none, where_condition=none) %}

{%- set full_expression = (column_name ~ ' ' ~ expression) if column_name else expression %}

select * from {{ model }}
where not ({{ full_expression }})
{%- if where_condition %}
    and ({{ where_condition }})
{%- endif %}

{% endtest %}
