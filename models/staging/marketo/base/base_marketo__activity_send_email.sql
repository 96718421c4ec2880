{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_send_email')) }}
{#- One row per Marketo `activity_send_email` row: typed, with its outcome (macro connector_base). -#}
{#- outcome_note: counted, not scored (not emitted as an activity) -#}
{{ lead_funnel.marketo_activity_base('activity_send_email', [
    ('email_template_id', 'text')
], outcome_note="'not_engagement'") }}
