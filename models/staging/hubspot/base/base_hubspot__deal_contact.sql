{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal_contact')) }}
{#- One row per HubSpot `deal_contact` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'deal_contact'),
    [
        ('deal_id', 'text'),
        ('contact_id', 'text')
    ],
    key=['deal_id', 'contact_id'],
    order_by='deal_id',
    soft_delete_markers=false,
    row_hash='typed'
) }}
