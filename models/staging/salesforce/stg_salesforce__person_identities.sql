{{ config(
    enabled=lead_funnel.source_enabled('salesforce'),
    materialized='table'
) }}
{#-
    One row per Salesforce person record id (lead or contact) and the person it belongs to
    (README "Connectors", one person per human):
    - a contact's person starts with the earliest of the contact and the leads converted into it:
      keyed salesforce:<lead id> when that is a lead, else salesforce:<contact id>; every lead
      converted into the contact belongs to that person;
    - a lead not converted into a staged contact is its own person (salesforce:<lead id>);
    - a record merged into another (master_record_id, quarantined merged_into_master) resolves to
      its master's person (one level: a master that was itself merged away is not followed).
    A table: the activities, persons, opportunities, lead statuses and stg_crm__person_identities
    join it, besides its tests (a view re-resolved every lead and contact for each).
-#}

with

leads as (
    select * from {{ ref('stg_salesforce__lead') }}
),

contacts as (
    select * from {{ ref('stg_salesforce__contact') }}
),

merged_leads as (
    select
        id,
        max(master_record_id) as master_record_id
    from {{ ref('stg_salesforce__lead_quarantine') }}
    where
        rejection_reason = 'merged_into_master'
        and id not in (select staged.id from leads as staged)
    group by 1
),

merged_contacts as (
    select
        id,
        max(master_record_id) as master_record_id
    from {{ ref('stg_salesforce__contact_quarantine') }}
    where
        rejection_reason = 'merged_into_master'
        and id not in (select staged.id from contacts as staged)
    group by 1
),

contact_starts as (
    -- the records a contact's person consists of, ranked by when they were created
    select
        contacts.id as contact_id,
        'contact' as source_object,
        contacts.id as source_id,
        contacts.created_date
    from contacts
    union all
    select
        contacts.id as contact_id,
        'lead' as source_object,
        leads.id as source_id,
        leads.created_date
    from leads
    inner join contacts
        on leads.converted_contact_id = contacts.id
),

contact_persons as (
    -- the first record of each contact's person (a lead wins a tie: it was converted into the contact)
    select
        contact_id,
        max(has_lead) as has_lead,
        max(case when start_rank = 1 then person_key end) as person_key
    from (
        select
            contact_id,
            case when source_object = 'lead' then 1 else 0 end as has_lead,
            {{ dbt.concat(["'salesforce:'", 'source_id']) }} as person_key,
            row_number() over (
                partition by contact_id
                order by
                    created_date nulls last,
                    case when source_object = 'lead' then 0 else 1 end,
                    source_id
            ) as start_rank
        from contact_starts
    ) as ranked
    group by 1
),

lead_identities as (
    select
        'lead' as source_object,
        leads.id as source_id,
        coalesce(contact_persons.person_key, {{ dbt.concat(["'salesforce:'", 'leads.id']) }}) as person_key,
        case
            when contact_persons.person_key is null then 'lead'
            when contact_persons.person_key = {{ dbt.concat(["'salesforce:'", 'leads.id']) }}
                then 'lead'
            else 'lead_converted_into_existing_person'
        end as link_rule
    from leads
    left join contact_persons
        on leads.converted_contact_id = contact_persons.contact_id
),

contact_identities as (
    select
        'contact' as source_object,
        contact_persons.contact_id as source_id,
        contact_persons.person_key,
        case
            when contact_persons.has_lead = 1 then 'converted_lead_contact'
            else 'contact_without_lead'
        end as link_rule
    from contact_persons
),

record_identities as (
    select * from lead_identities
    union all
    select * from contact_identities
),

merged_identities as (
    select
        'lead' as source_object,
        merged_leads.id as source_id,
        masters.person_key,
        'merged_lead' as link_rule
    from merged_leads
    inner join record_identities as masters
        on
            merged_leads.master_record_id = masters.source_id
            and masters.source_object = 'lead'
    union all
    select
        'contact' as source_object,
        merged_contacts.id as source_id,
        masters.person_key,
        'merged_contact' as link_rule
    from merged_contacts
    inner join record_identities as masters
        on
            merged_contacts.master_record_id = masters.source_id
            and masters.source_object = 'contact'
),

identities as (
    select * from record_identities
    union all
    select * from merged_identities
),

final as (
    select
        'salesforce' as source_system,
        source_object,
        source_id,
        person_key,
        link_rule,
        person_key = {{ dbt.concat(["'salesforce:'", 'source_id']) }} as is_person_origin
    from identities
)

select * from final
