{#-
    One row per canonical lead under the scoring-model version in force at as_of (the shared lead
    grain of scoring, AQL and funnel): the rows of int_leads_enriched_by_model_version for that
    version, column for column (one definition of the lead's profile and fit).
-#}

with

leads as (
    select * from {{ ref('int_leads_enriched_by_model_version') }}
    where {{ lead_funnel.scoring_model_version_is('is_in_force_at_as_of') }}
)

-- the columns of int_leads_enriched_by_model_version (listed in YAML), one definition
select * from leads  -- noqa: AM04
