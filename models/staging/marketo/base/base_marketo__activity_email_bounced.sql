{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_email_bounced')) }}
{#- One row per Marketo `activity_email_bounced` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.marketo_activity_base('activity_email_bounced', [
    ('email_template_id', 'text')
]) }}
