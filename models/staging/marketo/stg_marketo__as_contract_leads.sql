{{ config(enabled=lead_funnel.source_enabled('marketo')) }}
{#-
    One row per Marketo person (surviving lead) in the raw contract's `leads` shape, keyed by its
    person key (stg_crm__person_identities): a lead merged into another, naming a Salesforce person
    (sfdc_contact_id / sfdc_lead_id) or linked by email to an earlier-created person of another
    source is not a lead of its own. A lead deleted by a Delete Lead activity is is_deleted
    (quarantined deleted_in_source downstream). With Salesforce enabled, sfdc_account_id is the
    account (salesforce:<id>); else the account is matched by email domain downstream.
-#}
{%- set with_deletes = lead_funnel.connector_table_enabled('marketo', 'activity_delete_lead') -%}
{%- set with_salesforce = lead_funnel.source_enabled('salesforce') -%}

with

leads as (
    select * from {{ ref('stg_marketo__lead') }}
),

identities as (
    select * from {{ ref('stg_crm__person_identities') }}
    where source_system = 'marketo'
),

lead_source_map as (
    select * from {{ ref('marketo_lead_source_map') }}
),

{% if with_deletes -%}
    deletes as (
        select distinct lead_id from {{ ref('stg_marketo__activity_delete_lead') }}
    ),
{%- endif %}

final as (
    select
        identities.person_key as lead_id,
        leads.email,
        leads.first_name,
        leads.last_name,
        leads.job_title,
        leads.company_name,
        {%- if with_salesforce %}
            {{ lead_funnel.connector_person_key('salesforce', 'leads.sfdc_account_id') }} as account_id,
        {%- else %}
            cast(null as {{ dbt.type_string() }}) as account_id,
        {%- endif %}
        coalesce(lead_source_map.lead_source, {{ lead_funnel.normalise_enum('leads.lead_source') }})
            as lead_source,
        leads.country,
        leads.created_at,
        leads.updated_at,
        {%- if with_deletes %}
            leads.is_deleted or deletes.lead_id is not null as is_deleted,
        {%- else %}
            leads.is_deleted,
        {%- endif %}
        'marketo' as source_system,
        leads.lead_id as crm_lead_id,
        cast(null as {{ dbt.type_string() }}) as crm_contact_id
    from leads
    inner join identities
        on leads.lead_id = identities.source_id
        -- the person's own record: not merged into another, not linked to another source's person
        and identities.person_key = {{ lead_funnel.connector_person_key('marketo', 'leads.lead_id') }}
    left join lead_source_map
        on {{ lead_funnel.normalise_enum('leads.lead_source') }} = lead_source_map.source_value
    {%- if with_deletes %}
        left join deletes
            on leads.lead_id = deletes.lead_id
    {%- endif %}
)

select * from final
