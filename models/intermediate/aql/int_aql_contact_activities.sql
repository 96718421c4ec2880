{#-
    Incremental (delete+insert on lead_id, macro incremental_by_affected_keys): a run recomputes
    the rows of the leads in int_leads_changed only, whose pre-hook deletes their old rows first.
    A lead's rows depend only on its own inputs, all in its fingerprint (int_lead_input_fingerprints):
    its activities up to as_of (new, late, re-pointed, removed, re-sent, and those as_of reached
    since the last run: the fingerprint counts the activities dated up to as_of), its contact row
    (account_id and recency_window_days, so an account's segment or window change stamps every
    contact; is_disqualified and email type through its attributes; a contact leaving or joining
    an account moves account_id) and every activity's points (a version taking force: every
    lead). contact_key comes from lead_id alone (macro stable_integer_key), so stored rows keep
    theirs. It cannot read int_leads_affected, which reads it (leaving_contact_window).
    Stored: the engaged-interval model and the tests on this model each read it; as a view every
    one of them would re-run the activity x contact join (about a minute at 30M activities).
    An incremental run scores only the changed leads' activities (macro scored_activities_ctes
    with only_leads, the definition of int_activities_scored inlined and filtered on its lead map
    before the joins, as int_lead_engagement_timeline does), not every activity scored by the view
    and filtered afterwards.
-#}

{#- the refs of the incremental branch, recorded when dbt parses (is_incremental() is false then):
    the definition of int_activities_scored -#}
{%- if not execute -%}
    {%- do lead_funnel.scored_activities_ctes('parsed', 'is_in_force_at_as_of') -%}
{%- endif %}

with

{{ lead_funnel.incremental_by_affected_keys('lead_id', 'int_leads_changed', 'changed_leads') }}

{% if is_incremental() %}

    -- the changed leads' activities only, scored after the filter (macro scored_activities_ctes:
    -- the definition of int_activities_scored, filtered on its lead map)
    {{ lead_funnel.scored_activities_ctes('scored_activities', 'is_in_force_at_as_of', only_leads='changed_leads') }},

    activities as (
        select * from scored_activities
        where occurred_at <= {{ lead_funnel.as_of() }}
    ),

{% else %}

    activities as (
        select * from {{ ref('int_activities_scored') }}
        where occurred_at <= {{ lead_funnel.as_of() }}
    ),

{% endif %}

contacts as (
    select * from {{ ref('int_aql_account_contacts') }}
    -- a disqualified contact (competitor) is no buying signal: none of its activities count
    where not is_disqualified
    {% if is_incremental() -%}
        and lead_id in (select changed_leads.lead_id from changed_leads)
    {%- endif %}
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
        -- not stored: when the activity leaves the window, macro scoring_window_expires_at of
        -- occurred_at and this (its readers compute it; 67 of ~265 blocks at S)
        contacts.recency_window_days
    from activities
    inner join contacts
        on activities.lead_id = contacts.lead_id
    left join high_intent_activities
        on activities.activity_type = high_intent_activities.activity_type
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='changed_leads') }}
