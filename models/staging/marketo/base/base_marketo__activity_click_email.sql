{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_click_email')) }}
{#- One row per Marketo `activity_click_email` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.marketo_activity_base('activity_click_email', [
    ('email_template_id', 'text'),
    ('link', 'text')
]) }}
