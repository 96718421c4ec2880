-- One row per current MQL (dim_leads.meets_mql_criteria: the MQL criteria hold at as_of) with the unsalted
-- SHA-256 of its trimmed, lowercased email: the look-alike audience for ad platforms. The raw
-- email stays in staging; only its hash (computed in int_leads_profiled) reaches this model.
with

leads as (
    select * from {{ ref('dim_leads') }}
),

final as (
    select
        email_sha256,
        lead_id,
        segment,
        score_grade,
        lead_score,
        latest_mql_at,
        {{ lead_funnel.as_of() }} as audience_as_of
    from leads
    where meets_mql_criteria
)

select * from final
