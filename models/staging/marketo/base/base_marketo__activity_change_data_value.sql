{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_change_data_value')) }}
{#- One row per Marketo `activity_change_data_value` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.marketo_activity_base('activity_change_data_value', [
    ('new_value', 'text'),
    ('old_value', 'text'),
    ('reason', 'text')
]) }}
