{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_open_email')) }}
{#- One row per Marketo `activity_open_email` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('marketo', 'activity_open_email'),
    [
        ('activity_id', 'text', ['id']),
        ('lead_id', 'text'),
        ('occurred_at', 'timestamp', ['activity_date']),
        ('campaign_id', 'text'),
        ('primary_attribute_value', 'text'),
        ('email_template_id', 'text')
    ],
    key=['activity_id'],
    order_by='occurred_at desc nulls last',
    checks=['invalid_occurred_at'],
    soft_delete_markers=false,
    row_hash='typed'
) }}
