{#-
    The AQL counts over time per account, set-based: one delta sweep per account. Engaged
    contacts: +1 at the start and -1 at the end of every engaged interval of a contact. High-intent
    activities in the window: +1 when one occurs (order 0), -1 when it leaves the window (order 1:
    just after occurred_at + window, as in the engagement windows). Deltas at the same change
    point are summed, so the running sums are the counts after it. Only change points of the
    counts are rows (other activities change nothing: fct_aql_events finds the activity at which
    a qualifying stretch was first observed), and only accounts that pass the fit gate (fit is
    static: current firmographics), the others can never qualify. No activity x activity join.
    Incremental (delete+insert on account_id, macro incremental_by_affected_accounts): a run
    recomputes the accounts of int_aql_accounts_affected only.
-#}

with

{{ lead_funnel.incremental_by_affected_accounts() }}

accounts as (
    select * from {{ ref('int_aql_accounts_scored') }}
    where meets_fit_gate
    {% if is_incremental() -%}
        and account_id in (select affected_accounts.account_id from affected_accounts)
    {%- endif %}
),

high_intent_activities as (
    select
        accounts.account_key,
        activities.occurred_at,
        {{ lead_funnel.scoring_window_expires_at('activities.occurred_at', 'activities.recency_window_days') }}
            as expires_at
    from {{ ref('int_aql_contact_activities') }} as activities
    inner join accounts
        on activities.account_id = accounts.account_id
    where activities.is_high_intent
),

intervals as (
    select
        accounts.account_key,
        intervals.engaged_from_at,
        intervals.engaged_from_order,
        intervals.engaged_until_at,
        intervals.engaged_until_order
    from {{ ref('int_aql_contact_engaged_intervals') }} as intervals
    inner join accounts
        on intervals.account_id = accounts.account_id
),

deltas as (
    select
        account_key,
        engaged_from_at as delta_at,
        engaged_from_order as delta_order,
        1 as engaged_contacts_delta,
        0 as high_intent_delta
    from intervals
    union all
    select
        account_key,
        engaged_until_at as delta_at,
        engaged_until_order as delta_order,
        -1 as engaged_contacts_delta,
        0 as high_intent_delta
    from intervals
    where engaged_until_at is not null
    union all
    select
        account_key,
        occurred_at as delta_at,
        0 as delta_order,
        0 as engaged_contacts_delta,
        1 as high_intent_delta
    from high_intent_activities
    union all
    select
        account_key,
        expires_at as delta_at,
        1 as delta_order,
        0 as engaged_contacts_delta,
        -1 as high_intent_delta
    from high_intent_activities
    where expires_at < {{ lead_funnel.as_of() }}
),

change_points as (
    -- one row per account and change point
    select
        account_key,
        delta_at,
        delta_order,
        cast(sum(engaged_contacts_delta) as integer) as engaged_contacts_delta,
        cast(sum(high_intent_delta) as integer) as high_intent_delta
    from deltas
    group by 1, 2, 3
),

running as (
    select
        change_points.account_key,
        change_points.delta_at,
        change_points.delta_order,
        sum(change_points.engaged_contacts_delta) over (
            partition by change_points.account_key
            order by change_points.delta_at, change_points.delta_order
            rows between unbounded preceding and current row
        ) as engaged_contacts,
        sum(change_points.high_intent_delta) over (
            partition by change_points.account_key
            order by change_points.delta_at, change_points.delta_order
            rows between unbounded preceding and current row
        ) as high_intent_activities
    from change_points
),

final as (
    select
        accounts.account_id,
        running.delta_at as changed_at,
        running.delta_order as change_order,
        cast(running.engaged_contacts as integer) as engaged_contacts,
        cast(running.high_intent_activities as integer) as high_intent_activities,
        (
            running.engaged_contacts >= {{ var('aql_min_engaged_contacts') }}
            and running.high_intent_activities >= {{ var('aql_min_high_intent_activities') }}
        ) as is_qualifying
    from running
    inner join accounts
        on running.account_key = accounts.account_key
)

{{ lead_funnel.incremental_select('final', 'account_id', replaced_keys='affected_accounts') }}
