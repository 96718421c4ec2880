{#-
    MQL events with recycling (fct_mql_events publishes them; the funnel models read them here so
    the DAG flows one way), each evaluated with the scoring-model version in force at its activity
    (is_active_evaluation; seed scoring_model_versions): switching versions leaves the events
    before the switch as they were. The logic is macro mql_events_ctes (macros/scoring.sql),
    shared with the draft's backtest (int_lead_mql_events_backtested).
-#}

with

evaluations as (
    select * from {{ ref('int_lead_mql_evaluations') }}
    where is_qualifying and is_active_evaluation
),

recycle_statuses as (
    select
        lead_id,
        changed_at
    from {{ ref('int_lead_status_history_repointed') }}
    where
        status in {{ lead_funnel.scoring_sql_list(var('scoring_recycle_statuses')) }}
        and changed_at <= {{ lead_funnel.as_of() }}
),

leads as (
    select * from {{ ref('int_leads_enriched') }}
),

{{ lead_funnel.mql_events_ctes('evaluations', 'recycle_statuses', 'leads') }},

final as (
    select * from mql_events
)

select * from final
