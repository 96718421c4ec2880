{#- Fails for rows whose `column_name` is a `field` of a row of `to` that satisfies `where_condition` (e.g. no MQL for a disqualified lead). -#}
{% test not_in_relation_where(model, column_name, to, field, where_condition) %}

select model_rows.{{ column_name }}
from {{ model }} as model_rows
inner join {{ to }} as excluded
    on model_rows.{{ column_name }} = excluded.{{ field }}
where {{ where_condition }}

{% endtest %}
