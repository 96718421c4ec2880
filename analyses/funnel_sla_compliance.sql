-- Speed-to-lead SLA compliance by MQL month and priority (seed sla_targets: high 5 minutes,
-- standard 24 hours). MQLs still inside their window and untouched (is_sla_met null) are pending,
-- not failures.
with

funnel as (
    select * from {{ ref('fct_lead_funnel') }}
    where mql_at is not null
),

final as (
    select
        cast({{ dbt.date_trunc('month', 'mql_at') }} as date) as mql_month,
        mql_priority,
        max(sla_minutes) as sla_minutes,
        count(*) as mqls,
        {{ lead_funnel.funnel_sla_measured_count('is_sla_met') }} as sla_measured_mqls,
        {{ lead_funnel.funnel_sla_met_count('is_sla_met') }} as sla_met_mqls,
        count(case when is_sla_met is null then 1 end) as sla_pending_mqls,
        count(first_sales_touch_at) as touched_mqls,
        {{ lead_funnel.funnel_sla_met_rate(
            lead_funnel.funnel_sla_met_count('is_sla_met'), lead_funnel.funnel_sla_measured_count('is_sla_met')
        ) }} as sla_met_rate,
        {{ lead_funnel.median('minutes_to_first_touch') }} as median_minutes_to_first_touch
    from funnel
    group by 1, 2
)

select * from final
order by 1, 2
