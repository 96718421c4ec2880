{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_open_email')) }}
{#- One row per Marketo `activity_open_email` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.marketo_activity_base('activity_open_email', [
    ('email_template_id', 'text')
]) }}
