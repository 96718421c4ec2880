{{ config(
    enabled=lead_funnel.source_enabled('hubspot') or lead_funnel.source_enabled('marketo'),
    materialized='table'
) }}
{#-
    One person across systems. One row per source person id of every enabled connector
    (HubSpot contacts, Marketo leads, Salesforce leads and contacts): the person key it resolves
    to and the rule that linked it.
    1. Within a source: its own identities (merges, converted leads): stg_<source>__person_identities.
    2. Id link: a Marketo lead whose sfdc_contact_id / sfdc_lead_id names a Salesforce person is
       that person (the Salesforce key survives).
    3. Email link (var connector_link_persons_by_email): persons with the same normalised email
       are one person; the earliest created survives (ties: the smaller key), the rule the
       contract pipeline applies to same-email leads (base_raw__leads.duplicate_of_lead_id).
    A table: every connector's as_contract leads, activities, statuses and opportunities join it,
    besides its tests and resolves_to_connector_person (a view re-linked every person for each).
-#}
{%- set with_hubspot = lead_funnel.source_enabled('hubspot') -%}
{%- set with_marketo = lead_funnel.source_enabled('marketo') -%}
{%- set with_salesforce = lead_funnel.source_enabled('salesforce') -%}

with

{% if with_hubspot -%}
    hubspot_identities as (
        select * from {{ ref('stg_hubspot__person_identities') }}
    ),
{%- endif %}

{% if with_marketo -%}
    marketo_identities as (
        select * from {{ ref('stg_marketo__person_identities') }}
    ),
{%- endif %}

{% if with_salesforce -%}
    salesforce_identities as (
        select * from {{ ref('stg_salesforce__person_identities') }}
    ),

    salesforce_leads as (
        select * from {{ ref('stg_salesforce__as_contract_leads') }}
    ),
{%- endif %}

source_identities as (
    -- every source id with its within-source person key, and the Salesforce person it names
    {%- set identity_ctes = [] -%}
    {%- for source_name in ['hubspot', 'marketo', 'salesforce'] if lead_funnel.source_enabled(source_name) -%}
        {%- do identity_ctes.append(source_name ~ '_identities') -%}
    {%- endfor %}
    {%- for identity_cte in identity_ctes %}
        select
            source_system,
            source_object,
            source_id,
            person_key as source_person_key,
            link_rule as source_link_rule,
            cast(null as {{ dbt.type_string() }}) as sfdc_person_key,
            cast(null as {{ dbt.type_string() }}) as sfdc_link_rule
        from {{ identity_cte }}
        {%- if not loop.last %}
        union all
        {%- endif %}
    {%- endfor %}
),

{% if with_marketo and with_salesforce -%}
    marketo_sfdc_links as (
        -- Marketo persons (survivors) naming a Salesforce person: the contact id first, else the lead id
        select
            marketo_identities.person_key as source_person_key,
            coalesce(by_contact.person_key, by_lead.person_key) as sfdc_person_key,
            case when by_contact.person_key is not null then 'sfdc_contact_id' else 'sfdc_lead_id' end
                as sfdc_link_rule
        from marketo_identities
        left join salesforce_identities as by_contact
            on marketo_identities.sfdc_contact_id = by_contact.source_id
            and by_contact.source_object = 'contact'
        left join salesforce_identities as by_lead
            on marketo_identities.sfdc_lead_id = by_lead.source_id
            and by_lead.source_object = 'lead'
        where
            marketo_identities.link_rule = 'self'
            and coalesce(by_contact.person_key, by_lead.person_key) is not null
    ),
{%- endif %}

id_linked as (
    select
        source_identities.source_system,
        source_identities.source_object,
        source_identities.source_id,
        source_identities.source_person_key,
        source_identities.source_link_rule,
        {% if with_marketo and with_salesforce -%}
            coalesce(marketo_sfdc_links.sfdc_person_key, source_identities.source_person_key)
        {%- else -%}
            source_identities.source_person_key
        {%- endif %} as linked_person_key,
        {% if with_marketo and with_salesforce -%}
            marketo_sfdc_links.sfdc_link_rule
        {%- else -%}
            cast(null as {{ dbt.type_string() }})
        {%- endif %} as sfdc_link_rule
    from source_identities
    {%- if with_marketo and with_salesforce %}
        left join marketo_sfdc_links
            on
                source_identities.source_person_key = marketo_sfdc_links.source_person_key
                and source_identities.source_system = 'marketo'
    {%- endif %}
),

persons as (
    -- one row per person after the id links, with its email and creation time
    {%- set person_sources = [] -%}
    {%- if with_hubspot -%}{%- do person_sources.append('hubspot_identities') -%}{%- endif -%}
    {%- if with_marketo -%}{%- do person_sources.append('marketo_identities') -%}{%- endif %}
    select
        person_key,
        min(lower(trim(email))) as email_normalised,
        min(created_at) as created_at
    from (
        {%- for person_source in person_sources %}
            select
                person_key,
                email,
                created_at
            from {{ person_source }}
            where link_rule = 'self'
            {%- if not loop.last %}
                union all
            {%- endif %}
        {%- endfor %}
        {%- if with_salesforce %}
            union all
            select
                lead_id as person_key,
                email,
                created_at
            from salesforce_leads
        {%- endif %}
    ) as person_rows
    where person_key in (select id_linked.linked_person_key from id_linked)
    group by 1
),

email_survivors as (
    select
        person_key,
        {%- if var('connector_link_persons_by_email') %}
            case
                when email_normalised is null then person_key
                else first_value(person_key) over (
                    partition by email_normalised
                    order by created_at nulls last, person_key
                    rows between unbounded preceding and unbounded following
                )
            end as surviving_person_key
        {%- else %}
            person_key as surviving_person_key
        {%- endif %}
    from persons
),

final as (
    select
        id_linked.source_system,
        id_linked.source_object,
        id_linked.source_id,
        id_linked.source_person_key,
        coalesce(email_survivors.surviving_person_key, id_linked.linked_person_key) as person_key,
        case
            when email_survivors.surviving_person_key <> id_linked.linked_person_key then 'email'
            when id_linked.sfdc_link_rule is not null then id_linked.sfdc_link_rule
            else id_linked.source_link_rule
        end as link_rule
    from id_linked
    left join email_survivors
        on id_linked.linked_person_key = email_survivors.person_key
)

select * from final
