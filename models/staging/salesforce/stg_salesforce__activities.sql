{{ config(
    enabled=lead_funnel.source_enabled('salesforce'),
    materialized='table'
) }}
{#-
    One row per staged Salesforce campaign member (stg_salesforce__campaign_member_activities),
    task and event (stg_salesforce__sales_touches), with the person it counts for
    (stg_salesforce__person_identities). Rows that are no activity (no map row matched) stay here
    with is_activity = false; stg_salesforce__as_contract_activities passes on the activities.
    A table (on every engine): its tests, stg_salesforce__as_contract_activities, base_raw__activities
    and the conservation test of stg_raw__activities all read it, and as a view each of them
    re-evaluated the whole chain over every campaign member, task and event (bench connector row).
-#}

with

identities as (
    select * from {{ ref('stg_salesforce__person_identities') }}
),

member_activities as (
    select * from {{ ref('stg_salesforce__campaign_member_activities') }}
),

sales_touches as (
    select * from {{ ref('stg_salesforce__sales_touches') }}
),

activities as (
    select
        'campaign_member' as source_object,
        source_id,
        coalesce(crm_lead_id, crm_contact_id) as who_id,
        crm_contact_id,
        activity_type,
        salesforce_type,
        occurred_at,
        is_date_only,
        asset,
        campaign_id
    from member_activities
    union all
    select
        source_object,
        source_id,
        who_id,
        cast(null as {{ dbt.type_string() }}) as crm_contact_id,
        activity_type,
        salesforce_type,
        occurred_at,
        is_date_only,
        asset,
        campaign_id
    from sales_touches
),

final as (
    select
        {{ dbt.concat(["'salesforce:'", 'activities.source_id']) }} as activity_id,
        activities.source_object,
        activities.source_id,
        -- the person of who_id (a member: its lead, else its contact); an id that is no staged
        -- person keeps its own key (the contract staging quarantines it as unknown_lead), no
        -- who_id stays null (missing_lead_id)
        coalesce(
            identities.person_key,
            contact_identities.person_key,
            case when activities.who_id is not null then {{ dbt.concat(["'salesforce:'", 'activities.who_id']) }} end
        ) as lead_id,
        activities.activity_type,
        activities.activity_type is not null as is_activity,
        activities.salesforce_type,
        activities.occurred_at,
        activities.is_date_only,
        activities.asset,
        case
            when activities.campaign_id is not null then {{ dbt.concat(["'salesforce:'", 'activities.campaign_id']) }}
        end as campaign_id
    from activities
    left join identities
        on activities.who_id = identities.source_id
    left join identities as contact_identities
        on activities.crm_contact_id = contact_identities.source_id
)

select * from final
