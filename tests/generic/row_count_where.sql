{#- Fails unless exactly `expected` rows of the model satisfy the SQL `condition`. -#}
{% test row_count_where(model, condition, expected) %}

select row_count
from (
    select count(*) as row_count
    from {{ model }}
    where {{ condition }}
) as counted
where row_count <> {{ expected }}

{% endtest %}
