{#-
    Monthly funnel cohorts. Every lead is counted once in its `lead` cohort (month of lead_at) and,
    when it has a funnel MQL, once in its `mql` cohort (month of mql_at). Conversions (sals ..
    won_amount_usd) count marketing-path leads only; sales-sourced leads have their own columns.
    Spend is per month and lead source: it is allocated to the segments of the cohort by their
    share of the cohort's members of that source and month (leads for the `lead` cohort, MQLs
    for the `mql` cohort), in whole cents, the remainder going to the largest segment (ties: the
    first segment by name). Spend of a month and source without any cohort member goes to a row
    with segment `unallocated`, so each cohort type carries exactly the staged spend.
-#}

with

funnel as (
    select * from {{ ref('fct_lead_funnel') }}
),

spend as (
    select * from {{ ref('int_campaign_spend_monthly') }}
),

cohort_types as (
    select 'lead' as cohort_type
    union all
    select 'mql' as cohort_type
),

cohort_members as (
    select
        funnel.lead_id,
        cohort_types.cohort_type,
        cast(
            case
                when cohort_types.cohort_type = 'lead' then {{ dbt.date_trunc('month', 'funnel.lead_at') }}
                else {{ dbt.date_trunc('month', 'funnel.mql_at') }}
            end as date
        ) as cohort_month,
        funnel.segment,
        coalesce(funnel.lead_source, 'unknown') as lead_source,
        funnel.entry_path = 'marketing' as is_marketing,
        funnel.entry_path = 'sales_sourced' as is_sales_sourced,
        funnel.mql_at,
        funnel.sal_at,
        funnel.sql_at,
        funnel.opportunity_at,
        funnel.won_at,
        funnel.won_amount_usd,
        funnel.is_rejected,
        funnel.days_mql_to_sql,
        funnel.sla_met
    from funnel
    inner join cohort_types
        on
            cohort_types.cohort_type = 'lead'
            or funnel.mql_at is not null
),

cohorts as (
    select
        cohort_type,
        cohort_month,
        segment,
        lead_source,
        count(*) as leads,
        count(mql_at) as mqls,
        count(case when is_marketing then sal_at end) as sals,
        count(case when is_marketing then sql_at end) as sqls,
        count(case when is_marketing then opportunity_at end) as opportunities,
        count(case when is_marketing then won_at end) as wins,
        sum(case when is_marketing then won_amount_usd end) as won_amount_usd,
        count(case when mql_at is not null and is_rejected then 1 end) as rejected_mqls,
        count(case when mql_at is not null and (sal_at is not null or is_rejected) then 1 end) as decided_mqls,
        count(case when is_sales_sourced then 1 end) as sales_sourced_leads,
        count(case when is_sales_sourced then sql_at end) as sales_sourced_sqls,
        count(case when is_sales_sourced then opportunity_at end) as sales_sourced_opportunities,
        count(case when is_sales_sourced then won_at end) as sales_sourced_wins,
        sum(case when is_sales_sourced then won_amount_usd end) as sales_sourced_won_amount_usd,
        count(sla_met) as sla_measured_mqls,
        count(case when sla_met then 1 end) as sla_met_mqls,
        {{ lead_funnel.median('days_mql_to_sql') }} as median_days_mql_to_sql
    from cohort_members
    group by 1, 2, 3, 4
),

weighted as (
    select
        cohort_type,
        cohort_month,
        segment,
        lead_source,
        case when cohort_type = 'lead' then leads else mqls end as allocation_weight
    from cohorts
),

source_totals as (
    select
        cohort_type,
        cohort_month,
        lead_source,
        sum(allocation_weight) as total_weight
    from weighted
    group by 1, 2, 3
),

floored as (
    select
        weighted.cohort_type,
        weighted.cohort_month,
        weighted.segment,
        weighted.lead_source,
        spend.spend_cents,
        cast(
            floor(1.0 * spend.spend_cents * weighted.allocation_weight / source_totals.total_weight) as bigint
        ) as floor_cents,
        row_number() over (
            partition by weighted.cohort_type, weighted.cohort_month, weighted.lead_source
            order by weighted.allocation_weight desc, weighted.segment asc
        ) as weight_rank
    from weighted
    inner join source_totals
        on
            weighted.cohort_type = source_totals.cohort_type
            and weighted.cohort_month = source_totals.cohort_month
            and weighted.lead_source = source_totals.lead_source
    inner join spend
        on
            weighted.cohort_month = spend.spend_month
            and weighted.lead_source = spend.lead_source
),

allocated as (
    select
        cohort_type,
        cohort_month,
        segment,
        lead_source,
        floor_cents
        + case
            when weight_rank = 1
                then spend_cents - sum(floor_cents) over (partition by cohort_type, cohort_month, lead_source)
            else 0
        end as spend_cents
    from floored
),

unallocated as (
    -- spend of a month and source with no member in the cohort type
    select
        cohort_types.cohort_type,
        spend.spend_month as cohort_month,
        'unallocated' as segment,
        spend.lead_source,
        spend.spend_cents
    from spend
    cross join cohort_types
    left join source_totals
        on
            cohort_types.cohort_type = source_totals.cohort_type
            and spend.spend_month = source_totals.cohort_month
            and spend.lead_source = source_totals.lead_source
    where source_totals.lead_source is null
),

cohorts_with_spend as (
    select
        cohorts.*,
        coalesce(allocated.spend_cents, 0) as spend_cents
    from cohorts
    left join allocated
        on
            cohorts.cohort_type = allocated.cohort_type
            and cohorts.cohort_month = allocated.cohort_month
            and cohorts.segment = allocated.segment
            and cohorts.lead_source = allocated.lead_source
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
        cast(leads as bigint) as leads,
        cast(mqls as bigint) as mqls,
        cast(sals as bigint) as sals,
        cast(sqls as bigint) as sqls,
        cast(opportunities as bigint) as opportunities,
        cast(wins as bigint) as wins,
        cast(coalesce(won_amount_usd, 0) as decimal(18, 2)) as won_amount_usd,
        cast(sals as {{ lead_funnel.type_double() }}) / nullif(mqls, 0) as mql_to_sal_rate,
        cast(sqls as {{ lead_funnel.type_double() }}) / nullif(mqls, 0) as mql_to_sql_rate,
        cast(wins as {{ lead_funnel.type_double() }}) / nullif(sqls, 0) as sql_to_won_rate,
        cast(wins as {{ lead_funnel.type_double() }}) / nullif(mqls, 0) as mql_to_won_rate,
        cast(median_days_mql_to_sql as {{ lead_funnel.type_double() }}) as median_days_mql_to_sql,
        cast(sla_met_mqls as {{ lead_funnel.type_double() }}) / nullif(sla_measured_mqls, 0) as sla_met_rate,
        cast(spend_cents / 100.0 as decimal(18, 2)) as spend_usd,
        cast(spend_cents / 100.0 / nullif(mqls, 0) as decimal(18, 2)) as cost_per_mql,
        cast(spend_cents / 100.0 / nullif(sqls, 0) as decimal(18, 2)) as cost_per_sql,
        cast(rejected_mqls as bigint) as rejected_mqls,
        cast(decided_mqls as bigint) as decided_mqls,
        cast(sla_measured_mqls as bigint) as sla_measured_mqls,
        cast(sla_met_mqls as bigint) as sla_met_mqls,
        cast(sales_sourced_leads as bigint) as sales_sourced_leads,
        cast(sales_sourced_sqls as bigint) as sales_sourced_sqls,
        cast(sales_sourced_opportunities as bigint) as sales_sourced_opportunities,
        cast(sales_sourced_wins as bigint) as sales_sourced_wins,
        cast(coalesce(sales_sourced_won_amount_usd, 0) as decimal(18, 2)) as sales_sourced_won_amount_usd
    from unioned
)

select * from final
