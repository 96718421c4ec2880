{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'email_template_history')) }}
{#- One row per Marketo `email_template_history` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('marketo', 'email_template_history'),
    [
        ('email_template_id', 'text', ['id']),
        ('email_template_name', 'text', ['name']),
        ('template_version', 'text', ['version']),
        ('updated_at', 'timestamp')
    ],
    key=['email_template_id'],
    order_by='updated_at desc nulls last, template_version desc',
    soft_delete_markers=false,
    row_hash='typed'
) }}
