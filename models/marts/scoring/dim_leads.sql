{#-
    One row per canonical lead at as_of (int_leads_enriched, scored in int_leads_scored) with its
    MQL history (int_lead_mql_events). Incremental (delete+insert on lead_id): a run recomputes
    the leads of int_leads_affected only.
-#}

-- depends_on: {{ ref('int_leads_scored') }}  (its definition is inlined below: lineage kept)
-- depends_on: {{ ref('stg_raw__activities') }}  (and the three below: the definition of
-- depends_on: {{ ref('stg_raw__leads') }}  int_activities_scored, inlined on incremental runs)
-- depends_on: {{ ref('int_scoring_model_versions') }}
-- depends_on: {{ ref('scoring_activity_points') }}
with

{{ lead_funnel.incremental_by_affected_leads() }}

leads as (
    select * from {{ ref('int_leads_enriched') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

-- int_leads_scored, of the affected leads only on incremental runs (filtered before its
-- group-bys: macro leads_scored_ctes)
{{ lead_funnel.leads_scored_ctes('scores', 'affected' if is_incremental() else none) }},

mql_events as (
    select * from {{ ref('int_lead_mql_events') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

crm_identities as (
    -- the source and CRM ids of the (surviving) lead record, for reverse ETL
    select
        lead_id,
        source_system,
        crm_lead_id,
        crm_contact_id
    from {{ ref('stg_raw__leads') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

mql_summary as (
    select
        lead_id,
        min(mql_at) as first_mql_at,
        max(mql_at) as latest_mql_at,
        count(*) as mql_count
    from mql_events
    group by 1
),

final as (
    select
        leads.lead_id,
        leads.account_id,
        leads.account_match_method,
        leads.email_domain,
        leads.email_sha256,
        leads.segment,
        leads.seniority,
        leads.persona,
        leads.email_type,
        leads.lead_source,
        leads.fit_score,
        scores.engagement_score,
        cast(scores.lead_score as integer) as lead_score,
        leads.fit_grade,
        scores.engagement_grade,
        {{ dbt.concat(['leads.fit_grade', 'scores.engagement_grade']) }} as score_grade,
        leads.is_disqualified,
        leads.disqualification_reason,
        scores.meets_mql_criteria,
        mql_summary.first_mql_at,
        mql_summary.latest_mql_at,
        cast(coalesce(mql_summary.mql_count, 0) as bigint) as mql_count,
        leads.lead_created_at,
        leads.is_competitor,
        leads.is_hand_raiser_only_source,
        scores.has_hand_raiser_in_window,
        leads.mql_score_threshold,
        leads.recency_window_days,
        leads.employee_count,
        leads.is_icp_industry,
        leads.duplicate_lead_count,
        crm_identities.source_system,
        crm_identities.crm_lead_id,
        crm_identities.crm_contact_id
    from leads
    inner join scores
        on leads.lead_id = scores.lead_id
    left join mql_summary
        on leads.lead_id = mql_summary.lead_id
    left join crm_identities
        on leads.lead_id = crm_identities.lead_id
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='affected') }}
