{#-
    MQL events with recycling (fct_mql_events publishes them; the funnel models read them here so
    the DAG flows one way), each evaluated with the scoring-model version in force at its activity
    (is_active_evaluation; seed scoring_model_versions): switching versions leaves the events
    before the switch as they were. The logic (recycling statuses included) is macro mql_events_ctes
    (macros/scoring.sql), shared with the draft's backtest (int_lead_mql_events_backtested).
    Incremental on the leads of int_leads_affected (macro incremental_by_affected_leads): a lead's
    events depend only on its own inputs, which its fingerprint covers; a table, so the funnel
    models, dim_leads and fct_mql_events read the events instead of each replaying the timeline.
-#}

with

{{ lead_funnel.incremental_by_affected_leads() }}

evaluations as (
    select * from {{ ref('int_lead_mql_evaluations') }}
    where
        is_qualifying
        and is_active_evaluation
    {% if is_incremental() -%}
        and lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

{{ lead_funnel.mql_events_ctes('evaluations', keys='affected' if is_incremental() else none) }}

{{ lead_funnel.incremental_select('mql_events', 'lead_id', replaced_keys='affected') }}
