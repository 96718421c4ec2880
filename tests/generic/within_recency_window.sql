{#- Fails for rows whose timestamp `column_name` is older than `reference` minus `days_column` days, or later than `reference`. -#}
{% test within_recency_window(model, column_name, days_column, reference='as_of', where_condition=none) %}

{%- set reference_at = lead_funnel.as_of() if reference == 'as_of' else reference %}

select
    {{ column_name }},
    {{ days_column }}
from {{ model }}
where {{ column_name }} is not null
    and (
        {{ column_name }} < {{ dbt.dateadd('day', '-1 * ' ~ days_column, reference_at) }}
        or {{ column_name }} > {{ reference_at }}
    )
{%- if where_condition %}
    and ({{ where_condition }})
{%- endif %}

{% endtest %}
