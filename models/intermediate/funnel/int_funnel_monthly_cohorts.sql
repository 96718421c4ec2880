{#-
    Monthly funnel cohorts before spend (fct_funnel_monthly adds the spend and the rates), summed
    from int_funnel_cohort_members: every lead is counted once in its `lead` cohort (month of
    lead_at) and, when it has a funnel MQL, once in its `mql` cohort (month of mql_at).
    Conversions (sals .. won_amount_usd) count marketing-path leads only; sales-sourced leads have
    their own columns. Stages reached by implication count as reached; implied_sals /
    implied_sqls say how many were.
    Incremental (delete+insert on cohort_month, macro incremental_by_funnel_months): a run
    rebuilds the months of int_funnel_months_affected.
-#}

with

{{ lead_funnel.incremental_by_funnel_months() }}

cohort_members as (
    select * from {{ ref('int_funnel_cohort_members') }}
    {% if is_incremental() -%}
        where cohort_month in (select months_affected.cohort_month from months_affected)
    {%- endif %}
),

final as (
    select
        cohort_type,
        cohort_month,
        segment,
        lead_source,
        count(*) as leads,
        count(mql_at) as mqls,
        count(case when is_marketing then sal_reached_at end) as sals,
        count(case when is_marketing then sql_reached_at end) as sqls,
        count(case when is_marketing then opportunity_at end) as opportunities,
        count(case when is_marketing then won_at end) as wins,
        sum(case when is_marketing then won_amount_usd end) as won_amount_usd,
        count(case when mql_at is not null and is_rejected then 1 end) as rejected_mqls,
        count(case when mql_at is not null and (sal_reached_at is not null or is_rejected) then 1 end)
            as decided_mqls,
        count(case when is_sales_sourced then 1 end) as sales_sourced_leads,
        count(case when is_sales_sourced then sql_reached_at end) as sales_sourced_sqls,
        count(case when is_sales_sourced then opportunity_at end) as sales_sourced_opportunities,
        count(case when is_sales_sourced then won_at end) as sales_sourced_wins,
        sum(case when is_sales_sourced then won_amount_usd end) as sales_sourced_won_amount_usd,
        {{ lead_funnel.funnel_sla_measured_count('is_sla_met') }} as sla_measured_mqls,
        {{ lead_funnel.funnel_sla_met_count('is_sla_met') }} as sla_met_mqls,
        {{ lead_funnel.median('days_mql_to_sql') }} as median_days_mql_to_sql,
        count(case when is_marketing and is_sal_implied then 1 end) as implied_sals,
        count(case when is_marketing and is_sql_implied then 1 end) as implied_sqls
    from cohort_members
    group by 1, 2, 3, 4
)

{{ lead_funnel.incremental_select('final', 'cohort_month', replaced_keys='months_affected') }}
