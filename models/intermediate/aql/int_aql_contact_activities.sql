{{ config(materialized='table') }}
{#-
    A table: the engaged-interval model and the tests on this model each read it; as a view every
    one of them would re-run the activity × contact join (about a minute at 30M activities).
-#}

with

activities as (
    select * from {{ ref('int_activities_scored') }}
    where occurred_at <= {{ lead_funnel.as_of() }}
),

contacts as (
    select * from {{ ref('int_aql_account_contacts') }}
    -- a disqualified contact (competitor) is no buying signal: none of its activities count
    where not is_disqualified
),

high_intent_activities as (
    select lower(trim(activity_type)) as activity_type from {{ ref('aql_high_intent_activities') }}
),

final as (
    select
        activities.activity_id,
        activities.lead_id,
        contacts.contact_key,
        contacts.account_id,
        activities.activity_type,
        activities.occurred_at,
        activities.points,
        activities.cap_per_window,
        high_intent_activities.activity_type is not null as is_high_intent,
        contacts.recency_window_days,
        -- the activity counts in windows ending up to and including this instant
        {{ lead_funnel.scoring_window_expires_at(
            'activities.occurred_at', 'contacts.recency_window_days'
        ) }} as expires_at
    from activities
    inner join contacts
        on activities.lead_id = contacts.lead_id
    left join high_intent_activities
        on activities.activity_type = high_intent_activities.activity_type
)

select * from final
