{#-
    The five MQL-definition health verdicts per MQL-cohort month and segment, from the measures
    (int_mql_definition_health_measures). Every band and target is a var (dbt_project.yml,
    `# --- funnel ---`); the verdicts are macros (macros/funnel.sql) shared with
    rpt_scoring_model_comparison.
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
        {{ lead_funnel.funnel_health_verdict_columns('measures', 'mqls', 'decided_mqls') }},
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
