{#- Fails for AQL events whose criteria, recomputed from the contacts' activities in the window [aql_at - window, aql_at] (engaged contacts, high-intent activities, account fit gate, trigger at aql_at), do not hold or differ from what the event claims. -#}
{% test aql_event_meets_criteria(model, accounts, activities) %}

with

events as (
    select * from {{ model }}
),

accounts as (
    select * from {{ accounts }}
),

activities as (
    select * from {{ activities }}
),

window_activities as (
    -- every activity of the account's contacts inside the event's window
    select
        events.account_id,
        events.aql_at,
        activities.lead_id,
        activities.activity_type,
        activities.points,
        activities.cap_per_window,
        activities.is_high_intent
    from events
    inner join accounts
        on events.account_id = accounts.account_id
    inner join activities
        on events.account_id = activities.account_id
        and {{ lead_funnel.scoring_in_engagement_window(
            'activities.occurred_at', 'events.aql_at', 'accounts.recency_window_days'
        ) }}
),

type_points as (
    select
        account_id,
        aql_at,
        lead_id,
        activity_type,
        {{ lead_funnel.scoring_capped('sum(points)', 'max(cap_per_window)') }} as capped_points
    from window_activities
    group by 1, 2, 3, 4
),

contact_engagement as (
    select
        account_id,
        aql_at,
        lead_id,
        {{ lead_funnel.scoring_engagement_total_capped('sum(capped_points)') }} as engagement_score
    from type_points
    group by 1, 2, 3
),

engaged_counts as (
    select
        account_id,
        aql_at,
        count(*) as engaged_contacts
    from contact_engagement
    where engagement_score >= {{ var('aql_contact_min_engagement') }}
    group by 1, 2
),

intent_counts as (
    select
        account_id,
        aql_at,
        count(*) as high_intent_activities
    from window_activities
    where is_high_intent
    group by 1, 2
),

triggers as (
    select
        activity_id,
        account_id,
        occurred_at
    from activities
),

checked as (
    select
        events.account_id,
        events.aql_at,
        events.engaged_contact_count_at_aql,
        events.high_intent_activity_count_at_aql,
        events.account_fit_score,
        accounts.account_fit_score as current_account_fit_score,
        coalesce(engaged_counts.engaged_contacts, 0) as recomputed_engaged_contacts,
        coalesce(intent_counts.high_intent_activities, 0) as recomputed_high_intent_activities,
        triggers.occurred_at as trigger_occurred_at,
        triggers.account_id as trigger_account_id
    from events
    left join accounts
        on events.account_id = accounts.account_id
    left join engaged_counts
        on events.account_id = engaged_counts.account_id
        and events.aql_at = engaged_counts.aql_at
    left join intent_counts
        on events.account_id = intent_counts.account_id
        and events.aql_at = intent_counts.aql_at
    left join triggers
        on events.trigger_activity_id = triggers.activity_id
)

select * from checked
where current_account_fit_score is null
    or account_fit_score <> current_account_fit_score
    or account_fit_score < {{ var('aql_account_fit_gate') }}
    or recomputed_engaged_contacts < {{ var('aql_min_engaged_contacts') }}
    or recomputed_high_intent_activities < {{ var('aql_min_high_intent_activities') }}
    or engaged_contact_count_at_aql <> recomputed_engaged_contacts
    or high_intent_activity_count_at_aql <> recomputed_high_intent_activities
    or trigger_occurred_at is null
    or trigger_occurred_at <> aql_at
    or trigger_account_id <> account_id

{% endtest %}
