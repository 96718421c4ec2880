{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_delete_lead')) }}
{#- One row per Marketo `activity_delete_lead` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.marketo_activity_base('activity_delete_lead') }}
