{{
    config(
        materialized='table'
    )
}}
{#-
    A table, not a view: the draft's event logic runs once per build, not once per reader and test
    (outcomes, monthly measures, its data tests).
-#}
{#-
    The MQL events the draft scoring model (var scoring_draft_model_version) would have produced
    over the same history: the same evaluation (int_lead_mql_evaluations, is_draft_evaluation) and
    the same event logic (macro mql_events_ctes: recycling after the same sales statuses) as
    int_lead_mql_events, with the draft in force at every activity. No rows when the var is null.
-#}

with

evaluations as (
    select * from {{ ref('int_lead_mql_evaluations') }}
    where is_qualifying and is_draft_evaluation
),

{{ lead_funnel.mql_events_ctes('evaluations') }}

select * from mql_events
