{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_form_submission')) }}
{#- One row per HubSpot `contact_form_submission` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'contact_form_submission'),
    [
        ('conversion_id', 'text'),
        ('contact_id', 'text'),
        ('form_id', 'text'),
        ('page_url', 'text'),
        ('page_title', 'text', ['title']),
        ('submitted_at', 'timestamp', ['timestamp'])
    ],
    key=['conversion_id'],
    order_by='submitted_at desc nulls last',
    checks=['invalid_submitted_at'],
    soft_delete_markers=false,
    row_hash='typed'
) }}
