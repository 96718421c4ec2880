{#- Fails for rows whose `column_name` is less than `days_column` days after the previous row's of the same `partition_by` (events spaced by at least a window). -#}
{% test min_days_between_rows(model, column_name, partition_by, days_column) %}

with

ordered as (
    select
        {{ partition_by }} as partition_key,
        {{ column_name }} as event_at,
        {{ days_column }} as min_days,
        lag({{ column_name }}) over (
            partition by {{ partition_by }}
            order by {{ column_name }}
        ) as previous_event_at
    from {{ model }}
)

select * from ordered
where previous_event_at is not null
    and event_at < {{ dbt.dateadd('day', 'min_days', 'previous_event_at') }}

{% endtest %}
