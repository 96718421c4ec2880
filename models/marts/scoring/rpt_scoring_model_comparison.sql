{#-
    The draft scoring model against the model in force, side by side: one row per MQL month and
    segment with the measures and health verdicts of each (int_scoring_model_monthly: first MQLs
    of the month under each model, their outcomes so far, MQL events per BDR against seed
    sales_capacity, the verdicts of rpt_mql_definition_health) and the change in MQL volume.
    `active_*` is what happened (the version in force at each MQL), `draft_*` what the draft of
    var scoring_draft_model_version would have done over the same history (null without a draft).
-#}

with

monthly as (
    select * from {{ ref('int_scoring_model_monthly') }}
),

active as (
    select * from monthly
    where scoring_model = 'active'
),

draft as (
    select * from monthly
    where scoring_model = 'draft'
),

final as (
    select
        {{ lead_funnel.row_key(['active.report_month', 'active.segment']) }} as scoring_model_comparison_id,
        active.report_month,
        active.segment,
        active.is_complete_month,
        active.is_cohort_mature,
        active.lead_count,
        active.bdr_count,
        active.mqls_per_bdr_capacity,
        active.mql_count as active_mql_count,
        active.mql_event_count as active_mql_event_count,
        active.share_of_leads as active_share_of_leads,
        active.sal_count as active_sal_count,
        active.sql_count as active_sql_count,
        active.won_count as active_won_count,
        active.rejected_mql_count as active_rejected_mql_count,
        active.decided_mql_count as active_decided_mql_count,
        active.sal_acceptance_rate as active_sal_acceptance_rate,
        active.mql_to_sql_rate as active_mql_to_sql_rate,
        active.mql_to_won_rate as active_mql_to_won_rate,
        active.median_days_to_sql as active_median_days_to_sql,
        active.mqls_per_bdr as active_mqls_per_bdr,
        active.mql_to_sql_verdict as active_mql_to_sql_verdict,
        active.sal_acceptance_verdict as active_sal_acceptance_verdict,
        active.rejection_rate as active_rejection_rate,
        active.rejection_verdict as active_rejection_verdict,
        active.capacity_verdict as active_capacity_verdict,
        active.scoring_model_version as active_scoring_model_version,
        draft.mql_count as draft_mql_count,
        draft.mql_event_count as draft_mql_event_count,
        draft.share_of_leads as draft_share_of_leads,
        draft.sal_count as draft_sal_count,
        draft.sql_count as draft_sql_count,
        draft.won_count as draft_won_count,
        draft.rejected_mql_count as draft_rejected_mql_count,
        draft.decided_mql_count as draft_decided_mql_count,
        draft.sal_acceptance_rate as draft_sal_acceptance_rate,
        draft.mql_to_sql_rate as draft_mql_to_sql_rate,
        draft.mql_to_won_rate as draft_mql_to_won_rate,
        draft.median_days_to_sql as draft_median_days_to_sql,
        draft.mqls_per_bdr as draft_mqls_per_bdr,
        draft.mql_to_sql_verdict as draft_mql_to_sql_verdict,
        draft.sal_acceptance_verdict as draft_sal_acceptance_verdict,
        draft.rejection_rate as draft_rejection_rate,
        draft.rejection_verdict as draft_rejection_verdict,
        draft.capacity_verdict as draft_capacity_verdict,
        draft.scoring_model_version as draft_scoring_model_version,
        draft.mql_count - active.mql_count as mql_count_change,
        cast(draft.mql_count - active.mql_count as {{ lead_funnel.type_double() }}) / nullif(active.mql_count, 0)
            as mql_count_change_rate
    from active
    left join draft
        on
            active.report_month = draft.report_month
            and active.segment = draft.segment
)

select * from final
