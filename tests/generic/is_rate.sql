{#- Fails for rows where `column_name` is set and outside 0..1 (a rate is a share; null means no denominator). -#}
{% test is_rate(model, column_name) %}

select {{ column_name }}
from {{ model }}
where {{ lead_funnel.rate_out_of_range(column_name) }}

{% endtest %}
