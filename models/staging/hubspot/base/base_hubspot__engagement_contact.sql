{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'engagement_contact')) }}
{#- One row per HubSpot `engagement_contact` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'engagement_contact'),
    [
        ('engagement_id', 'text'),
        ('contact_id', 'text')
    ],
    key=['engagement_id', 'contact_id'],
    order_by='engagement_id',
    soft_delete_markers=false,
    row_hash='typed'
) }}
