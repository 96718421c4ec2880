{#-
    One row per canonical lead under the scoring-model version in force at as_of (the shared lead
    grain of scoring, AQL and funnel): int_leads_enriched_by_model_version for that version.
-#}

with

leads as (
    select * from {{ ref('int_leads_enriched_by_model_version') }}
),

current_version as (
    select model_version from {{ ref('int_scoring_model_versions') }}
    where is_in_force_at_as_of
),

final as (
    select
        leads.lead_id,
        leads.model_version,
        leads.account_id,
        leads.account_match_method,
        leads.email_domain,
        leads.email_sha256,
        leads.email_type,
        leads.is_competitor,
        leads.seniority,
        leads.persona,
        leads.lead_source,
        leads.is_hand_raiser_only_source,
        leads.country,
        leads.employee_count,
        leads.industry,
        leads.is_icp_industry,
        leads.segment,
        leads.mql_score_threshold,
        leads.recency_window_days,
        leads.duplicate_lead_count,
        leads.lead_created_at,
        leads.fit_score,
        leads.is_disqualified,
        leads.disqualification_reason,
        leads.fit_grade
    from leads
    inner join current_version
        on leads.model_version = current_version.model_version
)

select * from final
