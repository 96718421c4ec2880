-- MQL->SQL rate by MQL month and lead source (all segments). Rates of fct_funnel_monthly are per
-- segment: to roll up, sum the counts and divide again. Recent months are not mature yet (their
-- MQLs can still become SQLs): compare months at least var funnel_cohort_maturity_days old.
with

monthly as (
    select * from {{ ref('fct_funnel_monthly') }}
    where cohort_type = 'mql'
),

final as (
    select
        cohort_month,
        lead_source,
        sum(mql_count) as mql_count,
        sum(sql_count) as sql_count,
        1.0 * sum(sql_count) / nullif(sum(mql_count), 0) as mql_to_sql_rate
    from monthly
    group by 1, 2
)

select * from final
order by 1, 2
