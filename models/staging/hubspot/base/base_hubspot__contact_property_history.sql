{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_property_history')) }}
{#-
    One row per HubSpot `contact_property_history` row: typed, with its outcome (macro
    connector_base). A value of a status property (those seed hubspot_lead_status_map lists:
    `hs_lead_status`, `lifecyclestage`) the seed does not list, such as a custom lifecycle stage's
    numeric id nobody mapped, is staged and noted `unmapped_status_value` (counted in
    stg_hubspot__row_outcomes; kept as it is downstream, an unknown status).
-#}
{%- set status_values -%}
select
    lower(property_name) as mapped_property_name,
    property_value as mapped_property_value
from {{ ref('hubspot_lead_status_map') }}
{%- endset -%}
{%- set outcome_note -%}
case
    when
        status_values.mapped_property_value is null
        and lower(typed.property_name) in (
            select lower(status_map.property_name) from {{ ref('hubspot_lead_status_map') }} as status_map
        )
        then 'unmapped_status_value'
end
{%- endset -%}
{{ lead_funnel.connector_base(
    source('hubspot', 'contact_property_history'),
    [
        ('contact_id', 'text'),
        ('property_name', 'text', ['name']),
        ('property_value', 'text', ['value']),
        ('change_source', 'text', ['source']),
        ('changed_at', 'timestamp', ['timestamp'])
    ],
    key=['contact_id', 'property_name', 'changed_at', 'property_value'],
    order_by='changed_at',
    soft_delete_markers=false,
    row_hash='typed',
    outcome_note=outcome_note,
    lookup={
        'name': 'status_values',
        'sql': status_values,
        'on': 'lower(typed.property_name) = status_values.mapped_property_name and '
            ~ lead_funnel.normalise_enum('typed.property_value') ~ ' = status_values.mapped_property_value'
    }
) }}
