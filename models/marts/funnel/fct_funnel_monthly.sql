{#-
    Monthly funnel cohorts (int_funnel_monthly_cohorts: every lead once in its `lead` cohort,
    and once in its `mql` cohort when it has a funnel MQL; conversions count marketing-path leads
    only) with their campaign spend (int_funnel_spend_allocated: per month and lead source,
    allocated to the cohort's segments in whole cents; spend of a month and source without any
    cohort member on a row with segment `unallocated`) and the rates.
    Incremental (delete+insert on cohort_month, macro incremental_by_funnel_months): a run
    rebuilds the months of int_funnel_months_affected.
-#}

with

{{ lead_funnel.incremental_by_funnel_months() }}

cohorts as (
    select * from {{ ref('int_funnel_monthly_cohorts') }}
    {% if is_incremental() -%}
        where cohort_month in (select months_affected.cohort_month from months_affected)
    {%- endif %}
),

allocated_spend as (
    select * from {{ ref('int_funnel_spend_allocated') }}
    {% if is_incremental() -%}
        where cohort_month in (select months_affected.cohort_month from months_affected)
    {%- endif %}
),

cohorts_with_spend as (
    select
        cohorts.*,
        coalesce(allocated_spend.spend_cents, 0) as spend_cents
    from cohorts
    left join allocated_spend
        on
            cohorts.cohort_type = allocated_spend.cohort_type
            and cohorts.cohort_month = allocated_spend.cohort_month
            and cohorts.segment = allocated_spend.segment
            and cohorts.lead_source = allocated_spend.lead_source
            and not allocated_spend.is_unallocated
),

unallocated as (
    select * from allocated_spend
    where is_unallocated
),

unallocated_rows as (
    select
        cohort_type,
        cohort_month,
        segment,
        lead_source,
        0 as leads,
        0 as mqls,
        0 as sals,
        0 as sqls,
        0 as opportunities,
        0 as wins,
        cast(null as decimal(18, 2)) as won_amount_usd,
        0 as rejected_mqls,
        0 as decided_mqls,
        0 as sales_sourced_leads,
        0 as sales_sourced_sqls,
        0 as sales_sourced_opportunities,
        0 as sales_sourced_wins,
        cast(null as decimal(18, 2)) as sales_sourced_won_amount_usd,
        0 as sla_measured_mqls,
        0 as sla_met_mqls,
        cast(null as {{ lead_funnel.type_double() }}) as median_days_mql_to_sql,
        0 as implied_sals,
        0 as implied_sqls,
        spend_cents
    from unallocated
),

unioned as (
    select * from cohorts_with_spend
    union all
    select * from unallocated_rows
),

final as (
    select
        {{ lead_funnel.row_key(['cohort_type', 'cohort_month', 'segment', 'lead_source']) }} as funnel_monthly_id,
        cohort_type,
        cohort_month,
        segment,
        lead_source,
        cast(leads as bigint) as lead_count,
        cast(mqls as bigint) as mql_count,
        cast(sals as bigint) as sal_count,
        cast(sqls as bigint) as sql_count,
        cast(implied_sals as bigint) as implied_sal_count,
        cast(implied_sqls as bigint) as implied_sql_count,
        cast(opportunities as bigint) as opportunity_count,
        cast(wins as bigint) as win_count,
        cast(coalesce(won_amount_usd, 0) as decimal(18, 2)) as won_amount_usd,
        cast(sals as {{ lead_funnel.type_double() }}) / nullif(mqls, 0) as mql_to_sal_rate,
        cast(sqls as {{ lead_funnel.type_double() }}) / nullif(mqls, 0) as mql_to_sql_rate,
        cast(wins as {{ lead_funnel.type_double() }}) / nullif(sqls, 0) as sql_to_won_rate,
        cast(wins as {{ lead_funnel.type_double() }}) / nullif(mqls, 0) as mql_to_won_rate,
        cast(median_days_mql_to_sql as {{ lead_funnel.type_double() }}) as median_days_mql_to_sql,
        {{ lead_funnel.funnel_sla_met_rate('sla_met_mqls', 'sla_measured_mqls') }} as sla_met_rate,
        cast(spend_cents / 100.0 as decimal(18, 2)) as spend_usd,
        cast(spend_cents / 100.0 / nullif(mqls, 0) as decimal(18, 2)) as cost_per_mql,
        cast(spend_cents / 100.0 / nullif(sqls, 0) as decimal(18, 2)) as cost_per_sql,
        cast(rejected_mqls as bigint) as rejected_mql_count,
        cast(decided_mqls as bigint) as decided_mql_count,
        cast(sla_measured_mqls as bigint) as sla_measured_mql_count,
        cast(sla_met_mqls as bigint) as sla_met_mql_count,
        cast(sales_sourced_leads as bigint) as sales_sourced_lead_count,
        cast(sales_sourced_sqls as bigint) as sales_sourced_sql_count,
        cast(sales_sourced_opportunities as bigint) as sales_sourced_opportunity_count,
        cast(sales_sourced_wins as bigint) as sales_sourced_win_count,
        cast(coalesce(sales_sourced_won_amount_usd, 0) as decimal(18, 2)) as sales_sourced_won_amount_usd
    from unioned
)

{{ lead_funnel.incremental_select('final', 'cohort_month', replaced_keys='months_affected') }}
