{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'email_event_status_change')) }}
{#- One row per HubSpot `email_event_status_change` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'email_event_status_change'),
    [
        ('email_event_id', 'text', ['id']),
        ('subscription_status', 'text', ['portal_subscription_status']),
        ('change_source', 'text', ['source'])
    ],
    key=['email_event_id'],
    order_by='email_event_id',
    soft_delete_markers=false,
    row_hash='typed'
) }}
