{{ config(
    enabled=lead_funnel.connector_table_enabled('hubspot', 'engagement')
    and lead_funnel.connector_table_enabled('hubspot', 'engagement_contact'),
    materialized='table'
) }}
{#-
    A table: its key tests and the union stg_hubspot__as_contract_activities read it (as a view
    each re-evaluated the chain: bench connector row).
    One row per HubSpot sales-touch engagement (CALL, EMAIL, MEETING; seed
    hubspot_engagement_activity_map) and associated contact (one engagement with several contacts
    counts for each), in the columns stg_hubspot__as_contract_activities unions.
-#}

with

engagements as (
    select * from {{ ref('stg_hubspot__engagement') }}
),

engagement_contacts as (
    select * from {{ ref('stg_hubspot__engagement_contact') }}
),

engagement_types as (
    select * from {{ ref('hubspot_engagement_activity_map') }}
),

final as (
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
)

select * from final
