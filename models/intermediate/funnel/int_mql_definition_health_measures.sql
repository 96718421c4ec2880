{#-
    MQL-definition health measures per MQL-cohort month and segment (rpt_mql_definition_health
    adds the verdicts): MQL cohort counts (int_funnel_monthly_cohorts), MQL events per month,
    BDR capacity (seed sales_capacity), the scoring-model version in effect (seed
    scoring_model_versions) and the rates. Months are those with any lead or MQL cohort.
-#}

with

monthly as (
    -- cohorts of a known segment (the report is per segment of seed scoring_segments)
    select * from {{ ref('int_funnel_monthly_cohorts') }}
    where segment is not null
),

mql_events as (
    select
        segment,
        cast({{ dbt.date_trunc('month', 'mql_at') }} as date) as event_month
    from {{ ref('int_lead_mql_events') }}
),

segments as (
    -- the segments of every scoring-model version in force over the history (not the draft's)
    select distinct segments.segment
    from {{ ref('scoring_segments') }} as segments
    inner join {{ ref('int_scoring_model_versions') }} as model_versions
        on segments.model_version = model_versions.model_version
    where model_versions.has_been_in_force
),

sales_capacity as (
    select * from {{ ref('sales_capacity') }}
),

model_versions as (
    select * from {{ ref('scoring_model_versions') }}
),

months as (
    select distinct cohort_month as report_month
    from monthly
),

segment_months as (
    select
        months.report_month,
        segments.segment
    from months
    cross join segments
),

mql_cohorts as (
    select
        cohort_month,
        segment,
        sum(mqls) as mqls,
        sum(sals) as sals,
        sum(sqls) as sqls,
        sum(rejected_mqls) as rejected_mqls,
        sum(decided_mqls) as decided_mqls
    from monthly
    where cohort_type = 'mql'
    group by 1, 2
),

mql_event_counts as (
    select
        event_month,
        segment,
        count(*) as mql_events
    from mql_events
    group by 1, 2
),

capacity_periods as (
    -- a capacity row applies from its month until the segment's next row
    select
        segment,
        month as applies_from,
        lead(month) over (partition by segment order by month) as applies_until,
        bdr_count,
        mqls_per_bdr_capacity
    from sales_capacity
),

ranked_versions as (
    -- the scoring-model version in effect in each month: the latest that took effect by its end
    select
        months.report_month,
        model_versions.version,
        model_versions.effective_from,
        row_number() over (
            partition by months.report_month
            order by model_versions.effective_from desc
        ) as version_rank
    from months
    inner join model_versions
        on model_versions.effective_from < {{ dbt.dateadd('month', 1, 'months.report_month') }}
),

versions_in_effect as (
    select
        report_month,
        version,
        effective_from
    from ranked_versions
    where version_rank = 1
),

has_versions as (
    select count(*) > 0 as has_model_versions from model_versions
),

measured as (
    select
        segment_months.report_month,
        segment_months.segment,
        {{ dbt.dateadd('month', 1, 'segment_months.report_month') }} <= {{ lead_funnel.as_of() }}
            as is_complete_month,
        {{ dbt.dateadd(
            'day', var('funnel_cohort_maturity_days'), dbt.dateadd('month', 1, 'segment_months.report_month')
        ) }} <= {{ lead_funnel.as_of() }} as is_cohort_mature,
        cast(coalesce(mql_cohorts.mqls, 0) as bigint) as mqls,
        cast(coalesce(mql_event_counts.mql_events, 0) as bigint) as mql_events,
        cast(coalesce(mql_cohorts.sals, 0) as bigint) as sals,
        cast(coalesce(mql_cohorts.sqls, 0) as bigint) as sqls,
        cast(coalesce(mql_cohorts.rejected_mqls, 0) as bigint) as rejected_mqls,
        cast(coalesce(mql_cohorts.decided_mqls, 0) as bigint) as decided_mqls,
        cast(capacity_periods.bdr_count as integer) as bdr_count,
        cast(capacity_periods.mqls_per_bdr_capacity as integer) as mqls_per_bdr_capacity,
        versions_in_effect.version as scoring_model_version,
        versions_in_effect.effective_from as scoring_model_effective_from,
        cast(
            {{ dbt.datediff('versions_in_effect.effective_from', 'segment_months.report_month', 'month') }}
            as integer
        ) as scoring_model_age_months,
        has_versions.has_model_versions
    from segment_months
    cross join has_versions
    left join mql_cohorts
        on
            segment_months.report_month = mql_cohorts.cohort_month
            and segment_months.segment = mql_cohorts.segment
    left join mql_event_counts
        on
            segment_months.report_month = mql_event_counts.event_month
            and segment_months.segment = mql_event_counts.segment
    left join capacity_periods
        on
            segment_months.segment = capacity_periods.segment
            and segment_months.report_month >= capacity_periods.applies_from
            and (capacity_periods.applies_until is null or segment_months.report_month < capacity_periods.applies_until)
    left join versions_in_effect
        on segment_months.report_month = versions_in_effect.report_month
),

final as (
    select
        measured.*,
        {{ lead_funnel.funnel_health_rate_columns(
            'measured', 'mqls', 'sqls', 'sals', 'decided_mqls', 'rejected_mqls', 'mql_events'
        ) }}
    from measured
)

select * from final
