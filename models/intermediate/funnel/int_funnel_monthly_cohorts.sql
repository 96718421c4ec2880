{#-
    Monthly funnel cohorts before spend (fct_funnel_monthly adds the spend and the rates). Every
    lead is counted once in its `lead` cohort (month of lead_at) and, when it has a funnel MQL,
    once in its `mql` cohort (month of mql_at). Conversions (sals .. won_amount_usd) count
    marketing-path leads only; sales-sourced leads have their own columns. A lead that reached a
    later stage has reached the earlier ones it skipped (a won opportunity without a `qualified`
    status reached SQL; an SQL without an `accepted` status reached SAL): those stages count as
    reached - implied, and implied_sals / implied_sqls say how many were.
-#}

with

stages as (
    select * from {{ ref('int_lead_funnel_stages') }}
),

sla as (
    select * from {{ ref('int_lead_mql_sla') }}
),

cohort_types as (
    select 'lead' as cohort_type
    union all
    select 'mql' as cohort_type
),

cohort_members as (
    select
        stages.lead_id,
        cohort_types.cohort_type,
        cast(
            case
                when cohort_types.cohort_type = 'lead' then {{ dbt.date_trunc('month', 'stages.lead_at') }}
                else {{ dbt.date_trunc('month', 'stages.mql_at') }}
            end as date
        ) as cohort_month,
        stages.segment,
        coalesce(stages.lead_source, 'unknown') as lead_source,
        stages.entry_path = 'marketing' as is_marketing,
        stages.entry_path = 'sales_sourced' as is_sales_sourced,
        stages.mql_at,
        stages.sal_at,
        stages.sql_at,
        stages.opportunity_at,
        stages.won_at,
        stages.won_amount_usd,
        -- a later stage implies the earlier ones it skipped (macros/funnel.sql, one definition)
        {{ lead_funnel.funnel_stage_reached_at('sal', 'stages') }} as sal_reached_at,
        {{ lead_funnel.funnel_stage_reached_at('sql', 'stages') }} as sql_reached_at,
        {{ lead_funnel.funnel_stage_is_implied('sal', 'stages') }} as is_sal_implied,
        {{ lead_funnel.funnel_stage_is_implied('sql', 'stages') }} as is_sql_implied,
        stages.is_rejected,
        {{ lead_funnel.elapsed_days('stages.mql_at', 'stages.sql_at') }} as days_mql_to_sql,
        sla.sla_met
    from stages
    inner join sla
        on stages.lead_id = sla.lead_id
    inner join cohort_types
        on
            cohort_types.cohort_type = 'lead'
            or stages.mql_at is not null
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
        {{ lead_funnel.funnel_sla_measured_count('sla_met') }} as sla_measured_mqls,
        {{ lead_funnel.funnel_sla_met_count('sla_met') }} as sla_met_mqls,
        {{ lead_funnel.median('days_mql_to_sql') }} as median_days_mql_to_sql,
        count(case when is_marketing and is_sal_implied then 1 end) as implied_sals,
        count(case when is_marketing and is_sql_implied then 1 end) as implied_sqls
    from cohort_members
    group by 1, 2, 3, 4
)

select * from final
