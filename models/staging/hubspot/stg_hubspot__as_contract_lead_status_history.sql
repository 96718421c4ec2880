{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#-
    One row per HubSpot status change in the raw contract's `lead_status_history` shape: the
    contact_property_history rows of `hs_lead_status` and `lifecyclestage`, mapped by seed
    hubspot_lead_status_map (custom lifecycle stages by their numeric id). Values the seed maps to
    no status (lifecycle marketingqualifiedlead: lead_funnel computes its own MQL) are not emitted;
    values the seed does not list are kept normalised (flagged unknown downstream).
-#}
{%- set with_history = lead_funnel.connector_table_enabled('hubspot', 'contact_property_history') -%}

{% if with_history -%}
    with

    property_history as (
        select * from {{ ref('stg_hubspot__contact_property_history') }}
    ),

    identities as (
        select * from {{ ref('stg_crm__person_identities') }}
        where source_system = 'hubspot'
    ),

    status_map as (
        select * from {{ ref('hubspot_lead_status_map') }}
    ),

    status_changes as (
        select
            property_history.contact_id,
            lower(property_history.property_name) as property_name,
            {{ lead_funnel.normalise_enum('property_history.property_value') }} as property_value,
            property_history.changed_at
        from property_history
        where lower(property_history.property_name) in ('hs_lead_status', 'lifecyclestage')
    ),

    final as (
        -- one row per person, status and time (two properties may say the same at once)
        select distinct
            coalesce(
                identities.person_key,
                {{ lead_funnel.connector_person_key('hubspot', 'status_changes.contact_id') }}
            ) as lead_id,
            case
                when status_map.property_value is not null then status_map.status
                else status_changes.property_value
            end as status,
            status_changes.changed_at,
            cast(null as {{ dbt.type_string() }}) as reason,
            cast(null as {{ dbt.type_string() }}) as owner_id
        from status_changes
        left join status_map
            on
                status_changes.property_name = status_map.property_name
                and status_changes.property_value = status_map.property_value
        left join identities
            on status_changes.contact_id = identities.source_id
        where status_map.property_value is null or status_map.status is not null
    )

    select * from final
{%- else %}
    {{ lead_funnel.empty_contract_relation('lead_status_history') }}
{%- endif %}
