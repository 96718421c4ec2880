{#- Fails for rows where `column_name` is set and outside 0..1 (a rate is a share; null means no denominator). -#}
{% test is_rate(model, column_name) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} < 0
    or {{ column_name }} > 1

{% endtest %}
