{#-
    The MQL events the draft scoring model (var scoring_draft_model_version) would have produced
    over the same history: the same evaluation (int_lead_mql_evaluations, is_draft_evaluation) and
    the same event logic (macro mql_events_ctes: recycling after the same sales statuses) as
    int_lead_mql_events, with the draft in force at every activity. No rows when the var is null.
    A table, not a view: the draft's event logic runs once per build, not once per reader and test
    (outcomes, monthly measures, its data tests). Incremental on the leads of int_leads_affected
    like int_lead_mql_events (their fingerprint covers every evaluated version's attributes); a
    changed draft (var or seeds) needs `--full-refresh`, as for int_lead_engagement_timeline.
-#}

with

{{ lead_funnel.incremental_by_affected_leads() }}

evaluations as (
    select * from {{ ref('int_lead_mql_evaluations') }}
    where
        is_qualifying
        and is_draft_evaluation
    {% if is_incremental() -%}
        and lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

{{ lead_funnel.mql_events_ctes('evaluations', keys='affected' if is_incremental() else none) }}

{{ lead_funnel.incremental_select('mql_events', 'lead_id', replaced_keys='affected') }}
