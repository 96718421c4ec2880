{#- Fails for rows whose `key_column` has no row in `to` (on `field`, filtered by to_where_condition) but where a column of `zero_columns` is not 0 or a column of `false_columns` is not false. -#}
{% test zero_without_related_rows(model, key_column, to, field, zero_columns=[], false_columns=[], to_where_condition=none) %}

with

related_keys as (
    select distinct {{ field }} as key_value
    from {{ to }}
    where {{ field }} is not null
    {%- if to_where_condition %}
        and ({{ to_where_condition }})
    {%- endif %}
),

unrelated_rows as (
    select model_rows.*
    from {{ model }} as model_rows
    left join related_keys
        on model_rows.{{ key_column }} = related_keys.key_value
    where related_keys.key_value is null
)

select * from unrelated_rows
where false
{%- for column in zero_columns %}
    or coalesce({{ column }}, 0) <> 0
{%- endfor %}
{%- for column in false_columns %}
    or coalesce({{ column }}, false)
{%- endfor %}

{% endtest %}
