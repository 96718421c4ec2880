{#-
    MQL-definition health per MQL-cohort month and segment. Every band and target is a var
    (dbt_project.yml, `# --- funnel ---`); capacity, scoring-model versions and the action text
    of each verdict are seeds (seeds/funnel/). Months are those with any lead or MQL cohort.
-#}

with

monthly as (
    select * from {{ ref('fct_funnel_monthly') }}
    where segment <> 'unallocated'
),

mql_events as (
    select
        segment,
        cast({{ dbt.date_trunc('month', 'mql_at') }} as date) as event_month
    from {{ ref('int_lead_mql_events') }}
),

segments as (
    select segment from {{ ref('scoring_segments') }}
),

sales_capacity as (
    select * from {{ ref('sales_capacity') }}
),

model_versions as (
    select * from {{ ref('scoring_model_versions') }}
),

actions as (
    select * from {{ ref('funnel_health_actions') }}
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

rated as (
    select
        measured.*,
        cast(measured.sqls as {{ lead_funnel.type_double() }}) / nullif(measured.mqls, 0) as mql_to_sql_rate,
        cast(measured.sals as {{ lead_funnel.type_double() }}) / nullif(measured.decided_mqls, 0)
            as sal_acceptance_rate,
        cast(measured.rejected_mqls as {{ lead_funnel.type_double() }}) / nullif(measured.mqls, 0) as rejection_rate,
        cast(measured.mql_events as {{ lead_funnel.type_double() }}) / nullif(measured.bdr_count, 0) as mqls_per_bdr
    from measured
),

verdicts as (
    select
        rated.*,
        rated.mqls_per_bdr / nullif(rated.mqls_per_bdr_capacity, 0) as capacity_utilisation,
        case
            when not rated.is_cohort_mature then 'too_early'
            when rated.mqls < {{ var('funnel_health_min_mqls') }} or rated.mql_to_sql_rate is null
                then 'insufficient_volume'
            when rated.mql_to_sql_rate < {{ var('funnel_mql_to_sql_too_loose_below') }} then 'too_loose'
            when rated.mql_to_sql_rate < {{ var('funnel_mql_to_sql_healthy_from') }} then 'below_median'
            when rated.mql_to_sql_rate < {{ var('funnel_mql_to_sql_strong_from') }} then 'healthy'
            when rated.mql_to_sql_rate <= {{ var('funnel_mql_to_sql_too_strict_above') }} then 'strong'
            else 'too_strict'
        end as mql_to_sql_verdict,
        case
            when rated.decided_mqls < {{ var('funnel_health_min_mqls') }} or rated.sal_acceptance_rate is null
                then 'insufficient_volume'
            when rated.sal_acceptance_rate < {{ var('funnel_sal_acceptance_target_min') }} then 'below_target'
            when rated.sal_acceptance_rate > {{ var('funnel_sal_acceptance_target_max') }} then 'above_target'
            else 'on_target'
        end as sal_acceptance_verdict,
        case
            when rated.mqls < {{ var('funnel_health_min_mqls') }} or rated.rejection_rate is null
                then 'insufficient_volume'
            when rated.rejection_rate > {{ var('funnel_rejection_rate_too_high_above') }} then 'threshold_too_low'
            else 'ok'
        end as rejection_verdict,
        case
            when rated.mqls_per_bdr is null or rated.mqls_per_bdr_capacity is null then 'no_capacity_data'
            when not rated.is_complete_month then 'partial_month'
            when rated.mqls_per_bdr > rated.mqls_per_bdr_capacity then 'over_capacity'
            when
                rated.mqls_per_bdr
                < {{ var('funnel_capacity_under_utilised_below') }} * rated.mqls_per_bdr_capacity
                then 'under_utilised'
            else 'within_capacity'
        end as capacity_verdict,
        case
            when not rated.has_model_versions then 'no_model_version'
            when rated.scoring_model_version is null then 'backfilled'
            when rated.scoring_model_age_months > {{ var('funnel_scoring_model_stale_after_months') }}
                then 'stale'
            else 'current'
        end as scoring_model_verdict
    from rated
),

check_verdicts as (
    -- one row per month, segment and check, in the order a RevOps lead should look at them
    select
        report_month,
        segment,
        1 as check_order,
        'mql_to_sql_rate' as check_name,
        mql_to_sql_verdict as verdict
    from verdicts
    union all
    select
        report_month,
        segment,
        2 as check_order,
        'rejection_rate' as check_name,
        rejection_verdict as verdict
    from verdicts
    union all
    select
        report_month,
        segment,
        3 as check_order,
        'sal_acceptance_rate' as check_name,
        sal_acceptance_verdict as verdict
    from verdicts
    union all
    select
        report_month,
        segment,
        4 as check_order,
        'bdr_capacity' as check_name,
        capacity_verdict as verdict
    from verdicts
    union all
    select
        report_month,
        segment,
        5 as check_order,
        'scoring_model_age' as check_name,
        scoring_model_verdict as verdict
    from verdicts
),

attention as (
    select
        check_verdicts.report_month,
        check_verdicts.segment,
        check_verdicts.check_order,
        check_verdicts.check_name,
        actions.action,
        row_number() over (
            partition by check_verdicts.report_month, check_verdicts.segment
            order by check_verdicts.check_order
        ) as attention_rank
    from check_verdicts
    inner join actions
        on
            check_verdicts.check_name = actions.check_name
            and check_verdicts.verdict = actions.verdict
    where actions.needs_attention
),

attention_summary as (
    select
        report_month,
        segment,
        count(*) as attention_check_count,
        {{ dbt.listagg('check_name', "', '", 'order by check_order') }} as attention_checks,
        max(case when attention_rank = 1 then action end) as recommended_action
    from attention
    group by 1, 2
),

final as (
    select
        {{ lead_funnel.row_key(['verdicts.report_month', 'verdicts.segment']) }} as mql_definition_health_id,
        verdicts.report_month,
        verdicts.segment,
        verdicts.is_complete_month,
        verdicts.is_cohort_mature,
        verdicts.mqls,
        verdicts.mql_events,
        verdicts.sals,
        verdicts.sqls,
        verdicts.rejected_mqls,
        verdicts.decided_mqls,
        verdicts.mql_to_sql_rate,
        verdicts.mql_to_sql_verdict,
        verdicts.sal_acceptance_rate,
        cast({{ var('funnel_sal_acceptance_target_min') }} as {{ lead_funnel.type_double() }})
            as sal_acceptance_target_min,
        cast({{ var('funnel_sal_acceptance_target_max') }} as {{ lead_funnel.type_double() }})
            as sal_acceptance_target_max,
        verdicts.sal_acceptance_verdict,
        verdicts.rejection_rate,
        verdicts.rejection_verdict,
        verdicts.bdr_count,
        verdicts.mqls_per_bdr,
        verdicts.mqls_per_bdr_capacity,
        verdicts.capacity_utilisation,
        verdicts.capacity_verdict,
        verdicts.scoring_model_version,
        verdicts.scoring_model_effective_from,
        verdicts.scoring_model_age_months,
        verdicts.scoring_model_verdict,
        coalesce(attention_summary.attention_check_count, 0) > 0 as needs_attention,
        attention_summary.attention_checks,
        attention_summary.recommended_action
    from verdicts
    left join attention_summary
        on
            verdicts.report_month = attention_summary.report_month
            and verdicts.segment = attention_summary.segment
)

select * from final
