{#-
    The AQL qualifications of each account, set-based, with the account's counts where each was
    observed: the interval-to-event step of fct_aql_events, which adds the trigger activity, the
    buying committee and the account attributes. In the account timeline a qualifying stretch
    runs from the change point where the criteria start to hold to the one where they stop; it
    is observed at its first contact activity (the start itself when an activity started it,
    order 0, almost always; after a start by an expiry, the next activity before the stretch
    stopped); a stretch without an activity is not a qualification. The first observed stretch
    is a qualification, a later one only when observed at least one window (the account
    segment's) after the previous observed stretch stopped (macro aql_qualification_ctes). The
    counts are those of the change point at the start, or, after an expiry start, of the latest
    change point at or before the observing activity. Lookups by range only for the rare expiry
    starts. Incremental (delete+insert on account_id, macro incremental_by_affected_accounts): a
    run recomputes the accounts of int_aql_accounts_affected only.
-#}

with

{{ lead_funnel.incremental_by_affected_accounts() }}

timeline as (
    select * from {{ ref('int_aql_account_timeline') }}
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

{{ lead_funnel.aql_qualification_ctes('timeline', 'activities', 'accounts') }},

states_at_start as (
    select
        qualifications.account_id,
        qualifications.first_qualifying_at,
        timeline.engaged_contacts,
        timeline.high_intent_activities
    from qualifications
    inner join timeline
        on
            qualifications.account_id = timeline.account_id
            and qualifications.started_at = timeline.changed_at
            and timeline.change_order = 0
    where qualifications.start_order = 0
),

states_after_expiry_start as (
    -- the latest change point at or before the observing activity, within the stretch
    select
        qualifications.account_id,
        qualifications.first_qualifying_at,
        timeline.engaged_contacts,
        timeline.high_intent_activities,
        row_number() over (
            partition by qualifications.account_id, qualifications.first_qualifying_at
            order by timeline.changed_at desc, timeline.change_order desc
        ) as state_rank
    from qualifications
    inner join timeline
        on
            qualifications.account_id = timeline.account_id
            and qualifications.started_at <= timeline.changed_at
            and (
                qualifications.first_qualifying_at > timeline.changed_at
                or (qualifications.first_qualifying_at = timeline.changed_at and timeline.change_order = 0)
            )
    where qualifications.start_order = 1
),

states as (
    select * from states_at_start
    union all
    select
        account_id,
        first_qualifying_at,
        engaged_contacts,
        high_intent_activities
    from states_after_expiry_start
    where state_rank = 1
),

final as (
    select
        qualifications.account_id,
        qualifications.first_qualifying_at as aql_at,
        qualifications.recency_window_days,
        qualifications.previous_stopped_at as previous_qualification_stopped_at,
        states.engaged_contacts as engaged_contact_count,
        states.high_intent_activities as high_intent_activity_count
    from qualifications
    inner join states
        on
            qualifications.account_id = states.account_id
            and qualifications.first_qualifying_at = states.first_qualifying_at
)

{{ lead_funnel.incremental_select('final', 'account_id', replaced_keys='affected_accounts') }}
