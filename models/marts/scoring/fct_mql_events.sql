{#-
    The MQL events (int_lead_mql_events has the logic: recycling, trigger, priority) as the
    contracted mart. Incremental (delete+insert on lead_id): the leads of int_leads_affected only.
-#}

with

{{ lead_funnel.incremental_by_affected_leads() }}

mql_events as (
    select * from {{ ref('int_lead_mql_events') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

final as (
    select
        mql_event_id,
        lead_id,
        account_id,
        mql_sequence,
        mql_at,
        mql_trigger,
        trigger_activity_id,
        trigger_activity_type,
        fit_score_at_mql,
        engagement_score_at_mql,
        lead_score_at_mql,
        segment,
        priority,
        fit_grade_at_mql,
        mql_score_threshold,
        scoring_model_version
    from mql_events
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='affected') }}
