{#-
    One row per canonical lead and scoring-model version evaluated (int_scoring_model_versions):
    profile, fit score, fit grade and disqualification under that version's rules.
    int_leads_enriched is the version in force at as_of; the MQL evaluation reads every version.
    Materialized, not a view: this is the shared lead grain (scoring, AQL, funnel) read by many
    models and tests, and building it runs regular-expression matching (title and academic
    patterns from seeds) that should happen once per run, not once per reader. Incremental on
    lead_id (macro incremental_by_affected_keys): a run recomputes every version's rows of the
    leads of int_leads_profile_changed (their staged rows, matched account or its row changed,
    removed leads, or every lead when a scoring seed or the versions evaluated changed: detected
    by int_lead_profile_fingerprints, no --full-refresh needed). It cannot read
    int_leads_affected or int_leads_changed: both are downstream of it.
-#}

with

{{ lead_funnel.incremental_by_affected_keys('lead_id', 'int_leads_profile_changed', 'affected') }}

leads as (
    select * from {{ ref('int_leads_profiled') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

fit_components as (
    select * from {{ ref('int_lead_fit_components') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

grade_bands as (
    select * from {{ ref('int_scoring_grade_bands') }}
    where grade_type = 'fit'
),

fit_scores as (
    select
        lead_id,
        model_version,
        sum(points) as fit_score,
        min(disqualification_reason) as disqualification_reason
    from fit_components
    group by 1, 2
),

scored as (
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
        cast(coalesce(fit_scores.fit_score, 0) as integer) as fit_score,
        fit_scores.disqualification_reason is not null as is_disqualified,
        fit_scores.disqualification_reason
    from leads
    left join fit_scores
        on
            leads.lead_id = fit_scores.lead_id
            and leads.model_version = fit_scores.model_version
),

final as (
    select
        scored.*,
        grade_bands.grade as fit_grade
    from scored
    left join grade_bands
        on
            scored.model_version = grade_bands.model_version
            and {{ lead_funnel.scoring_in_grade_band('scored.fit_score', 'grade_bands') }}
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='affected') }}
