{{ config(
    enabled=lead_funnel.connector_table_enabled('hubspot', 'email_event'),
    materialized='table'
) }}
{#-
    A table: its key tests and the union stg_hubspot__as_contract_activities read it (as a view
    each re-evaluated the chain: bench connector row).
    One row per HubSpot email event that is engagement (open, click, bounce, unsubscribe; seed
    hubspot_email_event_type_map), in the columns stg_hubspot__as_contract_activities unions: the
    recipient matched to a contact by normalised email (the earliest created contact of that
    email; null when none). SENT, DELIVERED ... are not emitted (counted in
    stg_hubspot__row_outcomes as not_engagement); filtered (bot) events neither.
-#}
{%- set with_status_change = lead_funnel.connector_table_enabled('hubspot', 'email_event_status_change') -%}
{%- set with_campaigns = lead_funnel.connector_table_enabled('hubspot', 'email_campaign') -%}

with

contacts as (
    select * from {{ ref('stg_hubspot__contact') }}
),

email_events as (
    select * from {{ ref('stg_hubspot__email_event') }}
),

email_event_types as (
    select * from {{ ref('hubspot_email_event_type_map') }}
),

status_changes as (
    {%- if with_status_change %}
        select * from {{ ref('stg_hubspot__email_event_status_change') }}
    {%- else %}
        {{ lead_funnel.empty_relation([('email_event_id', 'text'), ('subscription_status', 'text')]) }}
    {%- endif %}
),

email_campaigns as (
    {%- if with_campaigns %}
        select * from {{ ref('stg_hubspot__email_campaign') }}
    {%- else %}
        {{ lead_funnel.empty_relation([
            ('email_campaign_id', 'text'), ('email_campaign_name', 'text'), ('subject', 'text')
        ]) }}
    {%- endif %}
),

recipients as (
    -- one contact per normalised email: the earliest created contact
    select
        email_normalised,
        contact_id
    from (
        select
            lower(trim(email)) as email_normalised,
            contact_id,
            row_number() over (
                partition by lower(trim(email)) order by created_at nulls last, contact_id
            ) as contact_rank
        from contacts
        where email is not null
    ) as ranked_contacts
    where contact_rank = 1
),

final as (
    -- a table that is off is an empty relation above: its joins find nothing
    select
        {{ dbt.concat(["'hubspot:email_event:'", 'email_events.email_event_id']) }} as activity_id,
        recipients.contact_id,
        email_event_types.activity_type,
        email_events.occurred_at,
        coalesce(email_campaigns.email_campaign_name, email_campaigns.subject) as asset,
        {{ lead_funnel.connector_person_key('hubspot', 'email_events.email_campaign_id') }} as campaign_id
    from email_events
    left join status_changes
        on email_events.email_event_id = status_changes.email_event_id
    inner join email_event_types
        on
            upper(email_events.event_type) = upper(email_event_types.event_type)
            and (
                email_event_types.subscription_status is null
                or upper(status_changes.subscription_status) = upper(email_event_types.subscription_status)
            )
    left join recipients
        on lower(trim(email_events.recipient)) = recipients.email_normalised
    left join email_campaigns
        on email_events.email_campaign_id = email_campaigns.email_campaign_id
    where email_event_types.activity_type is not null and not email_events.is_filtered
)

select * from final
