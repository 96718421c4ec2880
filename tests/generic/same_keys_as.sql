{#- Fails for every key in `column_name` of the model missing from `field` of `to`, or the other way round (same grain, no fan-out). -#}
{% test same_keys_as(model, column_name, to, field) %}

with

model_keys as (
    select distinct {{ column_name }} as key_value from {{ model }}
),

reference_keys as (
    select distinct {{ field }} as key_value from {{ to }}
),

compared as (
    select
        coalesce(model_keys.key_value, reference_keys.key_value) as key_value,
        case when model_keys.key_value is null then 'missing_from_model' else 'missing_from_reference' end
            as problem
    from model_keys
    full outer join reference_keys
        on model_keys.key_value = reference_keys.key_value
    where model_keys.key_value is null
        or reference_keys.key_value is null
)

select * from compared

{% endtest %}
