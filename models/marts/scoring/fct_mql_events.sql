{#- The MQL events (int_lead_mql_events has the logic: recycling, trigger, priority) as the contracted mart. -#}

with

mql_events as (
    select * from {{ ref('int_lead_mql_events') }}
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

select * from final
