{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_visit_webpage')) }}
{#- One row per Marketo `activity_visit_webpage` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.marketo_activity_base('activity_visit_webpage', [
    ('webpage_url', 'text', ['webpage_url', 'primary_attribute_value'])
]) }}
