{#-
    The canonical leads whose rows of int_leads_enriched_by_model_version an incremental run
    recomputes: stamped by int_lead_profile_fingerprints at or after macro
    incremental_lookback_start (so a run that failed is caught up by the next one within the
    lookback), removed leads included (their rows are deleted). Every lead when a scoring seed or
    the versions evaluated changed (the rules fingerprint). A view: leads-scale.
-#}

with

fingerprints as (
    select * from {{ ref('int_lead_profile_fingerprints') }}
),

final as (
    select lead_id
    from fingerprints
    where changed_as_of >= {{ lead_funnel.incremental_lookback_start() }}
)

select * from final
