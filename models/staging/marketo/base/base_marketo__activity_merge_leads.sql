{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_merge_leads')) }}
{#- One row per Marketo `activity_merge_leads` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.marketo_activity_base('activity_merge_leads', [
    ('merge_ids', 'text')
]) }}
