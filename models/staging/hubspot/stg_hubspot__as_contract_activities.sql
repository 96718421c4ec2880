{{ config(
    enabled=lead_funnel.source_enabled('hubspot'),
    materialized='table'
) }}
{#-
    A table (on every engine): base_raw__activities (macro raw_input), the conservation test of
    stg_raw__activities and its own tests read it; as a view each re-evaluated every activity
    table's chain (bench connector row).
    One row per HubSpot engagement event in the raw contract's `activities` shape:
    - email events (open, click, bounce, unsubscribe; seed hubspot_email_event_type_map): the
      recipient matched to a person by normalised email; SENT, DELIVERED ... are not emitted
      (counted in stg_hubspot__row_outcomes as not_engagement); filtered (bot) events neither;
    - form submissions: the form name (else the page title) mapped by seed
      hubspot_form_activity_map (lowest priority matching); unmapped forms keep their normalised
      name (flagged unknown downstream);
    - engagements: one row per engagement and contact (seed hubspot_engagement_activity_map).
    lead_id is the person key (stg_crm__person_identities); an id no identity knows stays
    hubspot:<id> (quarantined unknown_lead downstream), an unmatched recipient null (missing_lead_id).
    activity_id: hubspot:<kind>:<id>[:<contact id>].
-#}
{%- set with_email = lead_funnel.connector_table_enabled('hubspot', 'email_event') -%}
{%- set with_status_change = with_email
    and lead_funnel.connector_table_enabled('hubspot', 'email_event_status_change') -%}
{%- set with_campaigns = with_email and lead_funnel.connector_table_enabled('hubspot', 'email_campaign') -%}
{%- set with_forms = lead_funnel.connector_table_enabled('hubspot', 'contact_form_submission') -%}
{%- set with_form_names = with_forms and lead_funnel.connector_table_enabled('hubspot', 'form') -%}
{%- set with_engagements = lead_funnel.connector_table_enabled('hubspot', 'engagement')
    and lead_funnel.connector_table_enabled('hubspot', 'engagement_contact') -%}
{%- set parts = [] -%}

with

identities as (
    select * from {{ ref('stg_crm__person_identities') }}
    where source_system = 'hubspot'
),

contacts as (
    select * from {{ ref('stg_hubspot__contact') }}
),

{% if with_email -%}
    email_events as (
        select * from {{ ref('stg_hubspot__email_event') }}
    ),

    email_event_types as (
        select * from {{ ref('hubspot_email_event_type_map') }}
    ),

    {% if with_status_change -%}
        status_changes as (
            select * from {{ ref('stg_hubspot__email_event_status_change') }}
        ),
    {%- endif %}

    {% if with_campaigns -%}
        email_campaigns as (
            select * from {{ ref('stg_hubspot__email_campaign') }}
        ),
    {%- endif %}

    recipients as (
        -- one contact per normalised email: the person key of the earliest created contact
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

    email_activities as (
        select
            {{ dbt.concat(["'hubspot:email_event:'", 'email_events.email_event_id']) }} as activity_id,
            recipients.contact_id,
            email_event_types.activity_type,
            email_events.occurred_at,
            {%- if with_campaigns %}
                coalesce(email_campaigns.email_campaign_name, email_campaigns.subject) as asset,
            {%- else %}
                cast(null as {{ dbt.type_string() }}) as asset,
            {%- endif %}
            {{ lead_funnel.connector_person_key('hubspot', 'email_events.email_campaign_id') }} as campaign_id
        from email_events
        {%- if with_status_change %}
            left join status_changes
                on email_events.email_event_id = status_changes.email_event_id
        {%- endif %}
        inner join email_event_types
            on upper(email_events.event_type) = upper(email_event_types.event_type)
            and (
                email_event_types.subscription_status is null
                {%- if with_status_change %}
                    or upper(status_changes.subscription_status) = upper(email_event_types.subscription_status)
                {%- endif %}
            )
        left join recipients
            on lower(trim(email_events.recipient)) = recipients.email_normalised
        {%- if with_campaigns %}
            left join email_campaigns
                on email_events.email_campaign_id = email_campaigns.email_campaign_id
        {%- endif %}
        where email_event_types.activity_type is not null and not email_events.is_filtered
    ),
    {%- do parts.append('email_activities') -%}
{%- endif %}

{% if with_forms -%}
    form_submissions as (
        select * from {{ ref('stg_hubspot__contact_form_submission') }}
    ),

    {% if with_form_names -%}
        forms as (
            select * from {{ ref('stg_hubspot__form') }}
        ),
    {%- endif %}

    form_map as (
        select * from {{ ref('hubspot_form_activity_map') }}
    ),

    named_submissions as (
        select
            form_submissions.*,
            {%- if with_form_names %}
                coalesce(forms.form_name, form_submissions.page_title) as form_name
            {%- else %}
                form_submissions.page_title as form_name
            {%- endif %}
        from form_submissions
        {%- if with_form_names %}
            left join forms
                on form_submissions.form_id = forms.form_id
        {%- endif %}
    ),

    form_activities as (
        select
            {{ dbt.concat(["'hubspot:form_submission:'", 'conversion_id']) }} as activity_id,
            contact_id,
            coalesce(activity_type, {{ lead_funnel.normalise_enum('form_name') }}) as activity_type,
            submitted_at as occurred_at,
            form_name as asset,
            cast(null as {{ dbt.type_string() }}) as campaign_id
        from {{ lead_funnel.first_pattern_match(
            'named_submissions', 'conversion_id', 'lower({rows}.form_name)', 'form_map', 'form_name_pattern'
        ) }} as matched_forms
    ),
    {%- do parts.append('form_activities') -%}
{%- endif %}

{% if with_engagements -%}
    engagements as (
        select * from {{ ref('stg_hubspot__engagement') }}
    ),

    engagement_contacts as (
        select * from {{ ref('stg_hubspot__engagement_contact') }}
    ),

    engagement_types as (
        select * from {{ ref('hubspot_engagement_activity_map') }}
    ),

    engagement_activities as (
        select
            {{ dbt.concat([
                "'hubspot:engagement:'", 'engagements.engagement_id', "':'", 'engagement_contacts.contact_id'
            ]) }} as activity_id,
            engagement_contacts.contact_id,
            engagement_types.activity_type,
            engagements.occurred_at,
            lower(engagements.engagement_type) as asset,
            cast(null as {{ dbt.type_string() }}) as campaign_id
        from engagements
        inner join engagement_contacts
            on engagements.engagement_id = engagement_contacts.engagement_id
        inner join engagement_types
            on upper(engagements.engagement_type) = upper(engagement_types.engagement_type)
        where engagement_types.activity_type is not null
    ),
    {%- do parts.append('engagement_activities') -%}
{%- endif %}

activities as (
    {{ lead_funnel.union_all_or_empty(parts, [
        ('activity_id', 'text'), ('contact_id', 'text'), ('activity_type', 'text'), ('occurred_at', 'timestamp'),
        ('asset', 'text'), ('campaign_id', 'text')
    ]) }}
),

final as (
    select
        activities.activity_id,
        coalesce(
            identities.person_key,
            {{ lead_funnel.connector_person_key('hubspot', 'activities.contact_id') }}
        ) as lead_id,
        activities.activity_type,
        activities.occurred_at,
        activities.asset,
        activities.campaign_id
    from activities
    left join identities
        on activities.contact_id = identities.source_id
)

select * from final
