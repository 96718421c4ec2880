{#-
    The five MQL-definition health verdicts per MQL-cohort month and segment, from the measures
    (int_mql_definition_health_measures). Every band and target is a var (dbt_project.yml,
    `# --- funnel ---`).
-#}

with

measures as (
    select * from {{ ref('int_mql_definition_health_measures') }}
),

final as (
    select
        measures.report_month,
        measures.segment,
        measures.is_complete_month,
        measures.is_cohort_mature,
        measures.mqls,
        measures.mql_events,
        measures.sals,
        measures.sqls,
        measures.rejected_mqls,
        measures.decided_mqls,
        measures.bdr_count,
        measures.mqls_per_bdr_capacity,
        measures.scoring_model_version,
        measures.scoring_model_effective_from,
        measures.scoring_model_age_months,
        measures.has_model_versions,
        measures.mql_to_sql_rate,
        measures.sal_acceptance_rate,
        measures.rejection_rate,
        measures.mqls_per_bdr,
        measures.mqls_per_bdr / nullif(measures.mqls_per_bdr_capacity, 0) as capacity_utilisation,
        case
            when not measures.is_cohort_mature then 'too_early'
            when measures.mqls < {{ var('funnel_health_min_mqls') }} or measures.mql_to_sql_rate is null
                then 'insufficient_volume'
            when measures.mql_to_sql_rate < {{ var('funnel_mql_to_sql_too_loose_below') }} then 'too_loose'
            when measures.mql_to_sql_rate < {{ var('funnel_mql_to_sql_healthy_from') }} then 'below_median'
            when measures.mql_to_sql_rate < {{ var('funnel_mql_to_sql_strong_from') }} then 'healthy'
            when measures.mql_to_sql_rate <= {{ var('funnel_mql_to_sql_too_strict_above') }} then 'strong'
            else 'too_strict'
        end as mql_to_sql_verdict,
        case
            when measures.decided_mqls < {{ var('funnel_health_min_mqls') }} or measures.sal_acceptance_rate is null
                then 'insufficient_volume'
            when measures.sal_acceptance_rate < {{ var('funnel_sal_acceptance_target_min') }} then 'below_target'
            when measures.sal_acceptance_rate > {{ var('funnel_sal_acceptance_target_max') }} then 'above_target'
            else 'on_target'
        end as sal_acceptance_verdict,
        case
            when measures.mqls < {{ var('funnel_health_min_mqls') }} or measures.rejection_rate is null
                then 'insufficient_volume'
            when measures.rejection_rate > {{ var('funnel_rejection_rate_too_high_above') }} then 'threshold_too_low'
            else 'ok'
        end as rejection_verdict,
        case
            when measures.mqls_per_bdr is null or measures.mqls_per_bdr_capacity is null then 'no_capacity_data'
            when not measures.is_complete_month then 'partial_month'
            when measures.mqls_per_bdr > measures.mqls_per_bdr_capacity then 'over_capacity'
            when
                measures.mqls_per_bdr
                < {{ var('funnel_capacity_under_utilised_below') }} * measures.mqls_per_bdr_capacity
                then 'under_utilised'
            else 'within_capacity'
        end as capacity_verdict,
        case
            when not measures.has_model_versions then 'no_model_version'
            when measures.scoring_model_version is null then 'backfilled'
            when measures.scoring_model_age_months > {{ var('funnel_scoring_model_stale_after_months') }}
                then 'stale'
            else 'current'
        end as scoring_model_verdict
    from measures
)

select * from final
