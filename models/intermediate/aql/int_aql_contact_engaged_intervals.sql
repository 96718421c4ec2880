{#-
    When each contact was engaged, set-based (macro scoring_capped_engagement_ctes, as
    int_lead_engagement_timeline, which keeps only arrival points). Each activity adds its points
    at occurred_at (order 0) and takes them back once older than the window (at expires_at,
    order 1: after any arrival at that instant, so an activity exactly `window` days old still
    counts). The macro gives the engagement after every change point, arrivals AND expiries.
    The contact is engaged while engagement >= var aql_contact_min_engagement; consecutive
    changes of that flag bound the intervals. Expiries after as_of are left out (and one exactly at
    as_of too: the window ending at as_of still holds the activity), so an interval still open at
    the last change point is open at as_of. Materialized: read by the account timeline and
    dim_accounts, and much smaller than the activity stream it is computed from.
    Incremental (delete+insert on lead_id): a run recomputes the contacts of int_leads_affected
    only (new, late, re-pointed or removed activities, changed contacts, activities leaving the
    window as as_of moves); the pre-hook deletes their old rows first.
    A full build with var full_build_lead_buckets = K > 1 computes the contacts in K passes of one
    bucket of leads each (CTE bucket_keys; a contact's activities are one lead's; docs/performance.md
    "Bucketed full builds"): at tier L the single query spilled 31 GB.
-#}

with

{{ lead_funnel.incremental_by_affected_leads(bucketed_full_build=true) }}

{#- a bucketed full build (var full_build_lead_buckets > 1): bucket_keys is one bucket's leads per pass #}
{%- set bucket_keys = lead_funnel.full_build_lead_bucket_keys('bucket_keys', ref('int_aql_account_contacts')) %}
{{ bucket_keys }}

activities as (
    select
        *,
        -- the activity counts in windows ending up to and including this instant (not stored)
        {{ lead_funnel.scoring_window_expires_at('occurred_at', 'recency_window_days') }} as expires_at
    from {{ ref('int_aql_contact_activities') }}
    -- zero-point activities (sales touches, unknown types) never move engagement
    where points <> 0
    {% if is_incremental() -%}
        and lead_id in (select affected.lead_id from affected)
    {%- elif bucket_keys | trim -%}
        and lead_id in (select bucket_keys.lead_id from bucket_keys)
    {%- endif %}
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

{{ lead_funnel.scoring_capped_engagement_ctes('point_deltas', 'contact_key', with_last_of_peers=true) }},

engagement as (
    -- one row per contact and change point ((delta_at, delta_order) is unique per contact): the
    -- last of its peers, from the running sum's own sort (every peer has the same score; a
    -- `select distinct` grouped all the deltas again)
    select
        contact_key,
        delta_at,
        delta_order,
        engagement_score
    from engagement_capped
    where is_last_of_peers
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

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='affected') }}
