{{
    config(
        materialized='table'
    )
}}
{#-
    A table, not a view: a few hundred rows read by the comparison mart and several tests; as a view
    each would replay both models' outcomes.
-#}
{#-
    One row per scoring model of the backtest (`active`, `draft`), month and segment: the first
    MQLs of the month under that model (int_scoring_model_mql_outcomes), their outcomes so far,
    the MQL events per BDR against capacity and the four health verdicts of
    rpt_mql_definition_health (macros funnel_*_verdict: one definition). The month x segment spine,
    its maturity, BDR capacity and the version in force come from int_mql_definition_health_measures;
    leads created per month and segment from int_funnel_monthly_cohorts.
-#}

with

outcomes as (
    select * from {{ ref('int_scoring_model_mql_outcomes') }}
),

active_events as (
    select
        'active' as scoring_model,
        segment,
        mql_at
    from {{ ref('int_lead_mql_events') }}
),

draft_events as (
    select
        'draft' as scoring_model,
        segment,
        mql_at
    from {{ ref('int_lead_mql_events_backtested') }}
),

health_months as (
    select * from {{ ref('int_mql_definition_health_measures') }}
),

lead_cohorts as (
    select
        cohort_month,
        segment,
        sum(leads) as lead_count
    from {{ ref('int_funnel_monthly_cohorts') }}
    where cohort_type = 'lead'
    group by 1, 2
),

scoring_models as (
    select 'active' as scoring_model
    {%- if var('scoring_draft_model_version', none) is not none %}
        union all
        select 'draft' as scoring_model
    {%- endif %}
),

mql_cohorts as (
    select
        scoring_model,
        mql_month,
        segment,
        max(scoring_model_version) as scoring_model_version,
        count(case when not is_sales_sourced then 1 end) as mql_count,
        count(sal_at) as sal_count,
        count(sql_at) as sql_count,
        count(won_at) as won_count,
        count(case when is_rejected then 1 end) as rejected_mql_count,
        count(case when sal_at is not null or is_rejected then 1 end) as decided_mql_count,
        {{ lead_funnel.median('days_to_sql') }} as median_days_to_sql
    from outcomes
    group by 1, 2, 3
),

event_counts as (
    select
        scoring_model,
        cast({{ dbt.date_trunc('month', 'mql_at') }} as date) as event_month,
        segment,
        count(*) as mql_event_count
    from (
        select * from active_events
        union all
        select * from draft_events
    ) as events
    group by 1, 2, 3
),

measured as (
    select
        scoring_models.scoring_model,
        health_months.report_month,
        health_months.segment,
        health_months.is_complete_month,
        health_months.is_cohort_mature,
        health_months.bdr_count,
        health_months.mqls_per_bdr_capacity,
        case
            when scoring_models.scoring_model = 'draft' then '{{ var("scoring_draft_model_version", "") }}'
            else coalesce(mql_cohorts.scoring_model_version, health_months.scoring_model_version)
        end as scoring_model_version,
        cast(coalesce(lead_cohorts.lead_count, 0) as bigint) as lead_count,
        cast(coalesce(mql_cohorts.mql_count, 0) as bigint) as mql_count,
        cast(coalesce(event_counts.mql_event_count, 0) as bigint) as mql_event_count,
        cast(coalesce(mql_cohorts.sal_count, 0) as bigint) as sal_count,
        cast(coalesce(mql_cohorts.sql_count, 0) as bigint) as sql_count,
        cast(coalesce(mql_cohorts.won_count, 0) as bigint) as won_count,
        cast(coalesce(mql_cohorts.rejected_mql_count, 0) as bigint) as rejected_mql_count,
        cast(coalesce(mql_cohorts.decided_mql_count, 0) as bigint) as decided_mql_count,
        cast(mql_cohorts.median_days_to_sql as {{ lead_funnel.type_double() }}) as median_days_to_sql
    from health_months
    cross join scoring_models
    left join mql_cohorts
        on
            scoring_models.scoring_model = mql_cohorts.scoring_model
            and health_months.report_month = mql_cohorts.mql_month
            and health_months.segment = mql_cohorts.segment
    left join event_counts
        on
            scoring_models.scoring_model = event_counts.scoring_model
            and health_months.report_month = event_counts.event_month
            and health_months.segment = event_counts.segment
    left join lead_cohorts
        on
            health_months.report_month = lead_cohorts.cohort_month
            and health_months.segment = lead_cohorts.segment
),

rated as (
    select
        measured.*,
        cast(measured.mql_count as {{ lead_funnel.type_double() }}) / nullif(measured.lead_count, 0) as share_of_leads,
        cast(measured.won_count as {{ lead_funnel.type_double() }}) / nullif(measured.mql_count, 0) as mql_to_won_rate,
        {{ lead_funnel.funnel_health_rate_columns(
            'measured', 'mql_count', 'sql_count', 'sal_count', 'decided_mql_count', 'rejected_mql_count', 'mql_event_count'
        ) }}
    from measured
),

final as (
    select
        rated.*,
        {{ lead_funnel.funnel_health_verdict_columns('rated', 'mql_count', 'decided_mql_count') }}
    from rated
)

select * from final
