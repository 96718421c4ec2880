-- Cost per MQL and per SQL by lead source over the last 12 complete months before as_of, from the
-- MQL cohort (spend of the month / MQLs of the month). Sources without campaign spend show 0.
with

monthly as (
    select * from {{ ref('fct_funnel_monthly') }}
    where
        cohort_type = 'mql'
        and cohort_month >= cast({{ dbt.dateadd('month', -12, dbt.date_trunc('month', lead_funnel.as_of())) }} as date)
        and cohort_month < cast({{ dbt.date_trunc('month', lead_funnel.as_of()) }} as date)
),

final as (
    select
        lead_source,
        sum(spend_usd) as spend_usd,
        sum(mql_count) as mql_count,
        sum(sql_count) as sql_count,
        sum(spend_usd) / nullif(sum(mql_count), 0) as cost_per_mql,
        sum(spend_usd) / nullif(sum(sql_count), 0) as cost_per_sql
    from monthly
    group by 1
)

select * from final
order by 2 desc, 1 asc
