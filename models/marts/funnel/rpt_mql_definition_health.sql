{#-
    MQL-definition health per MQL-cohort month and segment: the measures and verdicts
    (int_mql_definition_health_verdicts) with the checks that need attention, in the order a
    RevOps lead should look at them, and the recommended action of the first (seed
    funnel_health_actions).
-#}

with

verdicts as (
    select * from {{ ref('int_mql_definition_health_verdicts') }}
),

actions as (
    select * from {{ ref('funnel_health_actions') }}
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
        verdicts.mqls as mql_count,
        verdicts.mql_events as mql_event_count,
        verdicts.sals as sal_count,
        verdicts.sqls as sql_count,
        verdicts.rejected_mqls as rejected_mql_count,
        verdicts.decided_mqls as decided_mql_count,
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
        coalesce(attention_summary.attention_check_count, 0) > 0 as is_attention_needed,
        attention_summary.attention_checks,
        attention_summary.recommended_action
    from verdicts
    left join attention_summary
        on
            verdicts.report_month = attention_summary.report_month
            and verdicts.segment = attention_summary.segment
)

select * from final
