{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#-
    One row per Salesforce person (stg_salesforce__person_identities): the lead it started as (if
    any) and its contact, merged into the contract's lead columns. The contact holds the current
    values after conversion (a converted lead record is frozen), so contact values win, then the
    lead's; company_name falls back to the contact's account name.
-#}

with

identities as (
    select * from {{ ref('stg_salesforce__person_identities') }}
),

leads as (
    select * from {{ ref('stg_salesforce__lead') }}
),

contacts as (
    select * from {{ ref('stg_salesforce__contact') }}
),

accounts as (
    select * from {{ ref('stg_salesforce__account') }}
),

lead_sources as (
    select * from {{ ref('salesforce_lead_source_map') }}
),

persons as (
    -- the lead a person started as, and the contact it has (the earliest-created one)
    select
        person_key,
        max(case when source_object = 'lead' and is_person_origin then source_id end) as crm_lead_id,
        min(case when source_object = 'contact' and link_rule <> 'merged_contact' then source_id end)
            as crm_contact_id
    from identities
    group by 1
),

merged as (
    select
        persons.person_key,
        persons.crm_lead_id,
        persons.crm_contact_id,
        coalesce(contacts.email, leads.email) as email,
        coalesce(contacts.first_name, leads.first_name) as first_name,
        coalesce(contacts.last_name, leads.last_name) as last_name,
        coalesce(contacts.title, leads.title) as job_title,
        coalesce(leads.company, accounts.name) as company_name,
        coalesce(contacts.account_id, leads.converted_account_id) as crm_account_id,
        coalesce(leads.lead_source, contacts.lead_source) as salesforce_lead_source,
        coalesce(
            contacts.mailing_country_code, leads.country_code, contacts.mailing_country, leads.country
        ) as country,
        case
            when persons.crm_lead_id is not null then leads.created_date
            else contacts.created_date
        end as created_at,
        case
            when leads.last_modified_date is null then contacts.last_modified_date
            when contacts.last_modified_date is null then leads.last_modified_date
            when leads.last_modified_date > contacts.last_modified_date then leads.last_modified_date
            else contacts.last_modified_date
        end as updated_at
    from persons
    left join leads
        on persons.crm_lead_id = leads.id
    left join contacts
        on persons.crm_contact_id = contacts.id
    left join accounts
        on contacts.account_id = accounts.id
),

final as (
    select
        merged.person_key,
        merged.crm_lead_id,
        merged.crm_contact_id,
        merged.email,
        merged.first_name,
        merged.last_name,
        merged.job_title,
        merged.company_name,
        case
            when merged.crm_account_id is not null
                then {{ dbt.concat(["'salesforce:'", 'merged.crm_account_id']) }}
        end as account_id,
        merged.salesforce_lead_source,
        coalesce(lead_sources.lead_source, merged.salesforce_lead_source) as lead_source,
        lead_sources.lead_source is not null as is_mapped_lead_source,
        merged.country,
        merged.created_at,
        merged.updated_at
    from merged
    left join lead_sources
        on
            {{ lead_funnel.normalise_enum('merged.salesforce_lead_source') }}
            = {{ lead_funnel.normalise_enum('lead_sources.salesforce_lead_source') }}
)

select * from final
