{#-
    AQL events: the account qualifications of int_aql_qualifications_observed (the qualifying
    stretches of the account timeline, observed at a contact activity, re-qualifying only after
    a full window without) with the activity at which each was observed (trigger), the buying
    committee engaged at that instant and the account's attributes. Customers (a won opportunity
    closed at or before the event) give expansion events (is_expansion), not new-business AQLs.
    Incremental (delete+insert on account_id, macro incremental_by_affected_accounts): a run
    recomputes the accounts of int_aql_accounts_affected only.
-#}

with

{{ lead_funnel.incremental_by_affected_accounts() }}

events as (
    -- the qualifications, with the counts where each was observed
    select * from {{ ref('int_aql_qualifications_observed') }}
    {% if is_incremental() -%}
        where account_id in (select affected_accounts.account_id from affected_accounts)
    {%- endif %}
),

accounts as (
    select * from {{ ref('int_aql_accounts_scored') }}
    {% if is_incremental() -%}
        where account_id in (select affected_accounts.account_id from affected_accounts)
    {%- endif %}
),

activities as (
    select * from {{ ref('int_aql_contact_activities') }}
    {% if is_incremental() -%}
        where account_id in (select affected_accounts.account_id from affected_accounts)
    {%- endif %}
),

intervals as (
    select * from {{ ref('int_aql_contact_engaged_intervals') }}
    {% if is_incremental() -%}
        where account_id in (select affected_accounts.account_id from affected_accounts)
    {%- endif %}
),

contacts as (
    select * from {{ ref('int_aql_account_contacts') }}
    {% if is_incremental() -%}
        where account_id in (select affected_accounts.account_id from affected_accounts)
    {%- endif %}
),

trigger_candidates as (
    -- the activities at the instant the account qualified, ranked by id: one scan of the
    -- activities gives the trigger and its lead and type (no second join back on activity_id)
    select
        events.account_id,
        events.aql_at,
        activities.activity_id,
        activities.lead_id,
        activities.activity_type,
        row_number() over (
            partition by events.account_id, events.aql_at
            order by activities.activity_id
        ) as trigger_rank
    from events
    inner join activities
        on
            events.account_id = activities.account_id
            and events.aql_at = activities.occurred_at
),

triggers as (
    -- the activity at which the account qualified (the lowest id when several at that instant)
    select
        account_id,
        aql_at,
        activity_id as trigger_activity_id,
        lead_id as trigger_lead_id,
        activity_type as trigger_activity_type
    from trigger_candidates
    where trigger_rank = 1
),

committee as (
    -- buying-committee coverage among the contacts engaged at the event
    select
        events.account_id,
        events.aql_at,
        count(distinct contacts.committee_seniority) as seniority_levels_engaged,
        count(distinct contacts.committee_persona) as personas_engaged,
        max(case when contacts.is_decision_maker then 1 else 0 end) = 1 as has_decision_maker
    from events
    inner join intervals
        on
            events.account_id = intervals.account_id
            and (
                events.aql_at > intervals.engaged_from_at
                or (events.aql_at = intervals.engaged_from_at and intervals.engaged_from_order = 0)
            )
            and (
                intervals.engaged_until_at is null
                or events.aql_at < intervals.engaged_until_at
                or (events.aql_at = intervals.engaged_until_at and intervals.engaged_until_order = 1)
            )
    inner join contacts
        on intervals.lead_id = contacts.lead_id
    group by 1, 2
),

final as (
    select
        {{ lead_funnel.row_key(['events.account_id', 'triggers.trigger_activity_id']) }} as aql_event_id,
        events.account_id,
        events.aql_at,
        cast(
            row_number() over (
                partition by events.account_id
                order by events.aql_at
            ) as integer
        ) as aql_sequence,
        events.engaged_contact_count as engaged_contact_count_at_aql,
        events.high_intent_activity_count as high_intent_activity_count_at_aql,
        accounts.account_fit_score,
        accounts.segment,
        coalesce(accounts.customer_since_at <= events.aql_at, false) as is_expansion,
        triggers.trigger_activity_id,
        triggers.trigger_lead_id,
        triggers.trigger_activity_type,
        coalesce(committee.has_decision_maker, false) as has_decision_maker_at_aql,
        cast(coalesce(committee.personas_engaged, 0) as integer) as engaged_persona_count_at_aql,
        cast(coalesce(committee.seniority_levels_engaged, 0) as integer) as engaged_seniority_level_count_at_aql,
        events.recency_window_days,
        events.previous_qualification_stopped_at
    from events
    inner join accounts
        on events.account_id = accounts.account_id
    inner join triggers
        on
            events.account_id = triggers.account_id
            and events.aql_at = triggers.aql_at
    left join committee
        on
            events.account_id = committee.account_id
            and events.aql_at = committee.aql_at
)

{{ lead_funnel.incremental_select('final', 'account_id', replaced_keys='affected_accounts') }}
