-- One row per day from var semantic_time_spine_start to var semantic_time_spine_end: the time
-- spine MetricFlow joins metrics to (metric_time; months and years roll up from days).
with

days as (
    {{ dbt.date_spine(
        'day',
        'cast(' ~ dbt.string_literal(var('semantic_time_spine_start')) ~ ' as date)',
        'cast(' ~ dbt.string_literal(var('semantic_time_spine_end')) ~ ' as date)'
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
