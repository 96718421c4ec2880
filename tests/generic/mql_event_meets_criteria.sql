{#- Fails for MQL events (checked against the rules of their scoring_model_version) whose lead is disqualified or whose claimed path (score: gates + segment threshold + eligible source; hand_raiser: hand-raiser activity + fast-track fit, threshold not met) does not hold. -#}
{% test mql_event_meets_criteria(model, leads, segments, activity_points, lead_source_rules) %}

with

events as (
    select * from {{ model }}
),

leads as (
    select * from {{ leads }}
),

segments as (
    select * from {{ segments }}
),

activity_points as (
    select * from {{ activity_points }}
),

lead_source_rules as (
    select * from {{ lead_source_rules }}
),

checked as (
    select
        events.mql_event_id,
        events.lead_id,
        events.mql_trigger,
        events.trigger_activity_type,
        events.fit_score_at_mql,
        events.engagement_score_at_mql,
        events.lead_score_at_mql,
        segments.mql_score_threshold,
        leads.lead_id is not null as is_known_lead,
        coalesce(leads.is_disqualified, true) as is_disqualified,
        coalesce(lead_source_rules.is_hand_raiser_only, false) as is_hand_raiser_only_source,
        coalesce(activity_points.is_hand_raiser, false) as is_hand_raiser_activity,
        -- the MQL criteria's own definitions (macros/scoring.sql)
        {{ lead_funnel.mql_meets_score_threshold(
            'events.fit_score_at_mql', 'events.engagement_score_at_mql', 'events.lead_score_at_mql',
            'segments.mql_score_threshold'
        ) }} as meets_threshold,
        {{ lead_funnel.mql_meets_hand_raiser_fast_track(
            'coalesce(activity_points.is_hand_raiser, false)', 'events.fit_score_at_mql'
        ) }} as meets_fast_track
    from events
    left join leads
        on events.lead_id = leads.lead_id
    left join segments
        on
            events.segment = segments.segment
            and events.scoring_model_version = segments.model_version
    left join lead_source_rules
        on
            leads.lead_source = lead_source_rules.lead_source
            and events.scoring_model_version = lead_source_rules.model_version
    left join activity_points
        on
            events.trigger_activity_type = activity_points.activity_type
            and events.scoring_model_version = activity_points.model_version
)

select * from checked
where not is_known_lead
    or is_disqualified
    or lead_score_at_mql <> fit_score_at_mql + engagement_score_at_mql
    or engagement_score_at_mql > {{ var('scoring_engagement_cap') }}
    or mql_score_threshold is null
    or not (
        (
            mql_trigger = 'score'
            and meets_threshold
            and not is_hand_raiser_only_source
        )
        or (
            mql_trigger = 'hand_raiser'
            and meets_fast_track
            and (not meets_threshold or is_hand_raiser_only_source)
        )
    )

{% endtest %}
