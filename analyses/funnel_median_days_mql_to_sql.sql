-- Median days from MQL to SQL by MQL month and segment. Medians do not add up across rows, so
-- this reads the lead-level fact (fct_funnel_monthly.median_days_mql_to_sql is per segment and
-- source).
with

funnel as (
    select * from {{ ref('fct_lead_funnel') }}
    where
        entry_path = 'marketing'
        and sql_at is not null
),

final as (
    select
        cast({{ dbt.date_trunc('month', 'mql_at') }} as date) as mql_month,
        segment,
        count(*) as sqls,
        {{ lead_funnel.median('days_mql_to_sql') }} as median_days_mql_to_sql
    from funnel
    group by 1, 2
)

select * from final
order by 1, 2
