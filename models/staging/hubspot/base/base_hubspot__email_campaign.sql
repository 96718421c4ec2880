{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'email_campaign')) }}
{#- One row per HubSpot `email_campaign` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'email_campaign'),
    [
        ('email_campaign_id', 'text', ['id']),
        ('email_campaign_name', 'text', ['name']),
        ('subject', 'text')
    ],
    key=['email_campaign_id'],
    order_by='email_campaign_id',
    soft_delete_markers=false,
    row_hash='typed'
) }}
