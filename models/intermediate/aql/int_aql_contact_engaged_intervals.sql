{{ config(materialized='table') }}
{#-
    When each contact was engaged, set-based (the technique of int_lead_engagement_timeline, which
    keeps only arrival points). Each activity adds its points at occurred_at (order 0) and takes
    them back once older than the window (at expires_at, order 1: after any arrival at that
    instant, so an activity exactly `window` days old still counts). Running sums per lead and
    type give the type's points in the window; the per-type cap, the running sum of capped changes
    per lead and the total cap give the engagement after every change point, arrivals AND expiries.
    The contact is engaged while engagement >= var aql_contact_min_engagement; consecutive
    changes of that flag bound the intervals. Expiries after as_of are left out (and one exactly at
    as_of too: the window ending at as_of still holds the activity), so an interval still open at
    the last change point is open at as_of. Materialized: read by the account timeline and
    dim_accounts, and much smaller than the activity stream it is computed from.
-#}

with

activities as (
    select * from {{ ref('int_aql_contact_activities') }}
    -- zero-point activities (sales touches, unknown types) never move engagement
    where points <> 0
),

point_deltas as (
    select
        contact_key,
        activity_id,
        activity_type,
        cap_per_window,
        occurred_at as delta_at,
        0 as delta_order,
        points as point_delta
    from activities
    union all
    select
        contact_key,
        activity_id,
        activity_type,
        cap_per_window,
        expires_at as delta_at,
        1 as delta_order,
        -points as point_delta
    from activities
    where expires_at < {{ lead_funnel.as_of() }}
),

type_points as (
    -- points of the type in the window after each change point (peers summed together)
    select
        point_deltas.*,
        cast(
            sum(point_deltas.point_delta) over (
                partition by point_deltas.contact_key, point_deltas.activity_type
                order by point_deltas.delta_at, point_deltas.delta_order
            ) as integer
        ) as type_points_in_window
    from point_deltas
),

type_capped as (
    select
        type_points.*,
        {{ lead_funnel.scoring_capped('type_points_in_window', 'cap_per_window') }} as type_capped_points
    from type_points
),

type_changes as (
    -- how much the type's capped contribution moved (the first peer carries the whole move)
    select
        contact_key,
        delta_at,
        delta_order,
        type_capped_points - coalesce(
            lag(type_capped_points) over (
                partition by contact_key, activity_type
                order by delta_at, delta_order, activity_id
            ),
            0
        ) as capped_points_change
    from type_capped
),

point_changes as (
    -- one row per contact and change point
    select
        contact_key,
        delta_at,
        delta_order,
        cast(sum(capped_points_change) as integer) as capped_points_change
    from type_changes
    group by 1, 2, 3
),

engagement as (
    select
        point_changes.*,
        least(
            {{ var('scoring_engagement_cap') }},
            coalesce(
                sum(point_changes.capped_points_change) over (
                    partition by point_changes.contact_key
                    order by point_changes.delta_at, point_changes.delta_order
                    rows between unbounded preceding and current row
                ),
                0
            )
        ) as engagement_score
    from point_changes
),

engaged_flags as (
    select
        engagement.*,
        engagement.engagement_score >= {{ var('aql_contact_min_engagement') }} as is_engaged,
        coalesce(
            lag(engagement.engagement_score >= {{ var('aql_contact_min_engagement') }}) over (
                partition by engagement.contact_key
                order by engagement.delta_at, engagement.delta_order
            ),
            false
        ) as was_engaged,
        -- (delta_at, delta_order) is unique per contact: the last change point has no next one
        lead(engagement.delta_at) over (
            partition by engagement.contact_key
            order by engagement.delta_at, engagement.delta_order
        ) is null as is_last_change
    from engagement
),

state_changes as (
    select
        engaged_flags.*,
        lead(engaged_flags.delta_at)
            over (partition by engaged_flags.contact_key order by engaged_flags.delta_at, engaged_flags.delta_order)
            as next_change_at,
        lead(engaged_flags.delta_order)
            over (partition by engaged_flags.contact_key order by engaged_flags.delta_at, engaged_flags.delta_order)
            as next_change_order
    from engaged_flags
    where engaged_flags.is_engaged <> engaged_flags.was_engaged
),

latest_engagement as (
    select
        contact_key,
        engagement_score
    from engaged_flags
    where is_last_change
),

contacts as (
    select
        contact_key,
        lead_id,
        account_id
    from {{ ref('int_aql_account_contacts') }}
),

final as (
    select
        contacts.lead_id,
        contacts.account_id,
        state_changes.delta_at as engaged_from_at,
        state_changes.delta_order as engaged_from_order,
        state_changes.next_change_at as engaged_until_at,
        state_changes.next_change_order as engaged_until_order,
        cast(
            case when state_changes.next_change_at is null then latest_engagement.engagement_score end
            as integer
        ) as engagement_score_at_as_of
    from state_changes
    inner join latest_engagement
        on state_changes.contact_key = latest_engagement.contact_key
    inner join contacts
        on state_changes.contact_key = contacts.contact_key
    where state_changes.is_engaged
)

select * from final
