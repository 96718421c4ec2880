{{ config(
    enabled=lead_funnel.source_enabled('hubspot'),
    materialized='table'
) }}
{#-
    A table (on every engine): base_raw__activities (macro raw_input), the conservation test of
    stg_raw__activities and its own tests read it; as a view each re-evaluated every activity
    table's chain (bench connector row).
    One row per HubSpot engagement event in the raw contract's `activities` shape: the union of
    the enabled parts, one model per idea - email events (stg_hubspot__email_activities), form
    submissions (stg_hubspot__form_activities), sales-touch engagements per contact
    (stg_hubspot__engagement_activities) - with lead_id the person key
    (stg_crm__person_identities); an id no identity knows stays hubspot:<id> (quarantined
    unknown_lead downstream), an unmatched email recipient null (missing_lead_id).
    activity_id: hubspot:<kind>:<id>[:<contact id>].
-#}
{%- set parts = [] -%}
{%- if lead_funnel.connector_table_enabled('hubspot', 'email_event') -%}
    {%- do parts.append(('email_activities', 'stg_hubspot__email_activities')) -%}
{%- endif -%}
{%- if lead_funnel.connector_table_enabled('hubspot', 'contact_form_submission') -%}
    {%- do parts.append(('form_activities', 'stg_hubspot__form_activities')) -%}
{%- endif -%}
{%- if lead_funnel.connector_table_enabled('hubspot', 'engagement')
    and lead_funnel.connector_table_enabled('hubspot', 'engagement_contact') -%}
    {%- do parts.append(('engagement_activities', 'stg_hubspot__engagement_activities')) -%}
{%- endif -%}
{%- set names = [] -%}

with

identities as (
    select * from {{ ref('stg_crm__person_identities') }}
    where source_system = 'hubspot'
),

{% for name, model in parts %}
    {%- do names.append(name) %}
    {{ name }} as (
        select * from {{ ref(model) }}
    ),

{% endfor %}
activities as (
    {{ lead_funnel.union_all_or_empty(names, [
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
