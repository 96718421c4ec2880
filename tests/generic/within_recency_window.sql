{#- Fails for rows whose timestamp `column_name` is older than `reference` minus `days_column` days, or later than `reference`. -#}
{% test within_recency_window(model, column_name, days_column, reference='as_of', where_condition=none) %}

{%- set reference_at = lead_funnel.as_of() if reference == 'as_of' else reference %}

select
    {{ column_name }},
    {{ days_column }}
from {{ model }}
where {{ column_name }} is not null
    -- the window's one definition (macros/scoring.sql)
    and not {{ lead_funnel.scoring_in_engagement_window(column_name, reference_at, days_column) }}
{%- if where_condition %}
    and ({{ where_condition }})
{%- endif %}

{% endtest %}
