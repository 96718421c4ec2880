{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#-
    One row per HubSpot person (surviving contact) in the raw contract's `leads` shape, keyed by
    its person key (stg_crm__person_identities): a contact merged into another, or linked by email
    to an earlier-created person of another source, is not a lead of its own.
-#}
{%- set with_contact_company = lead_funnel.connector_table_enabled('hubspot', 'contact_company') -%}

with

contacts as (
    select * from {{ ref('stg_hubspot__contact') }}
),

identities as (
    select * from {{ ref('stg_crm__person_identities') }}
    where source_system = 'hubspot'
),

lead_source_map as (
    select * from {{ ref('hubspot_lead_source_map') }}
),

country_codes as (
    select * from {{ ref('country_codes') }}
),

{% if with_contact_company -%}
    contact_companies as (
        select * from {{ ref('stg_hubspot__contact_company') }}
    ),

    primary_companies as (
        -- the contact's primary company, else the smallest company id
        select
            contact_id,
            company_id
        from (
            select
                contact_companies.contact_id,
                contact_companies.company_id,
                row_number() over (
                    partition by contact_companies.contact_id
                    order by contact_companies.is_primary desc, contact_companies.company_id asc
                ) as company_rank
            from contact_companies
        ) as ranked_companies
        where company_rank = 1
    ),
{%- endif %}

final as (
    select
        identities.person_key as lead_id,
        contacts.email,
        contacts.first_name,
        contacts.last_name,
        contacts.job_title,
        contacts.company_name,
        {%- if with_contact_company %}
            {{ lead_funnel.connector_person_key('hubspot', 'primary_companies.company_id') }} as account_id,
        {%- else %}
            cast(null as {{ dbt.type_string() }}) as account_id,
        {%- endif %}
        coalesce(lead_source_map.lead_source, {{ lead_funnel.normalise_enum('contacts.lead_source') }})
            as lead_source,
        -- HubSpot holds a name (`United States`): its ISO-2 code by seed country_codes, else as entered
        coalesce(country_codes.country_code, contacts.country) as country,
        contacts.created_at,
        contacts.updated_at,
        contacts.is_deleted,
        'hubspot' as source_system,
        cast(null as {{ dbt.type_string() }}) as crm_lead_id,
        contacts.contact_id as crm_contact_id
    from contacts
    inner join identities
        on contacts.contact_id = identities.source_id
        -- the person's own record: not merged into another, not linked to another source's person
        and identities.person_key = {{ lead_funnel.connector_person_key('hubspot', 'contacts.contact_id') }}
    left join lead_source_map
        on {{ lead_funnel.normalise_enum('contacts.lead_source') }} = lead_source_map.source_value
    left join country_codes
        on lower(trim(contacts.country)) = country_codes.country_name
    {%- if with_contact_company %}
        left join primary_companies
            on contacts.contact_id = primary_companies.contact_id
    {%- endif %}
)

select * from final
