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
    select leads.*
    from leads
    inner join current_version
        on leads.model_version = current_version.model_version
)

select * from final
