{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_email_delivered')) }}
{#- One row per Marketo `activity_email_delivered` row: typed, with its outcome (macro connector_base). -#}
{#- outcome_note: counted, not scored (not emitted as an activity) -#}
{{ lead_funnel.marketo_activity_base('activity_email_delivered', [
    ('email_template_id', 'text')
], outcome_note="'not_engagement'") }}
