{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_unsubscribe_email')) }}
{#- One row per Marketo `activity_unsubscribe_email` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.marketo_activity_base('activity_unsubscribe_email', [
    ('email_template_id', 'text')
]) }}
