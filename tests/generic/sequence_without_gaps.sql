{#- Fails for every partition whose `column_name` values are not exactly 1..n (no gaps, no repeats). -#}
{% test sequence_without_gaps(model, column_name, partition_by) %}

with

per_partition as (
    select
        {{ partition_by }} as partition_key,
        min({{ column_name }}) as min_sequence,
        max({{ column_name }}) as max_sequence,
        count(*) as row_count,
        count(distinct {{ column_name }}) as distinct_count
    from {{ model }}
    group by 1
)

select * from per_partition
where min_sequence <> 1
    or max_sequence <> row_count
    or distinct_count <> row_count
    or min_sequence is null

{% endtest %}
