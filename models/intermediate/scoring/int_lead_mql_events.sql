{#-
    MQL events with recycling (fct_mql_events publishes them; the funnel models read them here so
    the DAG flows one way), each evaluated with the scoring-model version in force at its activity
    (is_active_evaluation; seed scoring_model_versions): switching versions leaves the events
    before the switch as they were. The logic (recycling statuses included) is macro mql_events_ctes
    (macros/scoring.sql), shared with the draft's backtest (int_lead_mql_events_backtested).
-#}

with

evaluations as (
    select * from {{ ref('int_lead_mql_evaluations') }}
    where is_qualifying and is_active_evaluation
),

{{ lead_funnel.mql_events_ctes('evaluations') }}

select * from mql_events
