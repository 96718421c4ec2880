{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#-
    One row per staged Salesforce opportunity with the person it belongs to (README "Connectors"):
    the contact of its primary OpportunityContactRole, else of its earliest one, else the lead
    converted into it (converted_opportunity_id). Stage mapped by seed
    salesforce_opportunity_stage_map (unknown kept as exported). close_date is a date, and for open
    deals the expected close: closed_at is close_date (a date, 00:00 UTC) for closed deals only;
    the contract staging reads a date-only close on the day of creation as closed that day.
-#}
{%- set has_roles = lead_funnel.connector_table_enabled('salesforce', 'opportunity_contact_role') -%}

with

opportunities as (
    select * from {{ ref('stg_salesforce__opportunity') }}
),

identities as (
    select * from {{ ref('stg_salesforce__person_identities') }}
),

leads as (
    select * from {{ ref('stg_salesforce__lead') }}
),

stage_map as (
    select * from {{ ref('salesforce_opportunity_stage_map') }}
),

{% if has_roles %}
    role_contacts as (
        select
            contact_roles.opportunity_id,
            contact_roles.contact_id,
            row_number() over (
                partition by contact_roles.opportunity_id
                order by
                    case when coalesce(contact_roles.is_primary, false) then 0 else 1 end,
                    contact_roles.created_date nulls last,
                    contact_roles.id
            ) as role_rank
        from {{ ref('stg_salesforce__opportunity_contact_role') }} as contact_roles
        where contact_roles.contact_id is not null
    ),
{% else %}
    role_contacts as (
        -- opportunity_contact_role disabled: deals link through converted leads only
        {{ lead_funnel.empty_relation([
            ('opportunity_id', 'text'), ('contact_id', 'text'), ('role_rank', 'int')
        ]) }}
    ),
{% endif %}

converted_leads as (
    -- the earliest-created lead converted into each opportunity
    select
        converted_opportunity_id as opportunity_id,
        id as lead_id,
        row_number() over (partition by converted_opportunity_id order by created_date, id) as lead_rank
    from leads
    where converted_opportunity_id is not null
),

linked as (
    select
        opportunities.*,
        role_identities.person_key as role_person_key,
        lead_identities.person_key as lead_person_key
    from opportunities
    left join role_contacts
        on
            opportunities.id = role_contacts.opportunity_id
            and role_contacts.role_rank = 1
    left join identities as role_identities
        on
            role_contacts.contact_id = role_identities.source_id
            and role_identities.source_object = 'contact'
    left join converted_leads
        on
            opportunities.id = converted_leads.opportunity_id
            and converted_leads.lead_rank = 1
    left join identities as lead_identities
        on
            converted_leads.lead_id = lead_identities.source_id
            and lead_identities.source_object = 'lead'
),

final as (
    select
        {{ dbt.concat(["'salesforce:'", 'linked.id']) }} as opportunity_id,
        linked.id as crm_opportunity_id,
        case
            when linked.account_id is not null then {{ dbt.concat(["'salesforce:'", 'linked.account_id']) }}
        end as account_id,
        coalesce(linked.role_person_key, linked.lead_person_key) as lead_id,
        case
            when linked.role_person_key is not null then 'opportunity_contact_role'
            when linked.lead_person_key is not null then 'converted_opportunity_id'
            else 'none'
        end as link_rule,
        linked.created_date as created_at,
        linked.stage_name,
        coalesce(stage_map.stage, linked.stage_name) as stage,
        stage_map.stage is not null as is_mapped_stage,
        linked.amount as amount_usd,
        case when coalesce(linked.is_closed, false) then linked.close_date end as closed_at,
        linked.close_date,
        linked.is_closed,
        linked.is_won
    from linked
    left join stage_map
        on
            {{ lead_funnel.normalise_enum('linked.stage_name') }}
            = {{ lead_funnel.normalise_enum('stage_map.salesforce_stage') }}
)

select * from final
