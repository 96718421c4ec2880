{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_property_history')) }}
{#- One row per HubSpot `contact_property_history` row: typed, with its outcome (macro connector_base). -#}
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
    row_hash='typed'
) }}
