{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_fill_out_form')) }}
{#- One row per Marketo `activity_fill_out_form` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('marketo', 'activity_fill_out_form'),
    [
        ('activity_id', 'text', ['id']),
        ('lead_id', 'text'),
        ('occurred_at', 'timestamp', ['activity_date']),
        ('campaign_id', 'text'),
        ('primary_attribute_value', 'text'),
        ('form_name', 'text', ['form_name', 'primary_attribute_value']),
        ('webpage_url', 'text', ['webpage_url', 'referrer_url'])
    ],
    key=['activity_id'],
    order_by='occurred_at desc nulls last',
    checks=['invalid_occurred_at'],
    soft_delete_markers=false,
    row_hash='typed'
) }}
